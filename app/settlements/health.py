"""Queue health for the web console's jobs page: per queue what waits, runs and failed, the
oldest waiting job's age, the workers' heartbeats, and which scheduler holds the leader lock
(workers/schedule.py: only the leader enqueues periodic jobs)."""

from rq import Queue, Worker
from rq.registry import (
    DeferredJobRegistry,
    FailedJobRegistry,
    ScheduledJobRegistry,
    StartedJobRegistry,
)

from app.core.queues import ALL_QUEUES, SCHEDULER_LEADER_KEY
from app.core.time import as_utc, utcnow
from app.extensions import get_redis


def _age(moment) -> int | None:
    return None if moment is None else max(int((utcnow() - as_utc(moment)).total_seconds()), 0)


def _text(value) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


def queue_health(*, inline: bool) -> dict:
    redis = get_redis()
    queues = []
    for name in ALL_QUEUES:
        queue = Queue(name, connection=redis)
        oldest = None
        first = queue.get_job_ids(0, 1)
        if first:
            job = queue.fetch_job(first[0])
            oldest = _age(job.enqueued_at) if job is not None else None
        queues.append(
            {
                "name": name,
                "queued": queue.count,
                "started": StartedJobRegistry(queue=queue).count,
                "failed": FailedJobRegistry(queue=queue).count,
                "scheduled": ScheduledJobRegistry(queue=queue).count,
                "deferred": DeferredJobRegistry(queue=queue).count,
                "oldest_queued_seconds": oldest,
            }
        )
    workers = [
        {
            "name": worker.name,
            "state": _text(worker.get_state()),
            "queues": worker.queue_names(),
            "last_heartbeat": worker.last_heartbeat,
            "heartbeat_age_seconds": _age(worker.last_heartbeat),
            "current_job_id": worker.get_current_job_id(),
        }
        for worker in sorted(Worker.all(connection=redis), key=lambda w: w.name)
    ]
    leader = redis.get(SCHEDULER_LEADER_KEY)
    ttl = redis.ttl(SCHEDULER_LEADER_KEY) if leader is not None else None
    return {
        "inline": inline,
        "queues": queues,
        "workers": workers,
        "scheduler": {
            "leader": _text(leader),
            "lock_ttl_seconds": ttl if ttl is not None and ttl >= 0 else None,
        },
    }
