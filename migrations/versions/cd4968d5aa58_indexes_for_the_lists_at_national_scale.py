"""indexes for the lists at national scale

Revision ID: cd4968d5aa58
Revises: 4b7c2e91a0d5
Create Date: 2026-11-29 22:13:52

Found by EXPLAIN ANALYZE at 100,000 hearings + 100,000 requests + 1,000,000 comments on PostgreSQL
(bench/explain.py): the public list and the API (newest first) scanned and sorted every hearing and counted
them from the rows; a body's page and the officers' list of their akimat's hearings, and a body's findings,
scanned their whole tables.
"""
from alembic import op

revision = 'cd4968d5aa58'
down_revision = '4b7c2e91a0d5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_hearings_listed', 'hearings', ['starts_on', 'id'], unique=False)
    op.create_index('ix_hearings_akimat', 'hearings', ['akimat_id', 'starts_on', 'id'], unique=False)
    op.create_index('ix_hearings_visible', 'hearings', ['state', 'first_published_at'], unique=False)
    op.create_index('ix_findings_body', 'findings', ['body_id', 'rule_id'], unique=False)


def downgrade():
    op.drop_index('ix_findings_body', table_name='findings')
    op.drop_index('ix_hearings_visible', table_name='hearings')
    op.drop_index('ix_hearings_akimat', table_name='hearings')
    op.drop_index('ix_hearings_listed', table_name='hearings')
