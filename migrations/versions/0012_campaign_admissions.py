"""quizzes: admissions by a campaign's own code

A login carrying a quiz campaign's entrance scene admits the user to that campaign, whatever
station or association they belong to.

Revision ID: 0012_campaign_admissions
Revises: 0011_attendance_recorded_by
Create Date: 2026-12-05 16:23:11.826653

"""
from alembic import op
import sqlalchemy as sa

import app.core.model


# revision identifiers, used by Alembic.
revision = '0012_campaign_admissions'
down_revision = '0011_attendance_recorded_by'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('quiz_campaign_admissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('admitted_at', app.core.model.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['quiz_campaigns.id'], name=op.f('fk_quiz_campaign_admissions_campaign_id_quiz_campaigns')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_quiz_campaign_admissions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_campaign_admissions')),
    sa.UniqueConstraint('campaign_id', 'user_id', name=op.f('uq_quiz_campaign_admissions_campaign_id_user_id'))
    )
    with op.batch_alter_table('quiz_campaign_admissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_campaign_admissions_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('quiz_campaign_admissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_campaign_admissions_user_id'))

    op.drop_table('quiz_campaign_admissions')
