"""Logs are one JSON object per line carrying the request id, which the response echoes and the
jobs the request enqueues inherit; no token, secret, session key, ID number, phone or SQL
parameter reaches any line."""

import io
import json
import logging
import secrets

import pytest
from rq import Queue
from sqlalchemy import text

from app.core.logs import ContextFilter, json_formatter
from app.extensions import db
from workers.observed import ObservedWorker


@pytest.fixture
def log_lines():
    """Every record any logger emits during the test, formatted as production formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(json_formatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    # SQLAlchemy's statement log (the one an operator switches on to debug): statements only.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    lines.raw = stream.getvalue
    yield lines
    root.removeHandler(handler)
    root.setLevel(old_level)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)


def test_the_app_logs_one_json_object_per_line(app, client):
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "_wanganlian", False))
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        response = client.get("/healthz", headers={"X-Request-Id": "probe-0001-abcd"})
    finally:
        handler.setStream(old)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    access = next(line for line in lines if line["logger"] == "app.requests")
    assert access["request_id"] == "probe-0001-abcd" == response.headers["X-Request-Id"]
    assert access["endpoint"] == "/healthz" and access["status"] == 200
    assert access["level"] == "INFO" and access["time"].endswith("+00:00")


def test_a_request_id_is_made_when_none_or_a_bad_one_comes(client):
    made = client.get("/healthz").headers["X-Request-Id"]
    assert len(made) == 32 and int(made, 16) >= 0
    hostile = client.get("/healthz", headers={"X-Request-Id": 'x"; DROP TABLE users; --'})
    assert hostile.headers["X-Request-Id"] != 'x"; DROP TABLE users; --'
    assert len(hostile.headers["X-Request-Id"]) == 32
    assert client.get("/healthz").headers["X-Request-Id"] != made


def test_an_error_answer_carries_the_request_id_too(client):
    response = client.get("/api/v1/me", headers={"X-Request-Id": "req-401-check"})
    assert response.status_code == 401
    assert response.headers["X-Request-Id"] == "req-401-check"


def test_jobs_a_request_enqueues_carry_its_request_id(factory, app, redis, log_lines, monkeypatch):
    """The settlement start job keeps the request id in its meta, and the worker's log lines
    while running it carry the same id (and the job's id)."""
    monkeypatch.setitem(app.config, "RQ_INLINE", False)
    admin = factory.union_admin()
    response = admin.post(
        "/api/v1/admin/settlements",
        json={"kind": "reconcile", "scope": {"date": "2026-11-30"}},
        headers={"X-Request-Id": "req-settle-0001"},
    )
    assert response.status_code == 202, response.get_json()
    assert response.headers["X-Request-Id"] == "req-settle-0001"
    queue = Queue("settlements", connection=redis)
    (job,) = queue.get_jobs()
    assert job.meta["request_id"] == "req-settle-0001"

    ObservedWorker([queue], connection=redis).work(burst=True, with_scheduler=False)
    from_job = [line for line in log_lines() if line.get("job_id") == job.id]
    assert from_job, "the job logged nothing"
    assert {line["request_id"] for line in from_job} == {"req-settle-0001"}
    assert any("reconciliation 2026-11-30" in line["message"] for line in from_job)


def test_no_secret_reaches_a_log_line_over_a_walk(app, client, log_lines, monkeypatch):
    """Login, a quiz, a redemption and an ID number given in a volunteer application, with every
    logger at DEBUG and SQLAlchemy's statement log on."""
    from app.wechat import standin

    issued = []
    real_token_bytes = secrets.token_bytes

    def remember(n=None):
        value = real_token_bytes(n)
        issued.append(value)
        return value

    monkeypatch.setattr(standin.secrets, "token_bytes", remember)
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0

    resident = client.login("demo_resident")
    campaigns = resident.get("/api/v1/quiz-campaigns").get_json()["items"]
    national = next(c for c in campaigns if not c["is_assessment"])
    attempt = resident.post(f"/api/v1/quiz-campaigns/{national['id']}/attempts").get_json()
    answers = {str(q["id"]): [q["options"][0]["key"]] for q in attempt["questions"]}
    submitted = resident.post(
        f"/api/v1/quiz-attempts/{attempt['attempt_id']}/submit", json={"answers": answers}
    )
    assert submitted.status_code == 200, submitted.get_json()

    gift = next(g for g in resident.get("/api/v1/gifts").get_json()["items"] if g["stock"] > 0)
    redeemed = resident.post(
        f"/api/v1/gifts/{gift['id']}/redemptions",
        json={"quantity": 1, "pickup_station_id": gift["pickup_station_ids"][0]},
        headers={"Idempotency-Key": "walk-redeem-1"},
    )
    assert redeemed.status_code == 201, redeemed.get_json()

    id_number, phone = "11010519491231002X", "13912345678"
    applied = resident.post(
        "/api/v1/volunteer-applications",
        json={
            "station_id": gift["pickup_station_ids"][0],
            "real_name": "李四",
            "phone": phone,
            "id_number": id_number,
        },
    )
    assert applied.status_code == 201, applied.get_json()
    stored = db.session.scalar(text("SELECT id_number_encrypted FROM volunteer_applications"))

    raw = log_lines.raw()
    lines = log_lines()  # every line is a JSON object
    assert any(line["logger"] == "app.requests" and line["request_id"] for line in lines)
    session_keys = [__import__("base64").b64encode(v).decode() for v in issued]
    forbidden = {
        "bearer token": resident.token,
        "WeChat AppSecret": app.config["WECHAT_SECRET"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "ID number": id_number,
        "ID number, lower case": id_number.lower(),
        "encrypted ID number": stored,
        "phone": phone,
        "pickup code": redeemed.get_json()["pickup_code"],
        "login code": "test-demo_resident",
        **{f"session key {n}": key for n, key in enumerate(session_keys)},
    }
    assert session_keys, "the stand-in issued no session key"
    leaked = [name for name, secret in forbidden.items() if secret and secret in raw]
    assert not leaked, f"found in the logs: {leaked}"
    assert any("parameters hidden" in line["message"] for line in lines), "no SQL was logged"
