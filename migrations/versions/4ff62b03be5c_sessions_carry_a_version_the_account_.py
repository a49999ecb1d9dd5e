"""Sessions carry a version the account can raise

Revision ID: 4ff62b03be5c
Revises: 6d86dff3adf1
Create Date: 2026-11-29 20:38:51.649099

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4ff62b03be5c'
down_revision = '6d86dff3adf1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
