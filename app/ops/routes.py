"""/healthz, /readyz and /metrics: for the machines that watch the platform, outside /api/v1 and
outside its OpenAPI document (they are not part of the mini-program's contract, and the
contract fuzzing must not probe the monitoring surface)."""

from flask import Blueprint, jsonify

from app.ops import health, metrics

blp = Blueprint("ops", __name__)


@blp.get("/healthz")
def healthz():
    """The process is alive and answering; nothing else is checked."""
    return jsonify(status="ok")


@blp.get("/readyz")
def readyz():
    """200 when every check passes, else 503 naming the failed ones."""
    ready, checks = health.readiness()
    body = {
        "status": "ready" if ready else "not_ready",
        "failed": [name for name, check in checks.items() if not check["ok"]],
        "checks": checks,
    }
    return jsonify(body), 200 if ready else 503


@blp.get("/metrics")
def scrape():
    """Prometheus exposition; only for METRICS_ALLOWED_NETWORKS or the METRICS_TOKEN bearer."""
    return metrics.scrape()
