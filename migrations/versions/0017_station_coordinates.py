"""stations: coordinates for the nearby directory

A station's latitude and longitude in GCJ-02 (what wx.chooseLocation returns), so residents can
find the nearest station. Both or neither; existing stations have none until an admin sets them.

Revision ID: 0017_station_coordinates
Revises: 0014_console_login
Create Date: 2026-12-06 00:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_station_coordinates'
down_revision = '0014_console_login'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('latitude', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Double(), nullable=True))


def downgrade():
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.drop_column('longitude')
        batch_op.drop_column('latitude')
