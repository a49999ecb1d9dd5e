"""Electronic digital signatures (ЭЦП) with their trusted CAs, copies for signing of protocols, answer PDFs

Revision ID: ac2ebf4355e1
Revises: 4ff62b03be5c
Create Date: 2026-11-29 20:41:30.200401

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ac2ebf4355e1'
down_revision = '4ff62b03be5c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('esignatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_type', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('document_sha256', sa.String(length=64), nullable=False),
    sa.Column('document_lang', sa.String(length=2), nullable=False),
    sa.Column('cms', sa.LargeBinary(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('signer_name', sa.String(length=300), nullable=False),
    sa.Column('serial', sa.String(length=80), nullable=False),
    sa.Column('issuer', sa.Text(), nullable=False),
    sa.Column('algorithm', sa.String(length=40), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('signer_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['signer_id'], ['users.id'], name=op.f('fk_esignatures_signer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_esignatures')),
    sa.UniqueConstraint('record_type', 'record_id', 'role', name='one_esignature_per_role')
    )
    op.create_table('trusted_cas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('certificate', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('serial', sa.String(length=80), nullable=False),
    sa.Column('not_before', sa.DateTime(timezone=True), nullable=False),
    sa.Column('not_after', sa.DateTime(timezone=True), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_trusted_cas_added_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trusted_cas')),
    sa.UniqueConstraint('sha256', name=op.f('uq_trusted_cas_sha256'))
    )
    with op.batch_alter_table('hearing_protocols', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signing_copies', sa.JSON(), nullable=True))

    with op.batch_alter_table('info_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer_pdf_sha256', sa.String(length=64), nullable=True))



def downgrade():
    with op.batch_alter_table('info_requests', schema=None) as batch_op:
        batch_op.drop_column('answer_pdf_sha256')

    with op.batch_alter_table('hearing_protocols', schema=None) as batch_op:
        batch_op.drop_column('signing_copies')

    op.drop_table('trusted_cas')
    op.drop_table('esignatures')
