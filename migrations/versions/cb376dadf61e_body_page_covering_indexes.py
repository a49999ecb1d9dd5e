"""a body page's figures from covering indexes: hearings by year, requests by year (issue 19, cold renders)

Revision ID: cb376dadf61e
Revises: 7a1c3e9b2f40
Create Date: 2026-11-30 01:18:28.079660

"""
from alembic import op
import sqlalchemy as sa


revision = 'cb376dadf61e'
down_revision = '7a1c3e9b2f40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hearings', schema=None) as batch_op:
        batch_op.drop_index('ix_hearings_akimat')
        batch_op.create_index('ix_hearings_akimat', ['akimat_id', 'starts_on', 'id', 'state', 'first_published_at'], unique=False)

    with op.batch_alter_table('info_requests', schema=None) as batch_op:
        batch_op.create_index('ix_info_requests_holder_figures', ['holder_id', 'year', 'state', 'registered_on', 'closed_on', 'due_on'], unique=False)


def downgrade():
    with op.batch_alter_table('info_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_info_requests_holder_figures')

    with op.batch_alter_table('hearings', schema=None) as batch_op:
        batch_op.drop_index('ix_hearings_akimat')
        batch_op.create_index('ix_hearings_akimat', ['akimat_id', 'starts_on', 'id'], unique=False)
