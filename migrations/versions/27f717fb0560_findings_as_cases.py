"""findings as cases

Revision ID: 27f717fb0560
Revises: cd4968d5aa58
Create Date: 2026-11-29 21:56:54

A finding becomes a case (open → sent → answered → closed, or reopened) with the body's answers in
``finding_answers``. The pack's new rule ``finding.response`` (10 working days) reaches an existing
database through ``db upgrade``, which loads the pack versions it lacks once it reaches the head.
"""
from alembic import op
import sqlalchemy as sa

revision = '27f717fb0560'
down_revision = 'cd4968d5aa58'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('finding_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('corrective_action', sa.Text(), nullable=False),
    sa.Column('file_stored_name', sa.String(length=64), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.Column('file_type', sa.String(length=100), nullable=True),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('file_sha256', sa.String(length=64), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_finding_answers_answered_by_id_users')),
    sa.ForeignKeyConstraint(['finding_id'], ['findings.id'], name=op.f('fk_finding_answers_finding_id_findings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_answers'))
    )
    with op.batch_alter_table('finding_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_answers_finding_id'), ['finding_id'], unique=False)

    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_state', sa.String(length=10), server_default='open', nullable=False))
        batch_op.add_column(sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('case_due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('answered_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_findings_case_state'), ['case_state'], unique=False)


def downgrade():
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_findings_case_state'))
        batch_op.drop_column('closed_at')
        batch_op.drop_column('answered_on')
        batch_op.drop_column('case_due_on')
        batch_op.drop_column('sent_at')
        batch_op.drop_column('case_state')

    with op.batch_alter_table('finding_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_answers_finding_id'))

    op.drop_table('finding_answers')
