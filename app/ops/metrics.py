"""Prometheus metrics through prometheus_client.

Under gunicorn (several worker processes) and beside the RQ workers of the same host, every
process writes its samples to PROMETHEUS_MULTIPROC_DIR and /metrics merges them
(prometheus_client's multiprocess mode). Figures that live in the database or Redis (queue
backlogs, settlement progress, reconciliation problems) are read at scrape time instead, so they
are right whichever process serves the scrape."""

import hmac
import ipaddress
import os
import time
from datetime import datetime

from flask import Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily

from app.errors import Forbidden
from app.metrics import (
    HTTP_LATENCY,
    HTTP_REQUESTS,
    UNMATCHED,
)


def init_metrics(app: Flask) -> None:
    app.before_request(_start_timer)
    app.after_request(_count_request)


def _start_timer() -> None:
    g.metrics_started = time.perf_counter()


def _count_request(response):
    started = g.pop("metrics_started", None)
    if started is None or request.endpoint == "ops.metrics":
        return response
    rule = request.url_rule.rule if request.url_rule is not None else UNMATCHED
    labels = (rule, request.method, str(response.status_code))
    HTTP_REQUESTS.labels(*labels).inc()
    HTTP_LATENCY.labels(*labels).observe(time.perf_counter() - started)
    return response


class DatabaseFigures:
    """Collected at scrape time: queue backlogs, settlement progress, reconciliation problems."""

    def collect(self):
        from app.ops import health

        backlog = GaugeMetricFamily(
            "wanganlian_queue_jobs", "Jobs waiting in an RQ queue.", labels=["queue"]
        )
        oldest = GaugeMetricFamily(
            "wanganlian_queue_oldest_job_age_seconds",
            "Age of the oldest job waiting in an RQ queue (0 when empty).",
            labels=["queue"],
        )
        if not current_app.config.get("RQ_INLINE"):
            for name in health.queue_names():
                facts = health._queue_facts(name)
                backlog.add_metric([name], facts["backlog"])
                oldest.add_metric([name], facts["oldest_age_seconds"])
        yield backlog
        yield oldest
        yield from _settlement_figures()
        yield from _reconciliation_figures(health.last_reconciliation())


def _settlement_figures():
    from sqlalchemy import func, select

    from app.extensions import db
    from app.settlements.models import ChunkStatus, RunStatus, SettlementChunk, SettlementRun

    runs = GaugeMetricFamily(
        "wanganlian_settlement_runs",
        "Settlement runs by kind and status.",
        labels=["kind", "status"],
    )
    for kind, status, count in db.session.execute(
        select(SettlementRun.kind, SettlementRun.status, func.count()).group_by(
            SettlementRun.kind, SettlementRun.status
        )
    ):
        runs.add_metric([kind, status], count)
    progress = GaugeMetricFamily(
        "wanganlian_settlement_run_chunks",
        "Chunks of each unfinished settlement run, by state (done / total shows its progress).",
        labels=["run_id", "kind", "state"],
    )
    unfinished = (RunStatus.PENDING, RunStatus.MATERIALISING, RunStatus.RUNNING)
    done_chunks = (
        select(func.count())
        .where(SettlementChunk.run_id == SettlementRun.id)
        .where(SettlementChunk.status == ChunkStatus.DONE)
        .scalar_subquery()
    )
    for run_id, kind, total, done in db.session.execute(
        select(SettlementRun.id, SettlementRun.kind, SettlementRun.chunks_total, done_chunks).where(
            SettlementRun.status.in_(unfinished)
        )
    ):
        progress.add_metric([str(run_id), kind, "total"], total)
        progress.add_metric([str(run_id), kind, "done"], done)
    yield runs
    yield progress


def _reconciliation_figures(last: dict | None):
    problems = GaugeMetricFamily(
        "wanganlian_reconciliation_problems",
        "Problems the last finished ledger reconciliation found (0 when none has run).",
    )
    problems.add_metric([], last["problems"] if last else 0)
    finished = GaugeMetricFamily(
        "wanganlian_reconciliation_last_finished_timestamp_seconds",
        "When the last ledger reconciliation finished (0 when none has run).",
    )
    finished_at = last["finished_at"] if last else None
    finished.add_metric([], datetime.fromisoformat(finished_at).timestamp() if finished_at else 0)
    yield problems
    yield finished


def allowed_to_scrape() -> bool:
    """METRICS_TOKEN as a bearer token, or an address inside METRICS_ALLOWED_NETWORKS (after
    ProxyFix, so behind nginx it is the scraper's own address)."""
    token = current_app.config.get("METRICS_TOKEN")
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header[7:].encode(), token.encode())
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in network for network in allowed_networks())


def allowed_networks() -> list:
    raw = current_app.config.get("METRICS_ALLOWED_NETWORKS") or ""
    return [ipaddress.ip_network(part.strip()) for part in raw.split(",") if part.strip()]


def scrape() -> Response:
    if not allowed_to_scrape():
        raise Forbidden("Metrics are only for the monitoring network.", code="metrics_forbidden")
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_ProcessRegistry())
    registry.register(DatabaseFigures())
    try:
        body = generate_latest(registry)
    finally:
        from app.extensions import db

        db.session.remove()
    return Response(body, content_type=CONTENT_TYPE_LATEST)


class _ProcessRegistry:
    """This process's own metrics (one process: `make run`, tests)."""

    def collect(self):
        return REGISTRY.collect()
