import click
from flask import Flask

from app.hours.settlement import credit_verified_hours


def register(app: Flask) -> None:
    @app.cli.group("hours")
    def hours_group():
        """Service hours."""

    @hours_group.command("credit")
    @click.option("--station-id", type=int, help="Only this station's records.")
    @click.option("--chunk-size", type=int, default=100, show_default=True)
    def credit(station_id, chunk_size):
        """Credit 宝盾 for verified, uncredited records (exactly once per record)."""
        result = credit_verified_hours(
            scope={"station_id": station_id} if station_id else {}, chunk_size=chunk_size
        )
        click.echo(f"{result['applied']} of {result['items']} record(s) settled")
        for failure in result["failed"]:
            click.echo(f"  not settled: {failure['item_key']}: {failure['error']}", err=True)
        if result["failed"]:
            raise SystemExit(1)
