"""Set-based settlement: items materialised with one INSERT ... SELECT, chunks posted straight
from settlement_items (app.points.bulk_sql.credit_items), with the ledger's every invariant."""

import threading

import pytest
from sqlalchemy import select, text

from app.extensions import db
from app.points.models import SystemAccount
from app.points.reconcile import reconcile
from app.points.service import credit_user
from app.settlements import engine, service
from app.settlements.models import RunStatus, SettlementItem
from tests.settlements.support import balances, ledger_counts

# The set-based path is MariaDB SQL (INSERT ... SELECT, UPDATE ... JOIN); SQLite goes item by item.
pytestmark = pytest.mark.mariadb


def start(batch="a", kind="test_credit_sql", **kwargs):
    return service.start_run(kind=kind, scope={"batch": batch}, **kwargs)


def items_of(run_id):
    return db.session.execute(
        select(
            SettlementItem.item_key,
            SettlementItem.chunk_no,
            SettlementItem.amount,
            SettlementItem.user_id,
            SettlementItem.reference_type,
            SettlementItem.reference_id,
        )
        .where(SettlementItem.run_id == run_id)
        .order_by(SettlementItem.id)
    ).all()


def balance_after_runs_on():
    """Per wallet, in entry order, balance_after is the running sum of its entries (a system
    account's entries carry none: NULL)."""
    rows = db.session.execute(
        text("SELECT account_id, amount, balance_after FROM point_entries ORDER BY id")
    ).all()
    running: dict[int, int] = {}
    wrong = []
    for account_id, amount, after in rows:
        if after is None:
            continue
        running[account_id] = running.get(account_id, 0) + amount
        if running[account_id] != after:
            wrong.append((account_id, after, running[account_id]))
    return wrong


def test_a_set_based_run_posts_every_item_once_with_running_balances(seed, small_chunks):
    """Several chunks crediting the same wallets: balances, balance_after per entry and the
    reconciliation all agree, and each transfer carries settle:<kind>:<item_key>."""
    expected = seed("a", users=30, per_user=10)
    run = start()

    assert run.status == RunStatus.DONE and run.chunks_total == 3
    assert balances(expected) == expected
    assert ledger_counts()["transfers"] == 300 and ledger_counts()["entries"] == 600
    assert balance_after_runs_on() == []
    assert reconcile() == []
    missing = db.session.scalar(
        text(
            "SELECT COUNT(*) FROM settlement_items i LEFT JOIN point_transfers t"
            " ON t.idempotency_key = CONCAT('settle:test_credit_sql:', i.item_key)"
            " WHERE i.run_id = :r AND (t.id IS NULL OR t.amount <> i.amount)"
        ),
        {"r": run.id},
    )
    assert missing == 0


def test_sql_materialising_gives_the_items_python_would(seed, small_chunks):
    """Same keys, order, chunks, amounts and references as the row-by-row materialiser."""
    seed("a", users=25, per_user=9)
    by_sql = start(kind="test_credit_sql", enqueue=False)
    by_python = start(kind="test_credit", enqueue=False)
    engine.prepare_run(by_sql.id)
    engine.prepare_run(by_python.id)
    assert items_of(by_sql.id) == items_of(by_python.id)
    assert len(items_of(by_sql.id)) == 225


def test_a_set_based_credit_is_a_replay_for_the_single_credit_with_its_key(seed, small_chunks):
    """The request hash computed in SQL is the one credit_user computes: the same credit again
    through the ledger service moves nothing."""
    seed("a", users=5, per_user=2)
    run = start()
    item = items_of(run.id)[0]
    before = ledger_counts()["transfers"]
    result = credit_user(
        user_id=item.user_id,
        amount=item.amount,
        source=SystemAccount.ADJUSTMENTS,
        idempotency_key=f"settle:test_credit_sql:{item.item_key}",
        reason="test settlement",
        reference_type=item.reference_type,
        reference_id=item.reference_id,
    )
    db.session.commit()
    assert result.replayed is True
    assert ledger_counts()["transfers"] == before


def test_credits_posted_before_the_run_are_skipped_not_repeated(seed, small_chunks):
    """A chunk some of whose keys are already in the ledger posts only the others."""
    expected = seed("a", users=20, per_user=5)
    first = db.session.execute(
        text("SELECT id, user_id, amount FROM settle_test_credits ORDER BY id LIMIT 1")
    ).one()
    credit_user(
        user_id=first.user_id,
        amount=first.amount,
        source=SystemAccount.ADJUSTMENTS,
        idempotency_key=f"settle:test_credit_sql:credit:{first.id}",
        reason="test settlement",
        reference_type="test_credit",
        reference_id=str(first.id),
    )
    db.session.commit()
    run = start()
    assert run.status == RunStatus.DONE
    assert ledger_counts()["transfers"] == 100
    assert balances(expected) == expected
    assert balance_after_runs_on() == [] and reconcile() == []


def test_an_item_for_an_unknown_user_fails_its_chunk_and_writes_nothing(seed, small_chunks):
    """A foreign-key failure is permanent: the chunk is failed whole, the run failed."""
    seed("a", users=10, per_user=3)
    db.session.execute(
        text("INSERT INTO settle_test_credits (batch, user_id, amount) VALUES ('a', 999999, 5)")
    )
    db.session.commit()
    run = start()
    assert run.status == RunStatus.FAILED
    assert ledger_counts()["transfers"] == 0 and ledger_counts()["entries"] == 0
    assert reconcile() == []


def test_two_set_based_chunks_over_the_same_wallets_at_once_lose_nothing(seed, small_chunks, app):
    """Two threads post the two chunks of a run at the same moment, every wallet in both: the
    books are exact and balance_after is right in entry order."""
    expected = seed("a", users=100, per_user=2)
    run = start(enqueue=False)
    assert engine.prepare_run(run.id) == [(0, 1), (1, 1)]
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def post(chunk_no):
        with app.app_context():
            try:
                barrier.wait()
                outcomes.append(engine.settle_chunk(run.id, chunk_no).status)
            except Exception as error:  # reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=post, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sorted(outcomes) == ["done", "done"]
    db.session.expire_all()
    assert balances(expected) == expected
    assert ledger_counts()["transfers"] == 200
    assert balance_after_runs_on() == [] and reconcile() == []
