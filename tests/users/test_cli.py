"""Operator commands: grant a role, seed the demo data (idempotently)."""

from sqlalchemy import func, select

from app.extensions import db
from app.users.models import RoleGrant, User


def test_grant_role_makes_the_first_association_admin(app, factory):
    association = factory.association()
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "grant-role",
            "first_admin",
            "association_admin",
            "--association-id",
            str(association.id),
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.openid == "first_admin"))
    assert [(g.role, g.association_id) for g in user.roles] == [
        ("association_admin", association.id)
    ]


def test_grant_role_refuses_a_scoped_role_without_its_scope(app):
    result = app.test_cli_runner().invoke(args=["users", "grant-role", "x_admin", "station_admin"])
    assert result.exit_code != 0
    assert "--station-id" in result.output
    assert db.session.scalar(select(func.count()).select_from(RoleGrant)) == 0


def test_grant_role_refuses_an_unknown_station(app):
    result = app.test_cli_runner().invoke(
        args=["users", "grant-role", "x_admin", "station_admin", "--station-id", "999999"]
    )
    assert result.exit_code != 0 and "no station" in result.output


def test_seed_demo_twice_changes_nothing(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    counts = {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    again = {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }
    assert counts == again
    assert counts["users"] >= 5
    assert "test-demo_resident" in first.output
