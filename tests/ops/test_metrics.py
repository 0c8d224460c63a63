"""/metrics: request counts and latencies per URL rule and status, job durations and failures per
queue, queue backlogs, settlement progress, reconciliation problems, WeChat errors by code; only
for the monitoring network or the METRICS_TOKEN bearer."""

import pytest
from prometheus_client.parser import text_string_to_metric_families
from rq import Queue

from app import create_app
from app.core.time import utcnow
from app.settlements.models import (
    ChunkStatus,
    RunStatus,
    SettlementAlert,
    SettlementChunk,
    SettlementRun,
)
from config import TestConfig
from workers.observed import ObservedWorker


def scrape(client, **headers) -> dict:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_are_counted_per_url_rule_and_status(client):
    rule = "/api/v1/stations/<int:station_id>"
    labels = {"endpoint": rule, "method": "GET", "status": "404"}
    before = scrape(client)
    assert client.get("/api/v1/stations/987654").status_code == 404
    assert client.get("/api/v1/stations/987655").status_code == 404
    after = scrape(client)
    assert (
        value(after, "wanganlian_http_requests_total", **labels)
        - value(before, "wanganlian_http_requests_total", **labels)
        == 2
    )
    count = "wanganlian_http_request_duration_seconds_count"
    assert value(after, count, **labels) - value(before, count, **labels) == 2
    bucket = "wanganlian_http_request_duration_seconds_bucket"
    assert value(after, bucket, le="+Inf", **labels) >= 2
    text = client.get("/metrics").get_data(as_text=True)
    assert "987654" not in text  # the rule, never the raw path


def test_paths_no_rule_knows_share_one_label(client):
    before = scrape(client)
    client.get("/no/such/place-1")
    client.get("/no/such/place-2")
    after = scrape(client)
    labels = {"endpoint": "<unmatched>", "method": "GET", "status": "404"}
    name = "wanganlian_http_requests_total"
    assert value(after, name, **labels) - value(before, name, **labels) == 2


def test_job_durations_and_failures_per_queue(client, redis):
    queue = Queue("ops-test", connection=redis)
    queue.enqueue_call("tests.ops.jobs.succeed")
    queue.enqueue_call("tests.ops.jobs.fail")
    before = scrape(client)
    ObservedWorker([queue], connection=redis).work(burst=True, with_scheduler=False)
    after = scrape(client)
    count = "wanganlian_job_duration_seconds_count"

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew(count, queue="ops-test", job="succeed", outcome="succeeded") == 1
    assert grew(count, queue="ops-test", job="fail", outcome="failed") == 1
    assert grew("wanganlian_job_failures_total", queue="ops-test", job="fail") == 1
    assert grew("wanganlian_job_failures_total", queue="ops-test", job="succeed") == 0


def test_queue_backlog_and_oldest_age(client, redis, app, monkeypatch):
    monkeypatch.setitem(app.config, "RQ_INLINE", False)
    queue = Queue("ops-backlog", connection=redis)
    for _ in range(3):
        queue.enqueue_call("tests.ops.jobs.succeed")
    samples = scrape(client)
    assert value(samples, "wanganlian_queue_jobs", queue="ops-backlog") == 3
    assert ("wanganlian_queue_oldest_job_age_seconds", (("queue", "ops-backlog"),)) in samples


def test_settlement_progress_and_reconciliation_problems(client, db):
    running = SettlementRun(
        kind="service_hours", scope={}, scope_key="x", status=RunStatus.RUNNING, chunks_total=3
    )
    reconcile = SettlementRun(
        kind="reconcile",
        scope={"date": "2026-12-01"},
        scope_key="y",
        status=RunStatus.DONE,
        finished_at=utcnow(),
    )
    db.session.add_all([running, reconcile])
    db.session.flush()
    db.session.add_all(
        [
            SettlementChunk(run_id=running.id, chunk_no=0, status=ChunkStatus.DONE),
            SettlementChunk(run_id=running.id, chunk_no=1, status=ChunkStatus.RUNNING),
            SettlementAlert(run_id=reconcile.id, check="a", message="one"),
            SettlementAlert(run_id=reconcile.id, check="b", message="two"),
        ]
    )
    run = str(running.id)
    db.session.commit()
    samples = scrape(client)
    chunks = "wanganlian_settlement_run_chunks"
    assert value(samples, chunks, run_id=run, kind="service_hours", state="done") == 1
    assert value(samples, chunks, run_id=run, kind="service_hours", state="total") == 3
    assert value(samples, "wanganlian_settlement_runs", kind="reconcile", status="done") == 1
    assert value(samples, "wanganlian_reconciliation_problems") == 2
    assert value(samples, "wanganlian_reconciliation_last_finished_timestamp_seconds") > 0


def test_no_reconciliation_yet_reports_zero_problems(client):
    assert value(scrape(client), "wanganlian_reconciliation_problems") == 0


def test_wechat_errors_are_counted_by_code(client, wechat_standin):
    labels = {"api": "/sns/jscode2session", "errcode": "40029"}
    name = "wanganlian_wechat_api_errors_total"
    before = value(scrape(client), name, **labels)
    response = client.post("/api/v1/auth/wechat/login", json={"code": "not-a-test-code"})
    assert response.status_code == 400
    assert value(scrape(client), name, **labels) - before == 1


def test_wechat_unreachable_is_its_own_code(client, wechat_standin, monkeypatch, app):
    labels = {"api": "/sns/jscode2session", "errcode": "unreachable"}
    name = "wanganlian_wechat_api_errors_total"
    before = value(scrape(client), name, **labels)
    monkeypatch.setitem(app.config, "WECHAT_API_BASE", "http://127.0.0.1:5668")
    app.extensions.pop("wechat", None)
    response = client.post("/api/v1/auth/wechat/login", json={"code": "test-someone_1"})
    assert response.status_code == 503
    assert value(scrape(client), name, **labels) - before == 1


@pytest.fixture
def app_with(wechat_standin):
    def build(**settings):
        config = type("Config", (TestConfig,), {"WECHAT_API_BASE": wechat_standin.url, **settings})
        return create_app(config).test_client()

    return build


def test_metrics_refuse_addresses_outside_the_allowed_networks(app_with):
    client = app_with(METRICS_ALLOWED_NETWORKS="10.0.0.0/8")
    response = client.get("/metrics")
    assert response.status_code == 403
    assert response.json["error"]["code"] == "metrics_forbidden"
    assert "wanganlian_" not in response.get_data(as_text=True)


def test_metrics_accept_the_bearer_secret_and_refuse_a_wrong_one(app_with):
    client = app_with(METRICS_ALLOWED_NETWORKS="", METRICS_TOKEN="s3cret-scrape-token")
    assert client.get("/metrics").status_code == 403
    wrong = client.get("/metrics", headers={"Authorization": "Bearer s3cret-scrape-tokeN"})
    assert wrong.status_code == 403
    right = client.get("/metrics", headers={"Authorization": "Bearer s3cret-scrape-token"})
    assert right.status_code == 200
    assert b"wanganlian_http_requests_total" in right.data


def test_behind_the_proxy_the_forwarded_address_decides(app_with):
    """With PROXY_FIX_X_FOR=1 (nginx in front) the client named by X-Forwarded-For is the one
    checked; without it the header is ignored and the peer (127.0.0.1 here) is."""
    outside = {"X-Forwarded-For": "203.0.113.7"}
    behind_nginx = app_with(PROXY_FIX_X_FOR=1)
    assert behind_nginx.get("/metrics", headers=outside).status_code == 403
    assert behind_nginx.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 200
    direct = app_with(PROXY_FIX_X_FOR=0)
    assert direct.get("/metrics", headers=outside).status_code == 200


WORKER_PROCESS = """
from app.metrics import observe_job
observe_job("settlements", "settle_chunk", 0.2, failed=True)
"""

API_PROCESS = """
from app import create_app
from config import TestConfig
client = create_app(TestConfig).test_client()
client.get("/healthz")
print(client.get("/metrics").get_data(as_text=True))
"""


@pytest.mark.no_app
def test_multiprocess_mode_merges_every_process_of_the_host(tmp_path):
    """Under gunicorn, /metrics is served by one worker process: with PROMETHEUS_MULTIPROC_DIR it
    still reports what the other processes (an RQ worker here) counted."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "APP_ENV": "test"}
    for script in (WORKER_PROCESS,):
        subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)
    scraped = subprocess.run(
        [sys.executable, "-c", API_PROCESS],
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
        text=True,
    ).stdout
    assert 'wanganlian_job_failures_total{job="settle_chunk",queue="settlements"} 1.0' in scraped
    assert 'wanganlian_http_requests_total{endpoint="/healthz",method="GET",status="200"} 1.0' in (
        scraped
    )


def test_every_metric_the_alert_rules_use_is_exported(client, app):
    """deploy/prometheus/alerts.yml names only series that /metrics really has."""
    import re
    from pathlib import Path

    rules = (Path(app.root_path).parent / "deploy/prometheus/alerts.yml").read_text()
    used = set(re.findall(r"\bwanganlian_[a-z_]+", rules))
    exported = client.get("/metrics").get_data(as_text=True)
    families = set(re.findall(r"^# TYPE (\S+)", exported, re.M))
    suffixes = ("_bucket", "_count", "_sum")
    missing = {
        name
        for name in used
        if name not in families
        and not any(name.endswith(s) and name[: -len(s)] in families for s in suffixes)
        and not (name.endswith("_total") and name[:-6] in families)
    }
    assert used and not missing, missing
