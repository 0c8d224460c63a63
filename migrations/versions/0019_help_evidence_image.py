"""help: a photo of evidence on a help request

The reporter attaches a photo (a screenshot of the fraud …) stored privately, as hours evidence
is; only the reporter and the request's handlers can fetch it.

Revision ID: 0019_help_evidence_image
Revises: 0017_station_coordinates
Create Date: 2026-12-06 00:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_help_evidence_image'
down_revision = '0017_station_coordinates'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evidence_image_file', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_column('evidence_image_file')
