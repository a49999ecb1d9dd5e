"""hearings.initiator_name_ru: the initiator's name in Russian, for the Russian notice and protocol

Revision ID: 7a1c3e9b2f40
Revises: 5d2f0c8e7a41
Create Date: 2026-11-30 01:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '7a1c3e9b2f40'
down_revision = '5d2f0c8e7a41'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hearings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('initiator_name_ru', sa.String(length=300), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('hearings', schema=None) as batch_op:
        batch_op.drop_column('initiator_name_ru')
