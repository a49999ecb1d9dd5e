"""the biodiversity summary sent to the Government Office (AP-05)

Revision ID: e87fb5c3fc09
Revises: 891125245927
Create Date: 2026-11-29 19:09:34.788866

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e87fb5c3fc09'
down_revision = '891125245927'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plan_submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('concept', sa.String(length=30), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('link', sa.String(length=20), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=300), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_plan_submissions_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_submissions')),
    sa.UniqueConstraint('concept', 'year', 'link', name='uq_plan_submissions_link')
    )


def downgrade():
    op.drop_table('plan_submissions')
