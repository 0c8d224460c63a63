"""The fault test: 100,000 credits settled by real `flask rq worker`s on a real Redis while the
workers are SIGKILLed at random points (5+ times), one of their database connections is killed
and Redis is restarted. The books must equal a fault-free run: no duplicate transfer, no missing
item, a clean reconciliation.

Runs on its own Redis server (port 6390, no persistence, so a restart loses every queued job),
never on the shared one."""

import contextlib
import random
import shutil
import subprocess
import time

import pymysql
import pytest
import redis as redis_lib
from sqlalchemy import text

from app.extensions import db
from app.points.reconcile import reconcile
from app.settlements import engine, service
from app.settlements import jobs as settlement_jobs
from tests.settlements.real_workers import app_on, flask, kill_group, wait_for, worker_env
from tests.settlements.support import balances

pytestmark = [pytest.mark.slow, pytest.mark.mariadb]  # worker processes on one database
PORT = 6390
REDIS_URL = f"redis://127.0.0.1:{PORT}/0"
USERS, PER_USER = 10_000, 10
KILLS = 6
WORKER_SETTINGS = {"SETTLEMENT_CHUNK_SIZE": 1000, "SETTLEMENT_LEASE_SECONDS": 4}


def start_redis() -> None:
    subprocess.run(
        [
            "redis-server",
            "--port",
            str(PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--dir",
            "/tmp",
        ],
        check=True,
    )
    assert wait_for(lambda: _ping(), timeout=10)


def stop_redis() -> None:
    subprocess.run(["redis-cli", "-p", str(PORT), "shutdown", "nosave"], capture_output=True)
    assert wait_for(lambda: not _ping(), timeout=10)


def _ping() -> bool:
    try:
        return redis_lib.Redis(port=PORT, socket_connect_timeout=0.5).ping()
    except redis_lib.exceptions.ConnectionError:
        return False


@pytest.fixture
def own_redis():
    assert shutil.which("redis-server"), "redis-server is needed for the fault test"
    if _ping():
        stop_redis()
    start_redis()
    yield
    stop_redis()


def kill_a_worker_db_connection(database: str) -> bool:
    """KILL one connection of the workers that is running a statement right now."""
    admin = pymysql.connect(host="127.0.0.1", user="root", autocommit=True)
    try:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = %s AND COMMAND = 'Query'"
                " AND ID <> CONNECTION_ID() AND INFO LIKE %s",
                (database, "%point_%"),
            )
            row = cursor.fetchone()
            if row:
                cursor.execute(f"KILL {int(row[0])}")
                return True
    finally:
        admin.close()
    return False


def settled_fraction(run_id: int) -> float:
    db.session.expire_all()
    described = service.describe_run(service.get_run(run_id))
    return (described["progress"]["percent"] or 0) / 100


@pytest.mark.parametrize("kind", ["test_credit", "test_credit_sql"])
def test_settlement_survives_killed_workers_a_killed_connection_and_a_redis_restart(
    seed, own_redis, kind
):
    # The fault-free reference: the same credits to another set of users, settled inline.
    reference = seed("ref", users=USERS, per_user=PER_USER)
    run = service.start_run(kind="test_credit", scope={"batch": "ref"})
    assert run.status == "done"
    expected = seed("fault", users=USERS, per_user=PER_USER)
    settled_reference = balances(reference)
    reference_balances = [settled_reference[user] for user in sorted(reference)]

    app = app_on(REDIS_URL)
    env = worker_env(REDIS_URL, **WORKER_SETTINGS)
    database = db.engine.url.database
    workers = [flask(["rq", "worker", "settlements"], env, f"fault-{n}") for n in range(2)]
    faults = {"sigkill": 0, "db_kill": 0, "redis_restart": 0}
    rng = random.Random(20260913)
    try:
        with app.app_context():
            run = service.start_run(kind=kind, scope={"batch": "fault"})
            run_id = run.id
            next_kill = time.monotonic() + rng.uniform(1.0, 4.0)
            last_reclaim = time.monotonic()

            def supervise():
                """systemd's part (restart dead workers), cron's (reclaim) and the chaos."""
                nonlocal next_kill, last_reclaim
                for n, process in enumerate(workers):
                    if process.poll() is not None:
                        workers[n] = flask(["rq", "worker", "settlements"], env, f"fault-{n}")
                now = time.monotonic()
                if now - last_reclaim > 3:
                    with contextlib.suppress(redis_lib.exceptions.ConnectionError):
                        settlement_jobs.reclaim_stale()
                    last_reclaim = now
                progress = settled_fraction(run_id)
                if faults["db_kill"] == 0 and progress > 0.2:
                    faults["db_kill"] += kill_a_worker_db_connection(database)
                if faults["redis_restart"] == 0 and progress > 0.4:
                    stop_redis()
                    time.sleep(1)
                    start_redis()
                    faults["redis_restart"] = 1
                posting = progress > 0
                if (
                    now > next_kill
                    and faults["sigkill"] < KILLS
                    and (posting or faults["sigkill"] < 2)
                ):
                    victim = rng.randrange(len(workers))
                    kill_group(workers[victim])
                    faults["sigkill"] += 1
                    # Far enough apart that a restarted worker gets some work done in between.
                    next_kill = now + rng.uniform(2.0, 6.0)

            finished = wait_for(
                lambda: service.get_run(run_id).status in ("done", "failed"),
                timeout=400,
                interval=0.1,
                tick=supervise,
            )
            assert finished, service.describe_run(service.get_run(run_id))
            db.session.expire_all()
            described = service.describe_run(service.get_run(run_id))
    finally:
        for process in workers:
            kill_group(process)

    print(f"faults injected: {faults}")
    assert faults["sigkill"] >= 5 and faults["db_kill"] == 1 and faults["redis_restart"] == 1
    assert described["status"] == "done", described
    assert described["progress"]["items_done"] == USERS * PER_USER
    # Some chunks were really interrupted and run again.
    assert (
        db.session.scalar(
            text(f"SELECT MAX(attempts) FROM settlement_chunks WHERE run_id = {run_id}")
        )
        > 1
    )
    fault_balances = balances(expected)
    assert fault_balances == expected
    assert [fault_balances[user] for user in sorted(expected)] == reference_balances
    # No duplicate transfer, no missing item.
    assert (
        db.session.scalar(
            text("SELECT COUNT(*) FROM point_transfers WHERE reference_type = 'test_credit'")
        )
        == 2 * USERS * PER_USER
    )
    assert (
        db.session.scalar(
            text(
                "SELECT COUNT(*) FROM settlement_items i LEFT JOIN point_transfers t"
                f" ON t.idempotency_key = CONCAT('settle:{kind}:', i.item_key)"
                f" WHERE i.run_id = {run_id} AND t.id IS NULL"
            )
        )
        == 0
    )
    assert reconcile() == []
    assert engine.finish_run(run_id) is False  # closed once
