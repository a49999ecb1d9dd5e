"""signed chain heads, keyed by sequence number; no TRUNCATE of the log

Revision ID: 1f061148a8d3
Revises: 1fc6846ce215
Create Date: 2026-11-29 18:20:25.214924

A head is now identified by its sequence number (the id of the entry at the head), so it can be signed at any
time and more than once a day; several days that ended on the same entry keep the first day's row. The table is
rebuilt rather than altered, the same way on SQLite and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1f061148a8d3'
down_revision = '1fc6846ce215'
branch_labels = None
depends_on = None

NO_TRUNCATE = ("CREATE TRIGGER log_entries_no_truncate BEFORE TRUNCATE ON log_entries "
               "FOR EACH STATEMENT EXECUTE FUNCTION log_entries_append_only()")
OLD_COLUMNS = {"day": sa.Date(), "entry_id": sa.Integer(), "hash": sa.String(), "entries": sa.Integer(),
               "published_at": sa.DateTime(timezone=True)}


def _rows(order_by):
    table = sa.table("chain_heads", *(sa.column(name, type_) for name, type_ in OLD_COLUMNS.items()))
    query = sa.select(table).order_by(*(table.c[name] for name in order_by))
    return [dict(row) for row in op.get_bind().execute(query).mappings()]


def _common_columns():
    return [sa.Column('hash', sa.String(length=64), nullable=False),
            sa.Column('entries', sa.Integer(), nullable=False),
            sa.Column('published_at', sa.DateTime(timezone=True), nullable=False)]


def upgrade():
    first_of_each_head = {}
    for row in _rows(["day"]):
        first_of_each_head.setdefault(row["entry_id"], row)
    op.drop_table('chain_heads')
    heads = op.create_table('chain_heads',
    sa.Column('entry_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    *_common_columns(),
    sa.Column('signature', sa.String(length=88), nullable=True),
    sa.Column('key_id', sa.String(length=64), nullable=True),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('(signature IS NULL) = (key_id IS NULL) AND (signature IS NULL) = (signed_at IS NULL)',
                       name=op.f('ck_chain_heads_signed_whole')),
    sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_chain_heads'))
    )
    op.bulk_insert(heads, list(first_of_each_head.values()))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(NO_TRUNCATE)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS log_entries_no_truncate ON log_entries")
    last_of_each_day = {row["day"]: row for row in _rows(["day", "entry_id"])}
    op.drop_table('chain_heads')
    heads = op.create_table('chain_heads',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    *_common_columns(),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_chain_heads'))
    )
    op.bulk_insert(heads, list(last_of_each_day.values()))
