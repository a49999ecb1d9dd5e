"""The full runs of the audit (the dashboard says when it last ran)

Revision ID: 04ee9df62a4e
Revises: ac2ebf4355e1
Create Date: 2026-11-29 20:37:31.455847

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '04ee9df62a4e'
down_revision = 'ac2ebf4355e1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trigger', sa.String(length=20), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('found', sa.Integer(), nullable=False),
    sa.Column('new', sa.Integer(), nullable=False),
    sa.Column('cured', sa.Integer(), nullable=False),
    sa.Column('reopened', sa.Integer(), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_audit_runs_started_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_runs'))
    )
    with op.batch_alter_table('audit_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_runs_started_at'), ['started_at'], unique=False)



def downgrade():
    with op.batch_alter_table('audit_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_runs_started_at'))

    op.drop_table('audit_runs')
