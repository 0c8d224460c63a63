"""GET /api/v1/admin/queues: per-queue counts, the oldest waiting job, worker heartbeats and the
scheduler leader, for the union's admins."""

from datetime import timedelta

import pytest
from rq import Queue, Worker
from rq.registry import FailedJobRegistry, StartedJobRegistry

from app.core.time import utcnow
from app.extensions import get_redis
from tests.support import assert_documented
from workers.schedule import LEADER_KEY


@pytest.fixture
def busy_queues(app):
    redis = get_redis()
    settlements = Queue("settlements", connection=redis)
    first = settlements.enqueue("os.getcwd")
    first.enqueued_at = utcnow() - timedelta(minutes=5)
    first.save()
    settlements.enqueue("os.getcwd")
    running = settlements.enqueue("os.getcwd")
    settlements.remove(running)
    # RQ 3 records a started job as one execution "<job id>:<execution id>", expiring later.
    started = StartedJobRegistry(queue=settlements)
    redis.zadd(started.key, {f"{running.id}:exec-1": utcnow().timestamp() + 600})
    broken = Queue("notifications", connection=redis).enqueue("os.getcwd")
    Queue("notifications", connection=redis).remove(broken)
    FailedJobRegistry(queue=Queue("notifications", connection=redis)).add(broken, ttl=600)
    worker = Worker([settlements], connection=redis, name="worker-a")
    worker.register_birth()
    worker.heartbeat()
    redis.set(LEADER_KEY, b"scheduler-on-host-1", ex=90)
    yield
    worker.register_death()


def test_the_union_sees_queues_workers_and_the_leader(factory, busy_queues, app):
    response = factory.union_admin().get("/api/v1/admin/queues")
    assert response.status_code == 200, response.get_json()
    assert_documented(app, response, "GET", "/api/v1/admin/queues")
    body = response.get_json()
    queues = {q["name"]: q for q in body["queues"]}
    assert set(queues) == {"settlements", "notifications", "default"}
    assert (queues["settlements"]["queued"], queues["settlements"]["started"]) == (2, 1)
    assert 290 <= queues["settlements"]["oldest_queued_seconds"] <= 400
    assert queues["notifications"]["failed"] == 1 and queues["notifications"]["queued"] == 0
    assert queues["default"]["oldest_queued_seconds"] is None
    (worker,) = body["workers"]
    assert worker["name"] == "worker-a" and worker["queues"] == ["settlements"]
    assert worker["heartbeat_age_seconds"] < 60 and "+08:00" in worker["last_heartbeat"]
    assert body["scheduler"]["leader"] == "scheduler-on-host-1"
    assert 0 < body["scheduler"]["lock_ttl_seconds"] <= 90


def test_no_leader_reads_as_null(factory):
    body = factory.union_admin().get("/api/v1/admin/queues").get_json()
    assert body["scheduler"] == {"leader": None, "lock_ttl_seconds": None}
    assert body["workers"] == []


def test_only_the_union_may_look(factory, client):
    association = factory.association()
    station = factory.station(association=association)
    for viewer in (
        factory.association_admin(association),
        factory.station_admin(station),
        factory.resident(),
    ):
        assert viewer.get("/api/v1/admin/queues").status_code == 403
    assert client.get("/api/v1/admin/queues").status_code == 401
