"""survey_responses.id auto-numbered on SQLite (INTEGER PRIMARY KEY); MariaDB keeps BIGINT

A database made by `make run` before this revision declared the key BIGINT, which SQLite never
auto-numbers, so every survey submission failed there. On MariaDB this revision changes nothing.

Revision ID: 0010_sqlite_big_ids
Revises: 0009_settlements
Create Date: 2026-12-05 16:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0010_sqlite_big_ids'
down_revision = '0009_settlements'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    # Batch mode rebuilds the table (copy, drop, rename), the only way SQLite changes a key.
    with op.batch_alter_table('survey_responses', recreate='always') as batch_op:
        batch_op.alter_column(
            'id', existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False
        )


def downgrade():
    pass
