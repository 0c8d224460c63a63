"""Settlement jobs run by a real `flask rq worker` on real Redis (db 7)."""

import os
import subprocess
import sys
import time

import pytest
import redis as redis_lib
from sqlalchemy import text

from app.extensions import db
from app.settlements import service
from tests.settlements.real_workers import ROOT, app_on, flask, kill_group, worker_env
from tests.settlements.support import balances, ledger_counts

pytestmark = [pytest.mark.slow, pytest.mark.mariadb]  # worker processes on one database
REDIS_URL = os.environ.get("SETTLEMENT_WORKER_REDIS_URL", "redis://127.0.0.1:6379/7")


@pytest.fixture
def worker_redis():
    client = redis_lib.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()


def burst_worker(**settings) -> None:
    env = worker_env(REDIS_URL, **settings)
    process = flask(["rq", "worker", "--burst", "settlements"], env, "burst")
    try:
        assert process.wait(timeout=120) == 0
    finally:
        kill_group(process)


def test_a_real_worker_settles_an_enqueued_run(seed, worker_redis):
    expected = seed("rw", users=200, per_user=15)
    app = app_on(REDIS_URL)
    with app.app_context():
        run = service.start_run(kind="test_credit", scope={"batch": "rw"})
        assert run.status == "pending"
        assert worker_redis.llen("rq:queue:settlements") == 1
        burst_worker(SETTLEMENT_CHUNK_SIZE=500)
        db.session.expire_all()
        described = service.describe_run(service.get_run(run.id))
    assert described["status"] == "done"
    assert described["progress"]["chunks_done"] == 6
    assert balances(expected) == expected
    assert ledger_counts()["transfers"] == 3000


def test_the_same_run_enqueued_from_two_processes_at_once_settles_once(seed, worker_redis):
    """Two processes start and enqueue the same run at the same moment: one run, one start job,
    every credit once."""
    expected = seed("twice", users=300, per_user=10)
    start_at = f"{time.time() + 4:.3f}"
    env = worker_env(REDIS_URL)
    racers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.settlements.race_start", "twice", start_at],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    run_ids = [racer.communicate(timeout=60)[0].strip() for racer in racers]
    assert all(racer.returncode == 0 for racer in racers)
    assert run_ids[0] == run_ids[1]
    assert worker_redis.llen("rq:queue:settlements") == 1  # the second enqueue was a no-op

    burst_worker()
    assert db.session.scalar(text("SELECT COUNT(*) FROM settlement_runs")) == 1
    assert db.session.scalar(text("SELECT status FROM settlement_runs")) == "done"
    assert balances(expected) == expected
    assert ledger_counts()["transfers"] == 3000
