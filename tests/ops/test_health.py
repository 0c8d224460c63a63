"""/healthz says the process answers; /readyz says whether the platform can do its work: the
database at the newest migration, Redis, the queues moving, the scheduler beating, the books
reconciled. It names what fails, and never a secret or anyone's data."""

from datetime import timedelta

import pytest
from rq import Queue

from app import create_app
from app.core.time import utcnow
from app.extensions import db
from app.settlements.models import RunStatus, SettlementAlert, SettlementRun
from config import TestConfig
from tests.ops.factories import beat


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_ready_when_everything_is_up(client, at_revision, head, with_workers, redis):
    """Database at head, Redis up, an empty queue, a fresh beat, no reconciliation yet."""
    at_revision(head)
    beat(redis, 5)
    Queue("settlements", connection=redis).enqueue_call("tests.ops.jobs.succeed").delete()
    response = client.get("/readyz")
    assert response.status_code == 200, response.json
    body = response.json
    assert body["status"] == "ready" and body["failed"] == []
    assert body["checks"]["database"] == {
        "ok": True,
        "revision": head,
        "head": head,
        "migrations_pending": False,
    }
    assert body["checks"]["scheduler"]["last_beat_age_seconds"] <= 6
    assert body["checks"]["reconciliation"] == {"ok": True, "last_run": None}


def test_pending_migrations_make_it_not_ready(client, at_revision, head, with_workers, redis):
    at_revision("0012_campaign_admissions")
    beat(redis, 1)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["failed"] == ["database"]
    database = response.json["checks"]["database"]
    assert database["migrations_pending"] is True
    assert database["revision"] == "0012_campaign_admissions" and database["head"] == head


def test_a_database_never_migrated_is_not_ready(client, at_revision):
    at_revision(None)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["database"]["revision"] is None


def test_a_stopped_scheduler_makes_it_not_ready(client, at_revision, head, with_workers, redis):
    """The leader beats at least once a minute; a beat older than the limit means none runs."""
    at_revision(head)
    beat(redis, 600)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["failed"] == ["scheduler"]
    scheduler = response.json["checks"]["scheduler"]
    assert scheduler["last_beat_age_seconds"] >= 600 and scheduler["max_age_seconds"] == 180


def test_no_scheduler_ever_is_not_ready(client, at_revision, head, with_workers):
    at_revision(head)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["scheduler"]["last_beat_age_seconds"] is None


def test_a_queue_whose_oldest_job_waits_too_long(client, at_revision, head, with_workers, redis):
    at_revision(head)
    beat(redis, 1)
    queue = Queue("notifications", connection=redis)
    job = queue.enqueue_call("tests.ops.jobs.succeed")
    job.enqueued_at = utcnow() - timedelta(minutes=15)
    job.save()
    queue.enqueue_call("tests.ops.jobs.succeed")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["failed"] == ["queues"]
    facts = response.json["checks"]["queues"]["queues"]["notifications"]
    assert facts["backlog"] == 2 and facts["oldest_age_seconds"] >= 900


def test_problems_in_the_last_reconciliation(client, at_revision, head, db):
    at_revision(head)
    earlier = SettlementRun(
        kind="reconcile",
        scope={"date": "2026-11-30"},
        scope_key="a",
        status=RunStatus.DONE,
        finished_at=utcnow() - timedelta(days=1),
    )
    last = SettlementRun(
        kind="reconcile",
        scope={"date": "2026-12-01"},
        scope_key="b",
        status=RunStatus.DONE,
        finished_at=utcnow(),
    )
    db.session.add_all([earlier, last])
    db.session.flush()
    db.session.add(SettlementAlert(run_id=last.id, check="balance", message="drift"))
    db.session.commit()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["failed"] == ["reconciliation"]
    assert response.json["checks"]["reconciliation"]["last_run"]["problems"] == 1
    assert response.json["checks"]["reconciliation"]["last_run"]["date"] == "2026-12-01"


@pytest.fixture
def unreachable_database_app(wechat_standin):
    class Config(TestConfig):
        # Port 5669 of this helper's range: nothing listens there.
        SQLALCHEMY_DATABASE_URI = "mysql+pymysql://root:hunter2@127.0.0.1:5669/gone?charset=utf8mb4"
        WECHAT_API_BASE = wechat_standin.url

    application = create_app(Config)
    yield application
    with application.app_context():
        db.engine.dispose()


def test_an_unreachable_database_is_not_ready(unreachable_database_app):
    client = unreachable_database_app.test_client()
    assert client.get("/healthz").status_code == 200  # alive, just not ready
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["failed"] == ["database"]
    assert response.json["checks"]["database"] == {"ok": False, "error": "OperationalError"}
    assert "reconciliation" not in response.json["checks"]
    text = response.get_data(as_text=True)
    assert "hunter2" not in text and "5669" not in text


def test_readiness_shows_no_secret(client, app, at_revision, head):
    at_revision(head)
    text = client.get("/readyz").get_data(as_text=True)
    for secret in (app.config["SECRET_KEY"], app.config["WECHAT_SECRET"], app.config["REDIS_URL"]):
        assert secret not in text
    assert str(db.engine.url.database) not in text.replace("database", "")


def test_health_routes_stay_out_of_the_api_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert not {"/healthz", "/readyz", "/metrics"} & set(paths)
