"""log_pending: entries chained after their act's commit

Revision ID: bc12388d4c98
Revises: e43203b6707b
Create Date: 2026-11-29 23:56:05.527580

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bc12388d4c98'
down_revision = 'e43203b6707b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('log_pending',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.String(length=60), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_log_pending_actor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_log_pending'))
    )


def downgrade():
    op.drop_table('log_pending')
