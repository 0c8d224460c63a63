"""System accounts keep their balance in shards: transfers never update one hot row, the
balance is the row plus its shards, reconcile proves it, and a cold start creates the accounts
once under concurrency."""

import threading

import pytest
from sqlalchemy import func, select, text

from app.extensions import db
from app.points import service as points
from app.points.models import SHARDS, PointAccount, PointAccountShard, PointEntry, SystemAccount
from app.points.reconcile import reconcile
from tests.points.factories import fund


def quiz_rewards() -> PointAccount:
    return db.session.scalar(select(PointAccount).where(PointAccount.code == "quiz_rewards"))


def test_a_credit_moves_a_shard_not_the_system_accounts_row(factory):
    """Crediting a wallet leaves quiz_rewards' own balance row at 0; its shards carry the -30,
    its entries carry no running balance, and reconcile is clean."""
    user = factory.user()
    fund(user.id, 10)
    fund(user.id, 20)
    source = quiz_rewards()
    assert source.balance == 0
    shards = db.session.scalars(
        select(PointAccountShard.balance).where(PointAccountShard.account_id == source.id)
    ).all()
    assert len(shards) == SHARDS and sum(shards) == -30
    assert points.account_balance(source) == -30
    afters = db.session.scalars(
        select(PointEntry.balance_after).where(PointEntry.account_id == source.id)
    ).all()
    assert afters == [None, None]
    assert points.balance_of(user.id) == 30
    assert reconcile() == []


def test_every_system_account_is_created_with_its_shards_at_first_use(factory):
    """The first credit creates all system accounts at once, each with SHARDS shards, and a
    wallet gets none."""
    fund(factory.user().id, 5)
    codes = set(db.session.scalars(select(PointAccount.code).where(PointAccount.code.isnot(None))))
    assert codes == {str(code) for code in SystemAccount}
    counts = dict(
        db.session.execute(
            select(PointAccountShard.account_id, func.count()).group_by(
                PointAccountShard.account_id
            )
        ).all()
    )
    assert len(counts) == len(SystemAccount) and set(counts.values()) == {SHARDS}


@pytest.mark.ledger_broken
def test_a_corrupted_shard_is_named_by_reconcile(app, factory):
    """One shard off by 7 makes the system account's derived balance differ from its entries:
    reconcile names the account and the CLI exits 1."""
    fund(factory.user().id, 10)
    source = quiz_rewards()
    db.session.execute(
        text(
            "UPDATE point_account_shards SET balance = balance + 7 WHERE account_id = :id"
            " AND shard = 3"
        ),
        {"id": source.id},
    )
    db.session.commit()
    problems = reconcile()
    assert [(p.check, p.table, p.row_id) for p in problems] == [
        ("balance_matches_entries", "point_accounts", source.id)
    ]
    assert "-3" in problems[0].detail and "-10" in problems[0].detail
    assert app.test_cli_runner().invoke(args=["points", "reconcile"]).exit_code == 1


@pytest.mark.ledger_broken
def test_a_shard_beside_a_wallet_is_named_by_reconcile(factory):
    """A wallet's limit is checked on its one row: a shard holding balance beside it is named."""
    user = factory.user()
    fund(user.id, 10)
    wallet = points.wallet_for(user.id)
    db.session.add(PointAccountShard(account_id=wallet.id, shard=0, balance=0))
    db.session.commit()
    assert [(p.check, p.row_id) for p in reconcile()] == [("wallet_unsharded", wallet.id)]


@pytest.mark.mariadb
def test_a_cold_start_under_concurrency_creates_each_system_account_once(app, factory):
    """32 first credits at once on empty books (no system account yet): all succeed, each
    system account exists once, and the books reconcile."""
    user_ids = [factory.user().id for _ in range(32)]
    assert quiz_rewards() is None
    db.session.commit()
    barrier = threading.Barrier(len(user_ids))
    errors = []

    def credit(user_id):
        with app.app_context():
            barrier.wait()
            try:
                fund(user_id, 3)
            except Exception as error:
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=credit, args=(u,)) for u in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert db.session.scalar(
        select(func.count()).select_from(PointAccount).where(PointAccount.code.isnot(None))
    ) == len(SystemAccount)
    assert points.account_balance(quiz_rewards()) == -3 * 32
    assert reconcile() == []
