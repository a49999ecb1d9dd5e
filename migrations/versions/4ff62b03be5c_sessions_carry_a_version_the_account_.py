"""Sessions carry a version the account can raise

Revision ID: 4ff62b03be5c
Revises: f64df7f5aacf
Create Date: 2026-11-29 20:38:51.649099

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4ff62b03be5c'
down_revision = 'f64df7f5aacf'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
