"""Outbox: a failed message waits its backoff (next_attempt_at) or is given up on (failed_at) alone

Revision ID: b9de7b5d0d48
Revises: 6d86dff3adf1

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b9de7b5d0d48'
down_revision = '6d86dff3adf1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True))
    # Messages the old code had stopped trying (10 attempts) are the given-up ones now.
    op.execute("UPDATE outbox SET failed_at = created_at WHERE sent_at IS NULL AND attempts >= 10")



def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('failed_at')
        batch_op.drop_column('next_attempt_at')

