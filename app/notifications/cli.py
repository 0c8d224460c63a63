import click
from flask import Flask

from app.notifications.jobs import enqueue_delivery
from app.notifications.service import stale_queued_ids


def register(app: Flask) -> None:
    @app.cli.group("notifications")
    def notifications_group():
        """Subscribe-message notifications."""

    @notifications_group.command("resend")
    @click.option("--older-than-minutes", default=10, show_default=True, type=int)
    def resend(older_than_minutes):
        """Queue again notifications left `queued` (e.g. Redis was down when they were made)."""
        ids = stale_queued_ids(older_than_minutes=older_than_minutes)
        for notification_id in ids:
            enqueue_delivery(notification_id)
        click.echo(f"queued {len(ids)} notification(s) again")
