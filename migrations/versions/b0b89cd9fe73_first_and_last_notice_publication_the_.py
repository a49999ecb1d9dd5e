"""first and last notice publication, the protocol's two signers

Revision ID: b0b89cd9fe73
Revises: 6af126b169f7
Create Date: 2026-11-29 18:26:11.873222

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b0b89cd9fe73'
down_revision = '6af126b169f7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hearing_protocols', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chair_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('secretary_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_hearing_protocols_chair_id_users'), 'users', ['chair_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_hearing_protocols_secretary_id_users'), 'users',
                                    ['secretary_id'], ['id'])
    # Protocols signed before: whoever signed each role is its signer; one person who signed both stays on record
    # as chair only (the log keeps both signatures).
    op.execute("UPDATE hearing_protocols SET chair_id = chair_signed_by_id")
    op.execute("UPDATE hearing_protocols SET secretary_id = secretary_signed_by_id "
               "WHERE secretary_signed_by_id IS NULL OR chair_signed_by_id IS NULL "
               "OR secretary_signed_by_id != chair_signed_by_id")
    with op.batch_alter_table('hearing_protocols', schema=None) as batch_op:
        batch_op.create_check_constraint(
            'two_signers', 'chair_id IS NULL OR secretary_id IS NULL OR chair_id != secretary_id')
        batch_op.create_check_constraint(
            'chair_signs', 'chair_id IS NULL OR chair_signed_by_id IS NULL OR chair_signed_by_id = chair_id')
        batch_op.create_check_constraint(
            'secretary_signs',
            'secretary_id IS NULL OR secretary_signed_by_id IS NULL OR secretary_signed_by_id = secretary_id')

    with op.batch_alter_table('hearings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notice_first_on', sa.Date(), nullable=True))
    # notice_on was the first publication; it becomes the last required one (portal = the day the documents
    # opened, media in Kazakh, media in Russian), and the first moves to notice_first_on.
    op.execute("UPDATE hearings SET notice_first_on = notice_on")
    first = ("(SELECT min(m.published_on) FROM hearing_media_notices m "
             "WHERE m.hearing_id = hearings.id AND m.language IN ('{}', 'both'))")
    latest = "GREATEST" if op.get_bind().dialect.name == "postgresql" else "max"
    op.execute(f"UPDATE hearings SET notice_on = CASE WHEN documents_on IS NULL OR {first.format('kk')} IS NULL "
               f"OR {first.format('ru')} IS NULL THEN NULL "
               f"ELSE {latest}(documents_on, {first.format('kk')}, {first.format('ru')}) END "
               "WHERE notice_published_at IS NOT NULL")


def downgrade():
    op.execute("UPDATE hearings SET notice_on = notice_first_on WHERE notice_first_on IS NOT NULL")
    with op.batch_alter_table('hearings', schema=None) as batch_op:
        batch_op.drop_column('notice_first_on')

    with op.batch_alter_table('hearing_protocols', schema=None) as batch_op:
        batch_op.drop_constraint('secretary_signs', type_='check')
        batch_op.drop_constraint('chair_signs', type_='check')
        batch_op.drop_constraint('two_signers', type_='check')
        batch_op.drop_constraint(batch_op.f('fk_hearing_protocols_secretary_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_hearing_protocols_chair_id_users'), type_='foreignkey')
        batch_op.drop_column('secretary_id')
        batch_op.drop_column('chair_id')
