"""users: guardian consent recorded by a station admin

An under-14's guardian consent is recorded by an admin of the minor's station, with the
guardian's name and relation and the admin who recorded it; the minor can no longer grant it.

Revision ID: 0013_guardian_consent
Revises: 0012_campaign_admissions
Create Date: 2026-12-05 16:29:26.883771

"""
from alembic import op
import sqlalchemy as sa

import app.core.model


# revision identifiers, used by Alembic.
revision = '0013_guardian_consent'
down_revision = '0012_campaign_admissions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guardian_name', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('guardian_relation', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('guardian_consent_recorded_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_users_guardian_consent_recorded_by_id_users'), 'users', ['guardian_consent_recorded_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_guardian_consent_recorded_by_id_users'), type_='foreignkey')
        batch_op.drop_column('guardian_consent_recorded_by_id')
        batch_op.drop_column('guardian_relation')
        batch_op.drop_column('guardian_name')

