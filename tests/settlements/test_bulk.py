"""app.points.bulk.credit_many: a chunk of credits posted with set-based SQL keeps every ledger
invariant and posts each idempotency key once."""

import threading

import pytest
from sqlalchemy import text

from app.core.transactions import run_in_transaction
from app.errors import ValidationFailed
from app.extensions import db
from app.points.bulk import credit_many
from app.points.models import PointAccount, PointEntry, PointTransfer, SystemAccount
from app.points.reconcile import reconcile
from app.points.service import (
    IdempotencyKeyReused,
    account_balance,
    balance_of,
    credit_user,
    system_account,
)
from tests.settlements.support import make_users

SOURCE = SystemAccount.ADJUSTMENTS


def credits_for(users, keys_prefix="k", amounts=(5, 7, 11)):
    return [
        (user_id, amounts[n % len(amounts)], f"{keys_prefix}:{n}", "bulk test", "test", str(n))
        for n, user_id in enumerate(users)
    ]


def test_a_chunk_posts_balanced_transfers_and_balances_equal_their_entries():
    """Each credit is one transfer with two entries summing to zero; each balance is the sum of
    its entries, and balance_after runs on in order for a user credited twice."""
    users = make_users(3, "bulk_a")
    credits = credits_for(users + [users[0]])  # users[0] is credited twice
    posted = run_in_transaction(lambda: credit_many(source=SOURCE, credits=credits))

    assert posted == 4
    assert db.session.query(PointTransfer).count() == 4
    assert reconcile() == []
    assert balance_of(users[0]) == 5 + 5
    assert balance_of(users[1]) == 7
    wallet = db.session.query(PointAccount).filter_by(user_id=users[0]).one()
    afters = [
        e.balance_after
        for e in db.session.query(PointEntry)
        .filter_by(account_id=wallet.id)
        .order_by(PointEntry.id)
    ]
    assert afters == [5, 10]
    sink = system_account(SOURCE)
    sink_afters = [
        e.balance_after
        for e in db.session.query(PointEntry).filter_by(account_id=sink.id).order_by(PointEntry.id)
    ]
    assert sink_afters == [None, None, None, None]  # a system account keeps no running total
    assert account_balance(sink) == -28  # its row plus its shards


def test_a_rerun_of_the_same_chunk_posts_nothing():
    """Keys already posted are skipped: the second call posts 0 and moves no points."""
    users = make_users(4, "bulk_b")
    credits = credits_for(users)
    run_in_transaction(lambda: credit_many(source=SOURCE, credits=credits))
    again = run_in_transaction(lambda: credit_many(source=SOURCE, credits=credits))

    assert again == 0
    assert db.session.query(PointTransfer).count() == 4
    assert sum(balance_of(u) for u in users) == 5 + 7 + 11 + 5


def test_bulk_and_single_credits_share_idempotency_keys():
    """A key posted by credit_user is skipped by credit_many, and a key posted by credit_many is a
    replay for credit_user (the request hashes agree)."""
    users = make_users(2, "bulk_c")
    run_in_transaction(
        lambda: credit_user(
            user_id=users[0],
            amount=5,
            source=SOURCE,
            idempotency_key="k:0",
            reason="bulk test",
            reference_type="test",
            reference_id="0",
        )
    )
    posted = run_in_transaction(lambda: credit_many(source=SOURCE, credits=credits_for(users)))
    replay = run_in_transaction(
        lambda: credit_user(
            user_id=users[1],
            amount=7,
            source=SOURCE,
            idempotency_key="k:1",
            reason="bulk test",
            reference_type="test",
            reference_id="1",
        )
    )
    assert posted == 1
    assert replay.replayed is True
    assert balance_of(users[0]) == 5 and balance_of(users[1]) == 7


def test_a_key_reused_for_a_different_credit_is_refused_whole():
    """Same key, different amount: 409 idempotency_key_reused, and nothing of the chunk posts."""
    users = make_users(2, "bulk_d")
    run_in_transaction(lambda: credit_many(source=SOURCE, credits=credits_for(users[:1])))
    changed = [(users[1], 1, "k:new", "x", None, None), (users[0], 99, "k:0", "x", "test", "0")]
    with pytest.raises(IdempotencyKeyReused):
        run_in_transaction(lambda: credit_many(source=SOURCE, credits=changed))
    assert db.session.query(PointTransfer).count() == 1
    assert balance_of(users[1]) == 0


@pytest.mark.parametrize("amount", [0, -3, 2.5, True])
def test_a_bad_amount_is_refused_before_anything_is_written(amount):
    users = make_users(1, f"bulk_e{amount}")
    with pytest.raises(ValidationFailed):
        run_in_transaction(
            lambda: credit_many(source=SOURCE, credits=[(users[0], amount, "k", "x", None, None)])
        )
    assert db.session.scalar(text("SELECT COUNT(*) FROM point_transfers")) == 0


@pytest.mark.mariadb
def test_two_chunks_over_the_same_wallets_at_once_lose_nothing(app):
    """Two threads post chunks that credit the same users at the same moment: every credit lands
    once and the books balance (row locks in id order, deadlocks retried)."""
    users = make_users(200, "bulk_f")
    barrier = threading.Barrier(2)
    errors = []

    def post(prefix):
        with app.app_context():
            try:
                barrier.wait()
                run_in_transaction(
                    lambda: credit_many(source=SOURCE, credits=credits_for(users, prefix, (3,)))
                )
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=post, args=(p,)) for p in ("x", "y")]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert errors == []
    assert all(balance_of(u) == 6 for u in users)
    assert reconcile() == []
    assert account_balance(system_account(SOURCE)) == -6 * 200
