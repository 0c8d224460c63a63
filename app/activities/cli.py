import click
from flask import Flask

from app.activities.jobs import close_forgotten_checkouts_job
from app.core.queues import DEFAULT, enqueue


def register(app: Flask) -> None:
    @app.cli.group("activities")
    def activities_group():
        """Activities: attendance housekeeping."""

    @activities_group.command("close-checkouts")
    def close_checkouts():
        """Enqueue the job that caps forgotten check-outs at the activity's end (idempotent)."""
        job = enqueue(DEFAULT, close_forgotten_checkouts_job, job_id="close-forgotten-checkouts")
        if job.is_finished:
            click.echo(f"closed {job.return_value()} forgotten check-out(s)")
        else:
            click.echo(f"enqueued job {job.id} on {DEFAULT}")
