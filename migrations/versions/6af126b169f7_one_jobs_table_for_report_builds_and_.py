"""one jobs table for report builds and monitoring imports

Revision ID: 6af126b169f7
Revises: 9540162dc74f
Create Date: 2026-11-29 18:07:39.257208

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '6af126b169f7'
down_revision = '9540162dc74f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('input', sa.LargeBinary(), nullable=True),
    sa.Column('output', sa.LargeBinary(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('worker', sa.String(length=100), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_jobs_state')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_jobs_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index('ix_jobs_kind_state', ['kind', 'state', 'id'], unique=False)

    # Builds and imports were transient (their PDFs and results are re-made on demand): the old rows go.
    op.drop_table("report_builds")
    op.drop_table('import_jobs')


def downgrade():
    op.create_table('import_jobs',
    sa.Column('id', sa.INTEGER(), nullable=False),
    sa.Column('filename', sa.VARCHAR(length=255), nullable=False),
    sa.Column('status', sa.VARCHAR(length=10), nullable=False),
    sa.Column('total', sa.INTEGER(), nullable=False),
    sa.Column('processed', sa.INTEGER(), nullable=False),
    sa.Column('imported', sa.INTEGER(), nullable=False),
    sa.Column('updated', sa.INTEGER(), nullable=False),
    sa.Column('rejected', sa.JSON(), nullable=False),
    sa.Column('error', sa.VARCHAR(length=500), nullable=False),
    sa.Column('created_by_id', sa.INTEGER(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_import_jobs_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_jobs'))
    )
    op.create_table('report_builds',
    sa.Column('id', sa.INTEGER(), nullable=False),
    sa.Column('kind', sa.VARCHAR(length=20), nullable=False),
    sa.Column('concept', sa.VARCHAR(length=30), nullable=True),
    sa.Column('year', sa.INTEGER(), nullable=False),
    sa.Column('lang', sa.VARCHAR(length=2), nullable=False),
    sa.Column('status', sa.VARCHAR(length=10), nullable=False),
    sa.Column('error', sa.TEXT(), nullable=True),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('sha256', sa.VARCHAR(length=64), nullable=True),
    sa.Column('requested_by_id', sa.INTEGER(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('running', 'done', 'failed')", name=op.f('ck_report_builds_status')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_report_builds_requested_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_builds'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_jobs_kind_state')

    op.drop_table('jobs')
