import click
from flask import Flask


def register(app: Flask) -> None:
    @app.cli.group("rq")
    def rq_group():
        """RQ workers, started with the app's configuration."""

    @rq_group.command("worker")
    @click.argument("queues", nargs=-1)
    @click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
    def worker(queues, burst):
        """Run a worker on QUEUES (default: all) inside the app context."""
        from rq import SimpleWorker

        from app.extensions import get_redis
        from workers.queues import ALL_QUEUES

        if app.config.get("RQ_INLINE"):
            raise click.ClickException(
                "no REDIS_URL: jobs already run inline; a worker needs Redis"
            )
        # SimpleWorker runs jobs in this process: no fork, so SQLAlchemy's pool is never shared
        # across processes and the app context stays valid.
        SimpleWorker(list(queues or ALL_QUEUES), connection=get_redis()).work(burst=burst)
