import click
from flask import Flask

from app.core.transactions import use_case
from app.errors import AppError
from app.extensions import db
from app.stations import invites, qrcode
from app.stations.models import Station
from app.stations.service import ensure_station_entrance


def _station(station_id: int) -> Station:
    station = db.session.get(Station, station_id)
    if station is None:
        raise click.ClickException(f"no station {station_id}")
    return station


def register(app: Flask) -> None:
    @app.cli.group("stations")
    def stations_group():
        """Operator commands for stations."""

    @stations_group.command("code")
    @click.argument("station_id", type=int)
    @click.option("--out", type=click.Path(dir_okay=False, writable=True), help="write the PNG")
    def code_command(station_id, out):
        """Print STATION_ID's scene; with --out, write its mini-program code PNG."""
        station = _station(station_id)
        scene = use_case(ensure_station_entrance)(station=station).scene
        click.echo(f"station {station.id} {station.name}: scene {scene}")
        if out:
            try:
                scene, png = qrcode.station_qrcode(station=station)
            except AppError as error:
                raise click.ClickException(error.message) from None
            with open(out, "wb") as handle:
                handle.write(png)
            click.echo(f"wrote {len(png)} bytes of PNG to {out}")

    @stations_group.command("invite")
    @click.argument("station_id", type=int)
    @click.option("--hours", type=click.IntRange(1, 168), help="valid for (default 24)")
    def invite_command(station_id, hours):
        """Print a fresh one-time admin invite code for STATION_ID."""
        station = _station(station_id)
        try:
            code, invite = invites.issue_invite(actor=None, station=station, ttl_hours=hours)
        except AppError as error:
            raise click.ClickException(error.message) from None
        click.echo(f"invite code for station {station.id} {station.name}: {code}")
        click.echo(f"expires at {invite.expires_at.isoformat()} (UTC); it works once")
