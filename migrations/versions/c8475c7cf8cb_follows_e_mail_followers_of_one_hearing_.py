"""follows: e-mail followers of one hearing or request

Revision ID: c8475c7cf8cb
Revises: 27f717fb0560
Create Date: 2026-11-29 21:58:00.200913

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c8475c7cf8cb'
down_revision = '27f717fb0560'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_type', sa.String(length=10), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('locale', sa.String(length=2), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("subject_type IN ('hearing', 'request')", name=op.f('ck_follows_subject_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follows')),
    sa.UniqueConstraint('email', 'subject_type', 'subject_id', name='uq_follows_email_subject'),
    sa.UniqueConstraint('token', name=op.f('uq_follows_token'))
    )
    with op.batch_alter_table('follows', schema=None) as batch_op:
        batch_op.create_index('ix_follows_subject', ['subject_type', 'subject_id'], unique=False)



def downgrade():
    with op.batch_alter_table('follows', schema=None) as batch_op:
        batch_op.drop_index('ix_follows_subject')

    op.drop_table('follows')
