"""findings as cases

Revision ID: 27f717fb0560
Revises: 4b7c2e91a0d5
Create Date: 2026-11-29 21:56:54

A finding becomes a case (open → sent → answered → closed, or reopened) with the body's answers in
``finding_answers``. A database whose kz-default pack is already loaded gets the pack's new rule
``finding.response`` (10 working days) here, as loading the shipped pack would add it.
"""
import datetime

from alembic import op
import sqlalchemy as sa

revision = '27f717fb0560'
down_revision = '4b7c2e91a0d5'
branch_labels = None
depends_on = None

RESPONSE = {
    "pack": "kz-default", "code": "finding.response", "direction": "forward", "unit": "working", "length": 10,
    "legal_basis_kk": "Сақталуын аудиттеу тәртібі: жауапты орган анықталған бұзушылықты алған күннен бастап "
                      "10 жұмыс күні ішінде жауап береді",
    "legal_basis_ru": "Порядок аудита соблюдения: ответственный орган отвечает в течение 10 рабочих дней со дня "
                      "получения выявленного нарушения",
    "legal_basis_en": "Compliance audit procedure: the responsible body answers within 10 working days of "
                      "receiving the finding",
    "title_kk": "Органның анықталған бұзушылыққа жауабы", "title_ru": "Ответ органа на выявленное нарушение",
    "title_en": "The body's answer to an audit finding",
    "trigger_kk": "бұзушылық органға жолданған күн", "trigger_ru": "дата направления нарушения органу",
    "trigger_en": "finding sent to the body",
}


def upgrade():
    op.create_table('finding_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('corrective_action', sa.Text(), nullable=False),
    sa.Column('file_stored_name', sa.String(length=64), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.Column('file_type', sa.String(length=100), nullable=True),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('file_sha256', sa.String(length=64), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_finding_answers_answered_by_id_users')),
    sa.ForeignKeyConstraint(['finding_id'], ['findings.id'], name=op.f('fk_finding_answers_finding_id_findings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_answers'))
    )
    with op.batch_alter_table('finding_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_answers_finding_id'), ['finding_id'], unique=False)

    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_state', sa.String(length=10), server_default='open', nullable=False))
        batch_op.add_column(sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('case_due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('answered_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_findings_case_state'), ['case_state'], unique=False)

    bind = op.get_bind()
    loaded = bind.execute(sa.text("SELECT count(*) FROM rule_versions WHERE pack = 'kz-default'")).scalar()
    present = bind.execute(sa.text("SELECT count(*) FROM rule_versions WHERE pack = 'kz-default' "
                                   "AND code = 'finding.response'")).scalar()
    if loaded and not present:
        rule_versions = sa.table("rule_versions", *[sa.column(name) for name in RESPONSE],
                                 sa.column("effective_from", sa.Date), sa.column("updated_at", sa.DateTime(timezone=True)))
        op.execute(rule_versions.insert().values(**RESPONSE, effective_from=datetime.date(2007, 1, 1),
                                                 updated_at=datetime.datetime.now(datetime.timezone.utc)))


def downgrade():
    op.execute("DELETE FROM rule_versions WHERE pack = 'kz-default' AND code = 'finding.response'")
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_findings_case_state'))
        batch_op.drop_column('closed_at')
        batch_op.drop_column('answered_on')
        batch_op.drop_column('case_due_on')
        batch_op.drop_column('sent_at')
        batch_op.drop_column('case_state')

    with op.batch_alter_table('finding_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_answers_finding_id'))

    op.drop_table('finding_answers')
