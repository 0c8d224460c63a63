"""The process-wide Prometheus series (prometheus_client, multiprocess mode under gunicorn):
defined here, below every layer, so that any of them (the WeChat client, the job runner) can
record into them; app/ops/metrics.py serves /metrics and adds the figures read from the
database."""

from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Counter(
    "wanganlian_http_requests_total",
    "HTTP requests answered, by endpoint (the URL rule, not the raw path), method and status.",
    ["endpoint", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "wanganlian_http_request_duration_seconds",
    "Time to answer an HTTP request, by endpoint, method and status.",
    ["endpoint", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
JOB_DURATION = Histogram(
    "wanganlian_job_duration_seconds",
    "Time an RQ job ran, by queue, job function and outcome (succeeded / failed).",
    ["queue", "job", "outcome"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600),
)
JOB_FAILURES = Counter(
    "wanganlian_job_failures_total",
    "RQ jobs that raised, by queue and job function (a retried job counts each failure).",
    ["queue", "job"],
)
WECHAT_ERRORS = Counter(
    "wanganlian_wechat_api_errors_total",
    "WeChat API calls that failed, by API path and errcode (or unreachable / http_NNN).",
    ["api", "errcode"],
)

UNMATCHED = "<unmatched>"  # 404s for paths no rule knows: one label, not one per path


def record_wechat_error(api: str, errcode: int | str) -> None:
    """Called by app/wechat for every failed call; `api` is the path, never the URL (which
    carries the access token); errcode is WeChat's, or "unreachable" / "http_5xx"."""
    WECHAT_ERRORS.labels(api=api.split("?", 1)[0][:64], errcode=str(errcode)).inc()


def observe_job(queue: str, job: str, seconds: float, *, failed: bool) -> None:
    JOB_DURATION.labels(queue, job, "failed" if failed else "succeeded").observe(seconds)
    if failed:
        JOB_FAILURES.labels(queue, job).inc()
