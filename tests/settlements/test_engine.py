"""The settlement engine called directly, jobs inline: every item once, whatever happens."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import OperationalError

from app.core.time import utcnow
from app.extensions import db
from app.points.reconcile import reconcile
from app.settlements import engine, service
from app.settlements import jobs as settlement_jobs
from app.settlements.models import ChunkStatus, RunStatus, SettlementChunk, SettlementRun
from tests.settlements import ledger_kind
from tests.settlements.support import balances, ledger_counts


def start(batch="a", kind="test_credit"):
    return service.start_run(kind=kind, scope={"batch": batch})


def chunk_rows(run_id):
    return db.session.execute(
        select(SettlementChunk.chunk_no, SettlementChunk.status, SettlementChunk.generation)
        .where(SettlementChunk.run_id == run_id)
        .order_by(SettlementChunk.chunk_no)
    ).all()


@pytest.mark.parametrize("kind", ["test_credit", "test_credit_single", "test_credit_sql"])
def test_a_run_credits_every_item_once_and_closes_done(seed, small_chunks, kind):
    """Bulk and item-by-item kinds alike: balances equal the source, one transfer per item."""
    expected = seed("a", users=40, per_user=6)
    run = start(kind=kind)

    assert run.status == RunStatus.DONE
    assert run.items_total == 240 and run.chunks_total == 3
    assert run.amount_total == sum(expected.values())
    assert balances(expected) == expected
    assert ledger_counts()["transfers"] == 240
    assert ledger_counts()["duplicate_references"] == 0
    assert reconcile() == []
    described = service.describe_run(run)
    assert described["progress"]["items_done"] == 240
    assert described["progress"]["percent"] == 100.0


def test_starting_the_same_run_twice_returns_the_existing_run(seed, small_chunks):
    expected = seed("a", users=10, per_user=3)
    first = start()
    second = start()
    assert second.id == first.id
    assert db.session.scalar(select(db.func.count()).select_from(SettlementRun)) == 1
    assert balances(expected) == expected


def test_a_redelivered_job_for_a_done_chunk_changes_nothing(seed, small_chunks):
    """Running a done chunk's job again is skipped; even a chunk forced back to pending posts
    nothing twice, because every credit carries its idempotency key."""
    expected = seed("a", users=50, per_user=2)
    run = start()
    assert settlement_jobs.settle_chunk(run.id, 0) == "skipped:0"

    db.session.execute(
        update(SettlementChunk)
        .where(SettlementChunk.run_id == run.id)
        .values(status=ChunkStatus.PENDING)
    )
    db.session.execute(
        update(SettlementRun).where(SettlementRun.id == run.id).values(status=RunStatus.RUNNING)
    )
    db.session.commit()
    for chunk_no, *_ in chunk_rows(run.id):
        engine.settle_chunk(run.id, chunk_no)

    assert ledger_counts()["transfers"] == 100
    assert balances(expected) == expected
    assert db.session.get(SettlementRun, run.id).status == RunStatus.DONE


# The fault is injected into test_credit_sql's set-based SQL, which only MariaDB runs.
@pytest.mark.parametrize(
    "kind",
    [
        "test_credit",
        "test_credit_single",
        pytest.param("test_credit_sql", marks=pytest.mark.mariadb),
    ],
)
def test_a_transient_failure_mid_chunk_leaves_nothing_half_written(seed, small_chunks, kind):
    """A lost connection on the 150th item: chunk 1 rolls back whole and goes back to pending;
    run again, it posts every item once."""
    expected = seed("a", users=50, per_user=4)
    source_ids = db.session.scalars(text("SELECT id FROM settle_test_credits ORDER BY id")).all()
    ledger_kind.FAULTS.update(
        kind=kind,
        on_item=f"credit:{source_ids[149]}",
        error=OperationalError("UPDATE", {}, Exception(2013, "Lost connection")),
    )
    run = start(kind=kind)

    statuses = [status for _, status, _ in chunk_rows(run.id)]
    assert statuses == ["done", "pending"]
    assert ledger_counts()["transfers"] == 100
    assert db.session.get(SettlementRun, run.id).status == RunStatus.RUNNING

    ledger_kind.FAULTS.clear()
    assert settlement_jobs.settle_chunk(run.id, 1) == "done:100"
    assert ledger_counts()["transfers"] == 200
    assert balances(expected) == expected
    assert db.session.get(SettlementRun, run.id).status == RunStatus.DONE


def test_a_permanent_failure_fails_the_chunk_and_the_run_loudly_then_retry_settles(
    seed, small_chunks, factory
):
    """A bug in a kind: the chunk is failed with its error, the others post, the run is failed;
    after the fix, a retry posts the failed chunk once."""
    expected = seed("a", users=50, per_user=4)
    source_ids = db.session.scalars(text("SELECT id FROM settle_test_credits ORDER BY id")).all()
    ledger_kind.FAULTS.update(
        kind="test_credit", on_item=f"credit:{source_ids[0]}", error=ValueError("bad rule")
    )
    run = start()

    assert run.status == RunStatus.FAILED
    described = service.describe_run(run)
    assert described["failures"] == [
        {"chunk_no": 0, "attempts": 1, "error": "ValueError: bad rule"}
    ]
    assert described["progress"]["items_done"] == 100
    assert ledger_counts()["transfers"] == 100
    assert balances(expected) != expected

    ledger_kind.FAULTS.clear()
    run = service.retry_failed(run=run)
    assert run.status == RunStatus.DONE
    assert balances(expected) == expected
    assert ledger_counts()["transfers"] == 200


@pytest.mark.mariadb  # two connections writing at once
def test_a_worker_that_lost_its_claim_posts_nothing(seed, small_chunks, app):
    """While a slow worker posts, its lease runs out and another claims the chunk: the slow one's
    transaction rolls back instead of committing a second time."""
    seed("a", users=20, per_user=1)
    run = service.start_run(kind="test_credit", scope={"batch": "a"}, enqueue=False)
    engine.prepare_run(run.id)
    original = ledger_kind.apply_many

    def steal_then_apply(items):
        with db.engine.begin() as other:
            other.execute(
                update(SettlementChunk)
                .where(SettlementChunk.run_id == run.id)
                .values(claim_token="someone-else")
            )
        original(items)

    kind = engine.KINDS["test_credit"]
    engine.KINDS["test_credit"] = type(kind)(**{**kind.__dict__, "apply_many": steal_then_apply})
    try:
        with pytest.raises(engine.LostClaim):
            engine.settle_chunk(run.id, 0)
    finally:
        engine.KINDS["test_credit"] = kind
    assert ledger_counts()["transfers"] == 0


def test_a_chunk_left_running_by_a_dead_worker_is_handed_out_again(seed, small_chunks):
    """A claim whose lease ran out is re-enqueued by the reconciler with a new job id."""
    expected = seed("a", users=30, per_user=5)
    run = service.start_run(kind="test_credit", scope={"batch": "a"}, enqueue=False)
    engine.prepare_run(run.id)
    # The dead worker claimed chunk 0 and vanished; chunks 1 and 2 never had a job (lost Redis).
    expired = utcnow() - timedelta(minutes=5)
    db.session.execute(
        update(SettlementChunk)
        .where(SettlementChunk.run_id == run.id, SettlementChunk.chunk_no == 0)
        .values(status=ChunkStatus.RUNNING, claim_token="dead", lease_expires_at=expired)
    )
    db.session.execute(update(SettlementChunk).values(enqueued_at=expired))
    db.session.commit()

    reclaimed = settlement_jobs.reclaim_stale()

    assert sorted(reclaimed["chunks"]) == [(run.id, 0, 2), (run.id, 1, 2)]
    assert db.session.get(SettlementRun, run.id).status == RunStatus.DONE
    assert balances(expected) == expected
    assert ledger_counts()["transfers"] == 150
    assert settlement_jobs.reclaim_stale() == {"runs": [], "chunks": [], "finished": []}


def test_a_live_claim_and_a_queued_job_are_left_alone(seed, small_chunks):
    seed("a", users=10, per_user=1)
    run = service.start_run(kind="test_credit", scope={"batch": "a"}, enqueue=False)
    engine.prepare_run(run.id)
    db.session.execute(
        update(SettlementChunk).values(
            status=ChunkStatus.RUNNING,
            claim_token="alive",
            lease_expires_at=utcnow() + timedelta(seconds=50),
        )
    )
    db.session.commit()
    assert settlement_jobs.reclaim_stale()["chunks"] == []


def test_a_run_whose_start_job_was_lost_is_started_by_the_reconciler(seed, small_chunks):
    expected = seed("a", users=10, per_user=2)
    run = service.start_run(kind="test_credit", scope={"batch": "a"}, enqueue=False)
    db.session.execute(update(SettlementRun).values(enqueued_at=utcnow() - timedelta(minutes=2)))
    db.session.commit()
    assert settlement_jobs.reclaim_stale()["runs"] == [(run.id, 2)]
    assert db.session.get(SettlementRun, run.id).status == RunStatus.DONE
    assert balances(expected) == expected


def test_a_chunk_that_keeps_failing_is_given_up_and_the_run_fails(seed, small_chunks, app):
    seed("a", users=10, per_user=1)
    run = service.start_run(kind="test_credit", scope={"batch": "a"}, enqueue=False)
    engine.prepare_run(run.id)
    db.session.execute(
        update(SettlementChunk).values(
            attempts=app.config["SETTLEMENT_MAX_ATTEMPTS"],
            enqueued_at=utcnow() - timedelta(minutes=2),
        )
    )
    db.session.commit()
    settlement_jobs.reclaim_stale()
    run = db.session.get(SettlementRun, run.id)
    assert run.status == RunStatus.FAILED
    assert "gave up" in service.describe_run(run)["failures"][0]["error"]


@pytest.mark.mariadb
def test_the_same_run_started_from_two_threads_at_once_settles_once(seed, small_chunks, app):
    expected = seed("a", users=60, per_user=5)
    barrier = threading.Barrier(2)
    run_ids, errors = [], []

    def go():
        with app.app_context():
            try:
                barrier.wait()
                run_ids.append(start().id)
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=go) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert errors == []
    assert run_ids[0] == run_ids[1]
    assert balances(expected) == expected
    assert ledger_counts()["transfers"] == 300


def test_materialising_twice_gives_the_same_items(seed, small_chunks):
    """An interrupted materialisation re-run keeps its items and chunk numbers (deterministic)."""
    seed("a", users=25, per_user=4)
    run = service.start_run(kind="test_credit", scope={"batch": "a"}, enqueue=False)
    engine.prepare_run(run.id)
    before = db.session.execute(text("SELECT item_key, chunk_no FROM settlement_items")).all()
    db.session.execute(text("DELETE FROM settlement_chunks"))
    db.session.execute(update(SettlementRun).values(status=RunStatus.PENDING, materialised_at=None))
    db.session.commit()
    engine.prepare_run(run.id)
    after = db.session.execute(text("SELECT item_key, chunk_no FROM settlement_items")).all()
    assert sorted(before) == sorted(after) and len(after) == 100


def test_transient_errors_are_told_from_permanent_ones():
    import redis

    assert engine.is_transient(OperationalError("x", {}, Exception(1213, "Deadlock")))
    assert engine.is_transient(redis.exceptions.ConnectionError("gone"))
    assert engine.is_transient(engine.LostClaim("taken"))
    assert not engine.is_transient(ValueError("bad rule"))
    assert not engine.is_transient(KeyError("user"))
