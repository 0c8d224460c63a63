"""Queue names and enqueue options, in one place. With the embedded default (no REDIS_URL) jobs
run inline, in the request that enqueues them."""

from flask import current_app
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError

from app.extensions import get_redis
from app.ops.logs import TracedJob

SETTLEMENTS = "settlements"
NOTIFICATIONS = "notifications"
DEFAULT = "default"
ALL_QUEUES = (SETTLEMENTS, NOTIFICATIONS, DEFAULT)

# Transient failures (deadlock, lost connection, Redis blip) are retried with backoff; the worker
# runs RQ's scheduler so that the delayed retries are enqueued again.
TRANSIENT_RETRY = Retry(max=5, interval=[2, 5, 15, 30, 60])
# A chunk is a few seconds of work; a job that runs much longer is stuck, and is stopped.
SETTLEMENT_JOB_TIMEOUT = 600


def get_queue(name: str) -> Queue:
    inline = current_app.config.get("RQ_INLINE", False)
    # TracedJob keeps the enqueuing request's id in the job's meta (app/ops/logs.py).
    return Queue(name, connection=get_redis(), is_async=not inline, job_class=TracedJob)


def enqueue(
    queue_name: str,
    func,
    *args,
    job_id: str | None = None,
    retry: Retry | None = None,
    unique: bool = False,
    job_timeout: int | None = None,
    **kwargs,
):
    """Enqueue func(*args, **kwargs). With a fixed job_id and unique=True a second enqueue of the
    same job is a no-op (returns None) while RQ still knows the first."""
    try:
        return get_queue(queue_name).enqueue_call(
            func,
            args=args,
            kwargs=kwargs or None,
            job_id=job_id,
            retry=retry,
            unique=unique,
            timeout=job_timeout,
        )
    except DuplicateJobError:
        return None
