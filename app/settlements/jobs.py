"""Settlement jobs: plain functions taking ids, run by an RQ worker inside the app context (or
inline with the embedded default). The database holds what is done; these only say what to do
next. A job never swallows an exception: a transient one is retried by RQ with backoff, a
permanent one marks its chunk failed and fails the job without retries."""

import functools
import logging
import os
import socket
from datetime import timedelta

from flask import current_app
from rq import get_current_job
from rq.job import Job, JobStatus
from rq.registry import ScheduledJobRegistry

from app.core.queues import SETTLEMENT_JOB_TIMEOUT, SETTLEMENTS, TRANSIENT_RETRY, enqueue
from app.core.time import utcnow
from app.extensions import db, get_redis
from app.settlements import engine, recovery
from app.settlements.job_ids import chunk_job_id, start_job_id

log = logging.getLogger(__name__)


def worker_name() -> str:
    job = get_current_job()
    return f"{socket.gethostname()}:{os.getpid()}:{job.worker_name if job else 'inline'}"


def enqueue_start(run_id: int, generation: int):
    return enqueue(
        SETTLEMENTS,
        start_run,
        run_id,
        job_id=start_job_id(run_id, generation),
        unique=True,
        retry=TRANSIENT_RETRY,
        job_timeout=SETTLEMENT_JOB_TIMEOUT * 6,
    )


def enqueue_chunk(run_id: int, chunk_no: int, generation: int):
    return enqueue(
        SETTLEMENTS,
        settle_chunk,
        run_id,
        chunk_no,
        job_id=chunk_job_id(run_id, chunk_no, generation),
        unique=True,
        retry=TRANSIENT_RETRY,
        job_timeout=SETTLEMENT_JOB_TIMEOUT,
    )


def job(func):
    """A settlement job: a permanent failure is not retried, and in a worker each job ends with
    a fresh session (one poisoned by a lost connection must not break the next job). Inline, the
    caller's session is the request's and is left alone."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception as error:
            _fail_permanently_if(error)
            raise
        finally:
            if not current_app.config["RQ_INLINE"]:
                db.session.remove()

    return wrapper


def _fail_permanently_if(error: BaseException) -> None:
    """RQ retries whatever the job's Retry says; a permanent failure must not be retried."""
    if not engine.is_transient(error):
        job = get_current_job()
        if job is not None:
            job.retries_left = 0
        log.error("settlement job failed permanently: %r", error)


@job
def start_run(run_id: int) -> int:
    """Materialise a run and enqueue its chunks; returns how many chunks were enqueued."""
    chunks = engine.prepare_run(run_id, worker=worker_name())
    for chunk_no, generation in chunks:
        enqueue_chunk(run_id, chunk_no, generation)
    return len(chunks)


@job
def settle_chunk(run_id: int, chunk_no: int) -> str:
    """Post one chunk of a run, exactly once in effect."""
    outcome = engine.settle_chunk(run_id, chunk_no, worker=worker_name())
    return f"{outcome.status}:{outcome.posted}"


def job_alive(job_id: str) -> bool:
    """True while RQ will still run the job: queued, deferred, or a retry scheduled for a moment
    not long past (a retry overdue by more than a minute waits on a dead worker's scheduler)."""
    try:
        job = Job.fetch(job_id, connection=get_redis())
        status = job.get_status()
        if status == JobStatus.SCHEDULED:
            registry = ScheduledJobRegistry(job.origin, connection=get_redis())
            return registry.get_scheduled_time(job) > utcnow() - timedelta(seconds=60)
    except Exception:
        return False
    return status in (JobStatus.QUEUED, JobStatus.DEFERRED)


@job
def reclaim_stale() -> dict:
    """Every minute: re-enqueue what dead workers or a lost Redis left behind."""
    stale = recovery.reclaim_stale(job_alive=job_alive)
    for run_id, generation in stale.runs:
        enqueue_start(run_id, generation)
    for run_id, chunk_no, generation in stale.chunks:
        enqueue_chunk(run_id, chunk_no, generation)
    if stale.runs or stale.chunks or stale.finished:
        log.warning(
            "reclaimed %d run(s) and %d chunk(s), closed %d run(s) at %s",
            len(stale.runs),
            len(stale.chunks),
            len(stale.finished),
            utcnow().isoformat(),
        )
    return {"runs": stale.runs, "chunks": stale.chunks, "finished": stale.finished}
