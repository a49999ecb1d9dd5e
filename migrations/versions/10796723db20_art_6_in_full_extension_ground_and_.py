"""art. 6 in full, extension ground and decider, late and partial-answer complaints

Revision ID: 10796723db20
Revises: b0b89cd9fe73
Create Date: 2026-11-29 18:31:17.893204

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '10796723db20'
down_revision = 'b0b89cd9fe73'
branch_labels = None
depends_on = None


def upgrade():
    # Existing rows get the defaults (no state secret, no recorded head, complaints on time), then the columns
    # lose their server defaults, as the models declare them.
    with op.batch_alter_table('info_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secret_may_restrict', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('extension_ground', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('extension_decided_by', sa.String(length=300), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('refusal_state_secret', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('request_complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('late', sa.Boolean(), nullable=False, server_default=sa.false()))
    if op.get_bind().dialect.name == "sqlite":
        return  # dropping a default rebuilds the table on SQLite, which rows of other tables point to; it is harmless
    with op.batch_alter_table('info_requests', schema=None) as batch_op:
        for column in ('secret_may_restrict', 'extension_decided_by', 'refusal_state_secret'):
            batch_op.alter_column(column, server_default=None)
    with op.batch_alter_table('request_complaints', schema=None) as batch_op:
        batch_op.alter_column('late', server_default=None)


def downgrade():
    with op.batch_alter_table('request_complaints', schema=None) as batch_op:
        batch_op.drop_column('late')

    with op.batch_alter_table('info_requests', schema=None) as batch_op:
        batch_op.drop_column('refusal_state_secret')
        batch_op.drop_column('extension_decided_by')
        batch_op.drop_column('extension_ground')
        batch_op.drop_column('secret_may_restrict')

