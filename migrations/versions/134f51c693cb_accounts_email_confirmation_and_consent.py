"""accounts: e-mail confirmation and consent to the processing of personal data

Revision ID: 134f51c693cb
Revises: c8475c7cf8cb
Create Date: 2026-11-29 21:56:25

Registration now confirms the e-mail address (an unconfirmed account cannot sign in) and records
the consent to the processing of personal data. Every account that exists already counts as
confirmed (since it was made); its consent stays unknown (NULL).
"""
from alembic import op
import sqlalchemy as sa

revision = '134f51c693cb'
down_revision = 'c8475c7cf8cb'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('consented_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE users SET email_confirmed_at = created_at WHERE email_confirmed_at IS NULL")


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('consented_at')
        batch_op.drop_column('email_confirmed_at')
