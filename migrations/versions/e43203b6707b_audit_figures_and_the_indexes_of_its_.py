"""audit figures and the indexes of its pages

The findings counted by year, region, body, rule and kind of record, and the records with an open finding of each
rule family by year and region (filled here from the findings already stored; then rebuilt by every full run and
kept in step by the live re-checks), so that the dashboard reads a few hundred rows instead of counting hundreds of
thousands of findings on every request. An index in the findings list's order, one on each finding's record (which every act's live re-check reads),
and indexes from which the year's
hearings of each region are counted without reading the rows.

Revision ID: e43203b6707b
Revises: 558d4d02b6dd
Create Date: 2026-11-29 23:59:03.766218

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e43203b6707b'
down_revision = '558d4d02b6dd'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.String(length=8), nullable=False),
    sa.Column('subject_type', sa.String(length=30), nullable=False),
    sa.Column('findings', sa.Integer(), nullable=False),
    sa.Column('open', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_figures')),
    sa.UniqueConstraint('year', 'region_id', 'body_id', 'rule_id', 'subject_type', name='uq_audit_figures_key')
    )
    op.create_table('audit_violating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('family', sa.String(length=4), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_violating')),
    sa.UniqueConstraint('year', 'region_id', 'family', name='uq_audit_violating_key')
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index('ix_findings_list', [sa.literal_column('year DESC'), 'rule_id', 'id'], unique=False)
        batch_op.create_index('ix_findings_subject', ['subject_type', 'subject_id'], unique=False)

    with op.batch_alter_table('hearings', schema=None) as batch_op:
        batch_op.create_index('ix_hearings_audit_facts', ['state', 'region_id', 'form', 'hearing_date', 'survey_end', 'notice_on', 'protocol_published_on'], unique=False)

    with op.batch_alter_table('monitored_hearings', schema=None) as batch_op:
        batch_op.create_index('ix_monitored_hearings_facts', ['hearing_date', 'region_id', 'notice_published_on', 'protocol_published_on'], unique=False)

    op.execute("INSERT INTO audit_figures (year, region_id, body_id, rule_id, subject_type, findings, open) "
               "SELECT year, COALESCE(region_id, 0), COALESCE(body_id, 0), rule_id, subject_type, COUNT(*), "
               "COUNT(*) - COUNT(cured_at) FROM findings "
               "GROUP BY year, COALESCE(region_id, 0), COALESCE(body_id, 0), rule_id, subject_type")
    op.execute("INSERT INTO audit_violating (year, region_id, family, records) "
               "SELECT year, region_id, family, COUNT(*) FROM (SELECT DISTINCT year, COALESCE(region_id, 0) AS region_id, "
               "SUBSTR(rule_id, 1, 2) AS family, subject_type, subject_id FROM findings WHERE cured_at IS NULL) AS r "
               "GROUP BY year, region_id, family")


def downgrade():
    with op.batch_alter_table('monitored_hearings', schema=None) as batch_op:
        batch_op.drop_index('ix_monitored_hearings_facts')

    with op.batch_alter_table('hearings', schema=None) as batch_op:
        batch_op.drop_index('ix_hearings_audit_facts')

    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index('ix_findings_subject')
        batch_op.drop_index('ix_findings_list')

    op.drop_table('audit_violating')
    op.drop_table('audit_figures')
