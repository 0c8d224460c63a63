"""org: station details, station admin invites, audit log

Revision ID: 0002_org
Revises: 0001_foundation
Create Date: 2026-11-22 15:05:38.791047

"""
from alembic import op
import sqlalchemy as sa

import app.core.model


# revision identifiers, used by Alembic.
revision = '0002_org'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target_type', sa.String(length=32), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('association_id', sa.Integer(), nullable=True),
    sa.Column('station_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('created_at', app.core.model.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_log_actor_id_users')),
    sa.ForeignKeyConstraint(['association_id'], ['associations.id'], name=op.f('fk_audit_log_association_id_associations')),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_audit_log_station_id_stations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_association_created', ['association_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_station_id'), ['station_id'], unique=False)
        batch_op.create_index('ix_audit_log_target', ['target_type', 'target_id'], unique=False)

    op.create_table('station_admin_invites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.model.UTCDateTime(), nullable=False),
    sa.Column('expires_at', app.core.model.UTCDateTime(), nullable=False),
    sa.Column('claimed_at', app.core.model.UTCDateTime(), nullable=True),
    sa.Column('claimed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['claimed_by_id'], ['users.id'], name=op.f('fk_station_admin_invites_claimed_by_id_users')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_station_admin_invites_issued_by_id_users')),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_station_admin_invites_station_id_stations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_station_admin_invites')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_station_admin_invites_code_hash'))
    )
    with op.batch_alter_table('station_admin_invites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_station_admin_invites_station_id'), ['station_id'], unique=False)

    # server defaults fill the rows that exist before this migration.
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place_type', sa.String(length=32), nullable=False, server_default='other'))
        batch_op.add_column(sa.Column('address', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('contact_name', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('opening_hours', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('party_member_post', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('suspended_at', app.core.model.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('suspend_reason', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('updated_at', app.core.model.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
        batch_op.drop_column('suspend_reason')
        batch_op.drop_column('suspended_at')
        batch_op.drop_column('party_member_post')
        batch_op.drop_column('opening_hours')
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('contact_name')
        batch_op.drop_column('address')
        batch_op.drop_column('place_type')

    # Dropping a table drops its indexes (MariaDB refuses to drop an FK's index first).
    op.drop_table('station_admin_invites')
    op.drop_table('audit_log')
