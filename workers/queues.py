"""Queue names and enqueue options, in one place. With the embedded default (no REDIS_URL) jobs
run inline, in the request that enqueues them."""

from flask import current_app
from rq import Queue, Retry

from app.extensions import get_redis

SETTLEMENTS = "settlements"
NOTIFICATIONS = "notifications"
DEFAULT = "default"
ALL_QUEUES = (SETTLEMENTS, NOTIFICATIONS, DEFAULT)

# Transient failures (deadlock, lost connection) are retried with backoff.
TRANSIENT_RETRY = Retry(max=5, interval=[2, 5, 15, 30, 60])


def get_queue(name: str) -> Queue:
    inline = current_app.config.get("RQ_INLINE", False)
    return Queue(name, connection=get_redis(), is_async=not inline)


def enqueue(
    queue_name: str, func, *args, job_id: str | None = None, retry: Retry | None = None, **kwargs
):
    """Enqueue func(*args, **kwargs); a fixed job_id makes a second enqueue of the same work a no-op
    while the first is queued."""
    return get_queue(queue_name).enqueue(
        func, *args, job_id=job_id, retry=retry, kwargs=kwargs or None
    )
