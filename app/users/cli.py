import click
from flask import Flask
from sqlalchemy import select

from app.core.transactions import use_case
from app.errors import AppError
from app.extensions import db
from app.users import service
from app.users.models import Role, User


@use_case
def _grant(*, openid: str, role: str, station_id: int | None, association_id: int | None):
    """The user of this openid (created if they never logged in) and their new role grant."""
    user = db.session.scalar(select(User).where(User.openid == openid))
    if user is None:
        user = service.get_or_create_by_openid(openid=openid)
    grant = service.grant_role(
        user=user, role=role, station_id=station_id, association_id=association_id
    )
    return user, grant


def register(app: Flask) -> None:
    @app.cli.group("users")
    def users_group():
        """Operator commands for users and roles."""

    @users_group.command("grant-role")
    @click.argument("openid")
    @click.argument("role", type=click.Choice([r.value for r in Role]))
    @click.option("--station-id", type=int)
    @click.option("--association-id", type=int)
    def grant_role_command(openid, role, station_id, association_id):
        """Grant ROLE to the user with OPENID (created if they never logged in)."""
        # By table, not model: stations build on users, so users never import them.
        if station_id is not None and not _exists("stations", station_id):
            raise click.ClickException(f"no station {station_id}")
        if association_id is not None and not _exists("associations", association_id):
            raise click.ClickException(f"no association {association_id}")
        try:
            user, grant = _grant(
                openid=openid, role=role, station_id=station_id, association_id=association_id
            )
        except AppError as error:
            raise click.ClickException(error.message) from None
        click.echo(
            f"user {user.id} ({openid}) is now {role}"
            + (f" of station {grant.station_id}" if grant.station_id else "")
            + (f" of association {grant.association_id}" if grant.association_id else "")
        )


def _exists(table: str, row_id: int) -> bool:
    rows = db.metadata.tables[table]
    return db.session.scalar(select(rows.c.id).where(rows.c.id == row_id)) is not None
