from datetime import datetime

import click
from flask import Flask

from app.gifts.service import expire_due_redemptions


def register(app: Flask) -> None:
    @app.cli.group("gifts")
    def gifts_group():
        """Operator commands for gifts and redemptions."""

    @gifts_group.command("expire")
    @click.option("--now", help="Pretend it is this instant (ISO 8601 with offset).")
    def expire_command(now):
        """Expire pending redemptions past their pickup deadline (refund points, restock)."""
        when = datetime.fromisoformat(now) if now else None
        if when is not None and when.tzinfo is None:
            raise click.BadParameter(
                "give an offset, e.g. 2026-09-13T09:00:00+08:00", param_hint="--now"
            )
        click.echo(f"expired {expire_due_redemptions(when)} redemption(s)")
