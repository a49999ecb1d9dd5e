"""every notice text in Kazakh and Russian

Revision ID: 6d86dff3adf1
Revises: e87fb5c3fc09
Create Date: 2026-11-29 19:16:14.201436

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6d86dff3adf1'
down_revision = 'e87fb5c3fc09'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hearings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('districts_ru', sa.String(length=500), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('initiator_contacts_ru', sa.String(length=500), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('developer_name_ru', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('expertise_body_ru', sa.String(length=300), nullable=False, server_default=''))

    # The Russian values of notices published before: empty, the register then shows the Kazakh one (the model's
    # in_language falls back); the column defaults go again, as the models declare none.
    if op.get_bind().dialect.name == "sqlite":
        return  # dropping a default rebuilds the table on SQLite, which rows of other tables point to; it is harmless
    with op.batch_alter_table('hearings', schema=None) as batch_op:
        for column in ('districts_ru', 'initiator_contacts_ru', 'developer_name_ru', 'expertise_body_ru'):
            batch_op.alter_column(column, server_default=None)


def downgrade():
    with op.batch_alter_table('hearings', schema=None) as batch_op:
        batch_op.drop_column('expertise_body_ru')
        batch_op.drop_column('developer_name_ru')
        batch_op.drop_column('initiator_contacts_ru')
        batch_op.drop_column('districts_ru')

