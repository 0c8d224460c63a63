"""A run whose items cannot be read fails visibly (status failed, the error on the run) instead
of staying `materialising` forever, and can be started again once the cause is fixed."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError

from app.core.time import utcnow
from app.errors import Conflict
from app.extensions import db
from app.settlements import jobs as settlement_jobs
from app.settlements import service
from app.settlements.models import RunStatus, SettlementChunk, SettlementRun
from tests.settlements import ledger_kind
from tests.settlements.support import balances, ledger_counts

KINDS = ["test_credit", "test_credit_sql"]


def start(kind="test_credit"):
    return service.start_run(kind=kind, scope={"batch": "a"})


@pytest.mark.parametrize("kind", KINDS)
def test_a_permanent_materialise_error_fails_the_run_with_its_error(seed, small_chunks, kind):
    """No chunk, nothing posted, the error on the run, and the reconciler leaves it alone."""
    seed("a", users=10, per_user=2)
    ledger_kind.FAULTS["materialise"] = ValueError("source table renamed")
    run = start(kind)
    assert run.status == RunStatus.FAILED
    assert run.error == "ValueError: source table renamed"
    assert run.finished_at is not None and run.materialised_at is None
    described = service.describe_run(run)
    assert described["status"] == "failed" and described["error"] == run.error
    assert db.session.scalar(select(func.count()).select_from(SettlementChunk)) == 0
    assert ledger_counts()["transfers"] == 0
    assert settlement_jobs.reclaim_stale()["runs"] == []


def test_an_app_error_shows_its_code(seed, small_chunks):
    ledger_kind.FAULTS["materialise"] = Conflict("Not yet.", code="source_not_ready")
    assert start().error == "source_not_ready: Not yet."


@pytest.mark.parametrize("kind", KINDS)
def test_a_failed_start_is_started_again_by_the_next_start(seed, small_chunks, kind):
    """Once the cause is fixed, starting the same kind and scope runs it (same run, new
    generation) and credits every item once."""
    expected = seed("a", users=10, per_user=3)
    ledger_kind.FAULTS["materialise"] = ValueError("bad source")
    failed = start(kind)
    failed_id, failed_generation = failed.id, failed.generation
    ledger_kind.FAULTS.clear()
    again = start(kind)
    assert again.id == failed_id and again.generation == failed_generation + 1
    assert again.status == RunStatus.DONE and again.error is None
    assert balances(expected) == expected
    assert ledger_counts()["transfers"] == 30
    assert start(kind).status == RunStatus.DONE  # a done run is found, not run again
    assert ledger_counts()["transfers"] == 30


def test_retry_restarts_a_run_that_failed_before_its_items_were_read(
    factory, seed, small_chunks, db
):
    """POST /admin/settlements/{id}/retry: no longer refused for such a run; it settles."""
    expected = seed("a", users=5, per_user=2)
    ledger_kind.FAULTS["materialise"] = ValueError("bad source")
    union = factory.union_admin()
    started = union.post(
        "/api/v1/admin/settlements", json={"kind": "test_credit", "scope": {"batch": "a"}}
    )
    assert started.status_code == 202
    body = started.get_json()
    assert body["status"] == "failed" and body["error"] == "ValueError: bad source"
    ledger_kind.FAULTS.clear()
    retried = union.post(f"/api/v1/admin/settlements/{body['id']}/retry")
    assert retried.status_code == 202, retried.get_json()
    assert retried.get_json()["status"] == "done"
    assert balances(expected) == expected


def test_a_transient_materialise_error_leaves_the_run_for_the_reconciler(seed, small_chunks):
    """A lost connection is not the run's fault: it stays materialising without an error, and
    once its lease runs out the reconciler starts it again."""
    expected = seed("a", users=5, per_user=2)
    ledger_kind.FAULTS["materialise"] = OperationalError(
        "SELECT", {}, Exception(2013, "Lost connection")
    )
    run = start()
    assert run.status == RunStatus.MATERIALISING and run.error is None
    run_id, generation = run.id, run.generation
    ledger_kind.FAULTS.clear()
    db.session.execute(
        update(SettlementRun).values(lease_expires_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    assert settlement_jobs.reclaim_stale()["runs"] == [(run_id, generation + 1)]
    assert db.session.get(SettlementRun, run_id).status == RunStatus.DONE
    assert balances(expected) == expected
