"""Logs as one JSON object per line (python-json-logger), each carrying the request id.

The id comes from an incoming X-Request-Id (when it looks like one) or is made here; it is echoed
in the response, stored in the meta of every RQ job the request enqueues, and set again by the
worker (workers/observed.py) while it runs that job, so one grep finds a request and its jobs."""

import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar

from flask import Flask, g, request
from pythonjsonlogger.json import JsonFormatter
from rq.job import Job

REQUEST_ID_HEADER = "X-Request-Id"
# An incoming id is kept only if it is short and plain: it is written into every log line.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{8,64}")

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
job_id_var: ContextVar[str | None] = ContextVar("job_id", default=None)

log = logging.getLogger("app.requests")


class ContextFilter(logging.Filter):
    """Adds request_id and job_id (None outside a request or a job) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.job_id = job_id_var.get()
        return True


def json_formatter() -> logging.Formatter:
    return JsonFormatter(
        "{levelname}{name}{message}{request_id}{job_id}",
        style="{",
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp="time",  # ISO 8601 in UTC
        json_ensure_ascii=False,
    )


def configure_logging(app: Flask) -> None:
    """One handler on the root logger, to stderr (journald keeps it under systemd); JSON unless
    LOG_FORMAT=text. Calling it again (tests build many apps) replaces the handler."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_wanganlian", False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler._wanganlian = True
    handler.addFilter(ContextFilter())
    if app.config.get("LOG_FORMAT", "json") == "json":
        handler.setFormatter(json_formatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    root.addHandler(handler)
    root.setLevel(app.config.get("LOG_LEVEL", "INFO"))


def init_request_ids(app: Flask) -> None:
    app.before_request(_take_request_id)
    app.after_request(_echo_request_id)
    app.teardown_request(_forget_request_id)


def _take_request_id() -> None:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    request_id = incoming if REQUEST_ID_PATTERN.fullmatch(incoming) else uuid.uuid4().hex
    g.request_id = request_id
    g.request_id_token = request_id_var.set(request_id)
    g.request_started = time.perf_counter()


def _echo_request_id(response):
    request_id = g.get("request_id")
    if request_id:
        response.headers[REQUEST_ID_HEADER] = request_id
        # The path without its query string; bodies and headers (tokens) are never logged.
        log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "endpoint": request.url_rule.rule if request.url_rule is not None else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - g.request_started) * 1000, 1),
            },
        )
    return response


def _forget_request_id(_error=None) -> None:
    token = g.pop("request_id_token", None)
    if token is not None:
        request_id_var.reset(token)


def current_request_id() -> str | None:
    return request_id_var.get()


class TracedJob(Job):
    """An RQ job that remembers the request that enqueued it (meta["request_id"])."""

    @classmethod
    def create(cls, *args, **kwargs):
        request_id = current_request_id()
        if request_id:
            kwargs["meta"] = {**(kwargs.get("meta") or {}), "request_id": request_id}
        return super().create(*args, **kwargs)
