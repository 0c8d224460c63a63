"""gunicorn settings for the API unit (deploy/systemd/wanganlian-api.service):
`gunicorn -c deploy/gunicorn.conf.py wsgi:app`. Overridable with GUNICORN_* variables."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# gthread: threads serve requests while others wait on MySQL or WeChat, and a worker keeps the
# keep-alive connections nginx opens (sync workers close every connection after one request).
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# Longer than nginx's upstream keepalive_timeout (60 s), so nginx closes idle connections first
# and never sends a request down one gunicorn is closing.
keepalive = 75
timeout = 60
graceful_timeout = 30
# Recycle workers now and then (slow leaks), staggered so they never restart together.
max_requests = 20000
max_requests_jitter = 2000
# The app logs one JSON access line per request (with its request id); nginx logs its own.
accesslog = None
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"


def child_exit(server, worker):
    """Multiprocess metrics: a dead worker's live gauges must not be summed any more."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


# gunicorn's own lines (start, worker boots and timeouts) as JSON too, like the app's.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "{levelname}{name}{message}",
            "style": "{",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        }
    },
    # gunicorn merges this dict shallowly with its defaults: both of its handlers are redefined.
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        },
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
    },
    # The root logger is the app's (app/core/logs.py adds its handler, with the request id).
    "root": {"level": "INFO", "handlers": []},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False}
    },
}
