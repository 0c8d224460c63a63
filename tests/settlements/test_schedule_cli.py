"""Periodic jobs as data, the leader-locked cron scheduler, and `flask settle`."""

import pytest
from sqlalchemy import func, select, text

from app.extensions import db
from app.settlements import jobs as settlement_jobs
from app.settlements.models import SettlementRun
from app.settlements.periodic import start_periodic
from tests.settlements.support import balances
from workers.schedule import PERIODIC_JOBS, build_scheduler


def test_periodic_jobs_have_fixed_ids_and_cover_every_periodic_settlement():
    ids = [job.id for job in PERIODIC_JOBS]
    assert len(ids) == len(set(ids))
    kinds = {job.kwargs.get("kind") for job in PERIODIC_JOBS}
    assert {"reconcile", "service_hours", "redemption_expiry"} <= kinds
    reclaim = next(job for job in PERIODIC_JOBS if job.func is settlement_jobs.reclaim_stale)
    assert reclaim.interval <= 60


def test_only_one_of_two_schedulers_enqueues(redis):
    """Two schedulers at once: the leader enqueues the due jobs, the other enqueues nothing."""
    first, second = build_scheduler(redis), build_scheduler(redis)
    enqueued_first = first.enqueue_jobs()
    enqueued_second = second.enqueue_jobs()
    interval_jobs = {job.id for job in PERIODIC_JOBS if job.interval}
    assert {job.name for job in enqueued_first} == interval_jobs
    assert "activities.close-forgotten-checkouts" in interval_jobs
    assert enqueued_second == []
    assert first.is_leader() and not second.is_leader()


def test_a_periodic_run_is_started_once_per_period():
    first = start_periodic("reconcile", "yesterday")
    second = start_periodic("reconcile", "yesterday")
    assert first == second
    assert db.session.scalar(select(func.count()).select_from(SettlementRun)) == 1
    assert db.session.get(SettlementRun, first).status == "done"


def test_a_periodic_kind_not_registered_here_is_skipped():
    assert start_periodic("no_such_kind", "yesterday") is None


def test_flask_settle_runs_a_kind_with_a_progress_bar(app, seed, small_chunks):
    expected = seed("cli", users=10, per_user=25)
    result = app.test_cli_runner().invoke(args=["settle", "test_credit", "--scope", "batch=cli"])
    assert result.exit_code == 0, result.output
    assert "chunks" in result.output
    assert "status done: 250/250 items" in result.output
    assert balances(expected) == expected


@pytest.mark.ledger_broken
def test_flask_settle_exits_non_zero_on_a_reconciliation_alert(app, seed):
    seed("cli2", users=1, per_user=1)
    app.test_cli_runner().invoke(args=["settle", "test_credit", "--scope", "batch=cli2"])
    db.session.execute(text("UPDATE point_accounts SET balance = balance + 5"))
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["settle", "reconcile", "--scope", "date=2026-01-02"]
    )
    assert result.exit_code == 1
    assert "alert: balance_matches_entries" in result.output
