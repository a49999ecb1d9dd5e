"""Search reads a stored tsvector (PostgreSQL); indexes for the officers' pages

Revision ID: 558d4d02b6dd
Revises: 134f51c693cb
"""
from alembic import op


revision = '558d4d02b6dd'
down_revision = '134f51c693cb'
branch_labels = None
depends_on = None

# PostgreSQL only: the words of a search document are stored once (a generated column) and indexed, instead of an
# index on an expression that ranking had to compute again for every match.
POSTGRES_UP = [
    "DROP INDEX IF EXISTS search_fts_tsv",
    "ALTER TABLE search_documents ADD COLUMN search_fts_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', title || ' ' || body)) STORED",
    "CREATE INDEX search_fts_tsv ON search_documents USING gin (search_fts_vector)",
]
POSTGRES_DOWN = [
    "ALTER TABLE search_documents DROP COLUMN IF EXISTS search_fts_vector",
    "CREATE INDEX search_fts_tsv ON search_documents USING gin (to_tsvector('simple', title || ' ' || body))",
]


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_UP:
            op.execute(statement)
    op.create_index('ix_hearings_akimat_due', 'hearings', ['akimat_id', 'protocol_due_on', 'id'], unique=False)
    op.create_index('ix_hearings_creator_due', 'hearings', ['created_by_id', 'protocol_due_on', 'id'], unique=False)
    # the inbox's order from the index alone: the id joins the state and due date
    op.drop_index('ix_info_requests_inbox', table_name='info_requests')
    op.create_index('ix_info_requests_inbox', 'info_requests', ['holder_id', 'state', 'due_on', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_info_requests_inbox', table_name='info_requests')
    op.create_index('ix_info_requests_inbox', 'info_requests', ['holder_id', 'state', 'due_on'], unique=False)
    op.drop_index('ix_hearings_creator_due', table_name='hearings')
    op.drop_index('ix_hearings_akimat_due', table_name='hearings')
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_DOWN:
            op.execute(statement)
