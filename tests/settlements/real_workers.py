"""Real `flask rq worker` processes on real Redis, for the worker and fault tests."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from app import create_app
from config import TestConfig

ROOT = Path(__file__).resolve().parents[2]
LOGS = Path("/tmp/settlement-test-logs")


def worker_env(redis_url: str, **extra) -> dict:
    env = {
        **os.environ,
        "APP_ENV": "test",
        "FLASK_APP": "wsgi",
        "TEST_DATABASE_URL": TestConfig.SQLALCHEMY_DATABASE_URI,
        "TEST_REDIS_URL": redis_url,
        "RQ_INLINE": "0",
        "SETTLEMENT_EXTRA_MODULES": "tests.settlements.ledger_kind",
        "PYTHONUNBUFFERED": "1",
    }
    env.update({key: str(value) for key, value in extra.items()})
    return env


def flask(args: list[str], env: dict, log_name: str) -> subprocess.Popen:
    """Start `flask ARGS` in its own process group (so a kill takes its children too)."""
    LOGS.mkdir(exist_ok=True)
    log = open(LOGS / f"{log_name}.log", "ab")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def kill_group(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def app_on(redis_url: str, **settings):
    """An app enqueuing to real Redis (not inline), on the test database."""

    class Config(TestConfig):
        REDIS_URL = redis_url
        RQ_INLINE = False
        # Flask-Limiter keeps one storage per Limiter, not per app: this second app would move
        # the test app's rate limits onto a Redis that the fault test shuts down.
        RATELIMIT_STORAGE_URI = TestConfig.REDIS_URL

    for key, value in settings.items():
        setattr(Config, key, value)
    return create_app(Config)


def wait_for(predicate, *, timeout: float, interval: float = 0.2, tick=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if tick is not None:
            tick()
        if predicate():
            return True
        time.sleep(interval)
    return False
