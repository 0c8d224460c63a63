"""attendance: who checked a volunteer in or out by hand

Check-in and check-out need the activity's scanned scene; a station admin may check a
volunteer in or out by hand instead, and the sign-up records which admin did.

Revision ID: 0011_attendance_recorded_by
Revises: 0010_sqlite_big_ids
Create Date: 2026-12-05 16:18:06.118774

"""
from alembic import op
import sqlalchemy as sa

import app.core.model


# revision identifiers, used by Alembic.
revision = '0011_attendance_recorded_by'
down_revision = '0010_sqlite_big_ids'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('activity_signups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checked_in_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('checked_out_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_activity_signups_checked_in_by_id_users'), 'users', ['checked_in_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_activity_signups_checked_out_by_id_users'), 'users', ['checked_out_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('activity_signups', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_activity_signups_checked_out_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_activity_signups_checked_in_by_id_users'), type_='foreignkey')
        batch_op.drop_column('checked_out_by_id')
        batch_op.drop_column('checked_in_by_id')
