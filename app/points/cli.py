import click
from flask import Flask

from app.points.reconcile import reconcile


def register(app: Flask) -> None:
    @app.cli.group("points")
    def points_group():
        """Operator commands for the 宝盾 ledger."""

    @points_group.command("reconcile")
    def reconcile_command():
        """Check the books: transfers balanced, balances equal entries, nothing negative, gift
        stock conserved. Exits 1 and lists the rows when anything is off."""
        problems = reconcile()
        for problem in problems:
            click.echo(str(problem), err=True)
        if problems:
            raise SystemExit(1)
        click.echo("ledger reconciled: no problems")
