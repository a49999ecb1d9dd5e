"""the statute's terms in the shipped rule texts

Revision ID: 4b7c2e91a0d5
Revises: 04ee9df62a4e
Create Date: 2026-11-29 21:20:00

Rule versions loaded before issue 18 keep the shipped wording «сұрату» / «заявитель» in the
database. Rewrite exactly those shipped texts to the statute's terms (сұрау салу, ақпарат
пайдаланушы, пользователь информации); a text an administrator has edited is left alone.
"""
from alembic import op
import sqlalchemy as sa

revision = '4b7c2e91a0d5'
down_revision = '04ee9df62a4e'
branch_labels = None
depends_on = None

# (column, shipped text, the statute's wording)
TEXTS = [
    ("title_kk", "Сұратуға жауап беру мерзімі", "Сұрау салуға жауап беру мерзімі"),
    ("trigger_kk", "сұрату тіркелген күн", "сұрау салу тіркелген күн"),
    ("title_kk", "Сұрату берушіге мерзімнің ұзартылғаны туралы хабарлау",
     "Ақпарат пайдаланушыға мерзімнің ұзартылғаны туралы хабарлау"),
    ("title_ru", "Уведомление заявителя о продлении срока", "Уведомление пользователя информации о продлении срока"),
    ("title_kk", "Сұратуды құзыретті иеленушіге жіберу (сұрату берушіге бір мезгілде хабарлау)",
     "Сұрау салуды құзыретті ақпарат иеленушіге жолдау, ақпарат пайдаланушыға бір мезгілде хабарлай отырып"),
    ("title_ru", "Перенаправление запроса компетентному обладателю (с одновременным уведомлением заявителя)",
     "Перенаправление запроса компетентному обладателю информации с одновременным уведомлением пользователя "
     "информации"),
]

rule_versions = sa.table("rule_versions", *[sa.column(name, sa.Text) for name in
                                            ("title_kk", "title_ru", "trigger_kk")])


def _rewrite(pairs):
    for column, old, new in pairs:
        op.execute(rule_versions.update().where(rule_versions.c[column] == old).values({column: new}))


def upgrade():
    _rewrite(TEXTS)


def downgrade():
    _rewrite([(column, new, old) for column, old, new in TEXTS])
