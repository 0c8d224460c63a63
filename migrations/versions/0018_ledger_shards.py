"""points: system account balances spread over shards; system accounts created up front

A system account (quiz rewards, service rewards, redemptions, …) may run negative, so it needs no
balance check and no single balance row that every transfer in the country updates. Its balance
is now its point_accounts row plus the sum of its rows in point_account_shards; a transfer
updates one shard at random. The system accounts and their shards are created here, so the
first quiz credit after a deploy no longer races to create `quiz_rewards`. A system account's
entries no longer carry a running balance_after (NULL).

Revision ID: 0018_ledger_shards
Revises: 0015_inspections
Create Date: 2026-12-06 01:20:00

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_ledger_shards'
down_revision = '0015_inspections'
branch_labels = None
depends_on = None

# Copied, not imported: a migration must not change when the application code does.
SHARDS = 16
SYSTEM_ACCOUNTS = (
    'adjustments', 'campaign_bonuses', 'quiz_rewards', 'redemptions', 'service_rewards',
    'survey_rewards',
)


def upgrade():
    op.create_table(
        'point_account_shards',
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('shard', sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column('balance', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['point_accounts.id'], name=op.f('fk_point_account_shards_account_id_point_accounts')),
        sa.PrimaryKeyConstraint('account_id', 'shard', name=op.f('pk_point_account_shards')),
    )
    with op.batch_alter_table('point_entries', schema=None) as batch_op:
        batch_op.alter_column('balance_after', existing_type=sa.BigInteger(), nullable=True)

    bind = op.get_bind()
    accounts = sa.table(
        'point_accounts',
        sa.column('id', sa.Integer), sa.column('code', sa.String),
        sa.column('balance', sa.BigInteger), sa.column('allow_negative', sa.Boolean),
        sa.column('created_at', sa.DateTime),
    )
    existing = set(bind.execute(sa.select(accounts.c.code).where(accounts.c.code.isnot(None))).scalars())
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    missing = [c for c in SYSTEM_ACCOUNTS if c not in existing]
    if missing:
        op.bulk_insert(accounts, [
            {'code': c, 'balance': 0, 'allow_negative': True, 'created_at': now} for c in missing
        ])
    # Existing balances stay in point_accounts.balance; the shards start at zero.
    ids = bind.execute(sa.select(accounts.c.id).where(accounts.c.allow_negative.is_(True))).scalars().all()
    shards = sa.table(
        'point_account_shards',
        sa.column('account_id', sa.Integer), sa.column('shard', sa.SmallInteger),
        sa.column('balance', sa.BigInteger),
    )
    if ids:
        op.bulk_insert(shards, [
            {'account_id': i, 'shard': n, 'balance': 0} for i in sorted(ids) for n in range(SHARDS)
        ])


def downgrade():
    # Fold the shards back into the one balance row before dropping them.
    op.execute(
        'UPDATE point_accounts SET balance = balance + COALESCE((SELECT SUM(s.balance)'
        ' FROM point_account_shards s WHERE s.account_id = point_accounts.id), 0)'
    )
    op.drop_table('point_account_shards')
    op.execute(
        'UPDATE point_entries SET balance_after = 0 WHERE balance_after IS NULL'
    )
    with op.batch_alter_table('point_entries', schema=None) as batch_op:
        batch_op.alter_column('balance_after', existing_type=sa.BigInteger(), nullable=False)
