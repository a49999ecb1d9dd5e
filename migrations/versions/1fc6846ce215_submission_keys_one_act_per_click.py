"""submission keys: one act per click

Revision ID: 1fc6846ce215
Revises: 10796723db20
Create Date: 2026-11-29 18:37:35.061018

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1fc6846ce215'
down_revision = '10796723db20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=300), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('status', sa.Integer(), nullable=True),
    sa.Column('body', sa.JSON(), nullable=True),
    sa.Column('location', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submissions')),
    sa.UniqueConstraint('scope', 'key', name='uq_submissions_scope_key')
    )


def downgrade():
    op.drop_table('submissions')
