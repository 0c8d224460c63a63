"""Queue names, retry policy and the one `enqueue` every caller goes through. With the embedded
default (no REDIS_URL) jobs run inline, in the request that enqueues them."""

from flask import current_app
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError

from app.core.logs import TracedJob
from app.extensions import get_redis

SETTLEMENTS = "settlements"
NOTIFICATIONS = "notifications"
DEFAULT = "default"
ALL_QUEUES = (SETTLEMENTS, NOTIFICATIONS, DEFAULT)
# The Redis key the scheduler process that leads holds (workers/schedule.py); health reads it.
SCHEDULER_LEADER_KEY = "wanganlian:cron:leader"

# Transient failures (deadlock, lost connection, Redis blip) are retried with backoff; the worker
# runs RQ's scheduler so that the delayed retries are enqueued again.
TRANSIENT_RETRY = Retry(max=5, interval=[2, 5, 15, 30, 60])
# A chunk is a few seconds of work; a job that runs much longer is stuck, and is stopped.
SETTLEMENT_JOB_TIMEOUT = 600


def _get_queue(name: str) -> Queue:
    inline = current_app.config["RQ_INLINE"]
    # TracedJob keeps the enqueuing request's id in the job's meta (app/core/logs.py).
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
    # enqueue_call takes the job's args and kwargs explicitly, so positional args and kwargs=None
    # go together (only Queue.enqueue's implicit form refuses extra positional args).
    try:
        return _get_queue(queue_name).enqueue_call(
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
