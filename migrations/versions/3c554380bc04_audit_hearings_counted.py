"""the audit's hearings counted, each (audit_counted) and by year and region (audit_hearings), filled (issue 19)

The dashboard read the year's hearings per region by counting them on every request.

Revision ID: 3c554380bc04
Revises: cb376dadf61e
Create Date: 2026-11-30 02:53:55.234485

"""
from alembic import op
import sqlalchemy as sa


revision = '3c554380bc04'
down_revision = 'cb376dadf61e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_counted',
    sa.Column('subject_type', sa.String(length=30), nullable=False),
    sa.Column('subject_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('notice', sa.Integer(), nullable=False),
    sa.Column('protocol', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('subject_type', 'subject_id', name=op.f('pk_audit_counted'))
    )
    op.create_table('audit_hearings',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('region_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('hearings', sa.Integer(), nullable=False),
    sa.Column('notices', sa.Integer(), nullable=False),
    sa.Column('protocols', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', 'region_id', name=op.f('pk_audit_hearings'))
    )
    _fill()


def _fill():
    """The hearings already there, counted as ``aarhus.audit.figures.rebuild_hearings`` counts them."""
    counted = sa.table('audit_counted', *(sa.column(c) for c in (
        'subject_type', 'subject_id', 'year', 'region_id', 'notice', 'protocol')))
    hearings = sa.table('hearings', *(sa.column(c) for c in (
        'id', 'state', 'form', 'survey_end', 'hearing_date', 'region_id', 'notice_on', 'protocol_published_on')))
    monitored = sa.table('monitored_hearings', *(sa.column(c) for c in (
        'id', 'hearing_date', 'region_id', 'notice_published_on', 'protocol_published_on')))
    h, m = hearings.c, monitored.c
    end_on = sa.case((h.form == 'survey', h.survey_end), else_=h.hearing_date)

    def one(posted):
        return sa.case((posted.is_not(None), 1), else_=0)

    columns = ['subject_type', 'subject_id', 'year', 'region_id', 'notice', 'protocol']
    op.execute(counted.insert().from_select(columns, sa.select(
        sa.literal_column("'hearing'"), h.id, sa.cast(sa.extract('year', end_on), sa.Integer),
        sa.func.coalesce(h.region_id, 0), one(h.notice_on), one(h.protocol_published_on))
        .where(h.state == 'published', end_on.is_not(None))))
    op.execute(counted.insert().from_select(columns, sa.select(
        sa.literal_column("'monitored_hearing'"), m.id, sa.cast(sa.extract('year', m.hearing_date), sa.Integer),
        sa.func.coalesce(m.region_id, 0), one(m.notice_published_on), one(m.protocol_published_on))
        .where(m.hearing_date.is_not(None))))
    c = counted.c
    op.execute(sa.table('audit_hearings', *(sa.column(n) for n in (
        'year', 'region_id', 'hearings', 'notices', 'protocols'))).insert().from_select(
        ['year', 'region_id', 'hearings', 'notices', 'protocols'],
        sa.select(c.year, c.region_id, sa.func.count(), sa.func.sum(c.notice), sa.func.sum(c.protocol))
        .group_by(c.year, c.region_id)))


def downgrade():
    op.drop_table('audit_hearings')
    op.drop_table('audit_counted')
