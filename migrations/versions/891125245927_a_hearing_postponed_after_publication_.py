"""a hearing postponed after publication stays public

Revision ID: 891125245927
Revises: 1f061148a8d3
Create Date: 2026-11-29 18:52:07.371118

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '891125245927'
down_revision = '1f061148a8d3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hearings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_published_at', sa.DateTime(timezone=True), nullable=True))
    # Hearings postponed before this revision lost their publication instant; the log still has it.
    op.execute("UPDATE hearings SET first_published_at = notice_published_at WHERE notice_published_at IS NOT NULL")



def downgrade():
    with op.batch_alter_table('hearings', schema=None) as batch_op:
        batch_op.drop_column('first_published_at')

