"""What /readyz checks: the database and its migrations, Redis, the RQ queues, the scheduler's
beat and the last ledger reconciliation. Each check answers a small dict of facts (counts, ages,
revision ids), never a URL, a password or anyone's data."""

import json
import time
from dataclasses import dataclass, field
from typing import Any

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import func, inspect, select, text

from app.core.time import as_utc
from app.extensions import db, get_redis

# Written by the scheduler that holds the leader lock, at every wake-up (at least once a minute).
SCHEDULER_BEAT_KEY = "wanganlian:cron:beat"


def record_scheduler_beat(connection, name: str) -> None:
    """Called by the leading scheduler (workers/schedule.py) each time it wakes."""
    connection.set(SCHEDULER_BEAT_KEY, json.dumps({"name": name, "at": time.time()}))


@dataclass
class Check:
    ok: bool
    facts: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"ok": self.ok, **self.facts}


def check_database() -> Check:
    """The database answers, and its schema is at the newest migration."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = set()
            if inspect(connection).has_table("alembic_version"):
                current = set(connection.scalars(text("SELECT version_num FROM alembic_version")))
    except Exception as error:  # whatever the driver raises; only its class is reported
        return Check(False, {"error": type(error).__name__})
    heads = set(_script().get_heads())
    pending = current != heads
    return Check(
        not pending,
        {
            "revision": sorted(current)[0] if len(current) == 1 else sorted(current) or None,
            "head": sorted(heads)[0] if len(heads) == 1 else sorted(heads),
            "migrations_pending": pending,
        },
    )


def _script() -> ScriptDirectory:
    return ScriptDirectory(current_app.extensions["migrate"].directory)


def check_redis() -> Check:
    try:
        get_redis().ping()
    except Exception as error:
        return Check(False, {"error": type(error).__name__})
    return Check(True)


def check_queues() -> Check:
    """Jobs waiting per queue and the age of the oldest; too old means the workers lag or died."""
    if current_app.config.get("RQ_INLINE"):
        return Check(True, {"mode": "inline"})
    limit = current_app.config["READYZ_MAX_QUEUE_AGE_SECONDS"]
    try:
        queues = {name: _queue_facts(name) for name in queue_names()}
    except Exception as error:
        return Check(False, {"error": type(error).__name__})
    late = [name for name, facts in queues.items() if facts["oldest_age_seconds"] > limit]
    return Check(not late, {"max_age_seconds": limit, "late": late, "queues": queues})


def queue_names() -> list[str]:
    """Every queue RQ knows in this Redis (a queue appears at its first enqueue)."""
    from rq import Queue

    return sorted(queue.name for queue in Queue.all(connection=get_redis()))


def _queue_facts(name: str) -> dict:
    from rq import Queue
    from rq.job import Job

    queue = Queue(name, connection=get_redis())
    age = 0
    for job_id in queue.get_job_ids(0, 1):
        job = Job.fetch(job_id, connection=get_redis())
        if job.enqueued_at is not None:
            age = max(0, int(time.time() - job.enqueued_at.timestamp()))
    return {"backlog": queue.count, "oldest_age_seconds": age}


def check_scheduler() -> Check:
    """The leading scheduler wrote its beat recently; with jobs inline there is no scheduler."""
    if current_app.config.get("RQ_INLINE"):
        return Check(True, {"mode": "inline"})
    limit = current_app.config["READYZ_MAX_SCHEDULER_BEAT_AGE_SECONDS"]
    try:
        raw = get_redis().get(SCHEDULER_BEAT_KEY)
    except Exception as error:
        return Check(False, {"error": type(error).__name__})
    if raw is None:
        return Check(False, {"last_beat_age_seconds": None, "max_age_seconds": limit})
    age = max(0, int(time.time() - json.loads(raw)["at"]))
    return Check(age <= limit, {"last_beat_age_seconds": age, "max_age_seconds": limit})


def last_reconciliation() -> dict | None:
    """The newest finished ledger reconciliation run: when, and how many problems it found."""
    from app.settlements.models import RunStatus, SettlementAlert, SettlementRun

    run = db.session.scalars(
        select(SettlementRun)
        .where(SettlementRun.kind == "reconcile", SettlementRun.status == RunStatus.DONE)
        .order_by(SettlementRun.finished_at.desc(), SettlementRun.id.desc())
        .limit(1)
    ).first()
    if run is None:
        return None
    problems = db.session.scalar(
        select(func.count()).select_from(SettlementAlert).where(SettlementAlert.run_id == run.id)
    )
    return {
        "run_id": run.id,
        "date": run.scope.get("date"),
        "finished_at": as_utc(run.finished_at).isoformat() if run.finished_at else None,
        "problems": int(problems or 0),
    }


def check_reconciliation() -> Check:
    """The last nightly reconciliation found nothing wrong (none yet is not a failure)."""
    try:
        last = last_reconciliation()
    except Exception as error:
        db.session.rollback()
        return Check(False, {"error": type(error).__name__})
    finally:
        db.session.remove()
    if last is None:
        return Check(True, {"last_run": None})
    return Check(last["problems"] == 0, {"last_run": last})


def readiness() -> tuple[bool, dict]:
    """Every check; ready only when all pass. Queue, scheduler and reconciliation need the
    database and Redis, so they are skipped (and count as failed) when those are down."""
    checks = {"database": check_database(), "redis": check_redis()}
    if checks["redis"].ok:
        checks["queues"] = check_queues()
        checks["scheduler"] = check_scheduler()
    if checks["database"].facts.get("error") is None:
        checks["reconciliation"] = check_reconciliation()
    ready = all(check.ok for check in checks.values()) and len(checks) == 5
    return ready, {name: check.as_dict() for name, check in checks.items()}
