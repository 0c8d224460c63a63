"""`flask rq`: the worker and scheduler processes. Registered by wsgi.py, so the app itself never
imports this package."""

import logging
import time

import click
import redis.exceptions
from flask import Flask

from app.core.queues import ALL_QUEUES
from app.extensions import get_redis
from app.settlements.jobs import reclaim_stale
from workers.observed import ObservedWorker as SimpleWorker
from workers.schedule import build_scheduler

log = logging.getLogger(__name__)


def register(app: Flask) -> None:
    @app.cli.group("rq")
    def rq_group():
        """RQ workers and the periodic-job scheduler, started with the app's configuration."""

    def need_redis():
        if app.config.get("RQ_INLINE"):
            raise click.ClickException(
                "no REDIS_URL: jobs already run inline; a worker needs Redis"
            )

    @rq_group.command("worker")
    @click.argument("queues", nargs=-1)
    @click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
    @click.option(
        "--scheduler/--no-scheduler",
        default=True,
        help="Also enqueue delayed jobs (retries with backoff) when due.",
    )
    def worker(queues, burst, scheduler):
        """Run a worker on QUEUES (default: all) inside the app context."""
        need_redis()
        delay = 1
        while True:
            # SimpleWorker runs jobs in this process: no fork, so SQLAlchemy's pool is never
            # shared across processes and the app context stays valid.
            rq_worker = SimpleWorker(list(queues or ALL_QUEUES), connection=get_redis())
            try:
                rq_worker.work(burst=burst, with_scheduler=scheduler)
                delay = 1
            except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as error:
                log.warning("worker lost Redis (%s)", error)
            # A signal (SIGTERM, Ctrl+C) sets the shutdown date whether or not a job was running.
            if burst or rq_worker._stop_requested or rq_worker._shutdown_requested_date:
                return
            # RQ's loop quits when Redis goes away; a Redis blip must not end the worker.
            log.warning("worker loop ended without a stop request; restarting in %ss", delay)
            time.sleep(delay)
            delay = min(delay * 2, 30)

    @rq_group.command("scheduler")
    def scheduler():
        """Run RQ's cron scheduler over workers/schedule.py (leader-locked in Redis)."""
        need_redis()
        build_scheduler(get_redis()).start()

    @rq_group.command("reclaim")
    def reclaim():
        """Re-enqueue settlement work left stale by dead workers or a lost Redis, now."""
        click.echo(reclaim_stale())
