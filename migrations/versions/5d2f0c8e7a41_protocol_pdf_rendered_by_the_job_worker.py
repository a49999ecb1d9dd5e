"""the protocol's PDFs are rendered by the job worker after publication: a published protocol may wait for them

Revision ID: 5d2f0c8e7a41
Revises: bc12388d4c98
Create Date: 2026-11-29 23:58:00.000000

"""
from alembic import op


revision = '5d2f0c8e7a41'
down_revision = 'bc12388d4c98'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hearing_protocols', schema=None) as batch_op:
        batch_op.drop_constraint('published_has_pdf', type_='check')


def downgrade():
    with op.batch_alter_table('hearing_protocols', schema=None) as batch_op:
        batch_op.create_check_constraint('published_has_pdf', 'published_at IS NULL OR pdf_sha256_kk IS NOT NULL')
