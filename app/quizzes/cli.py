import click
from flask import Flask

from app.core.transactions import use_case
from app.errors import AppError
from app.extensions import db
from app.quizzes import bank_io, scoping
from app.quizzes.bank import import_questions
from app.quizzes.models import Scope
from app.stations.models import Association, Station


def register(app: Flask) -> None:
    @app.cli.group("quiz")
    def quiz_group():
        """Operator commands for the quiz question bank."""

    @quiz_group.command("import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--association-id", type=int, help="Import into this association's bank.")
    @click.option("--station-id", type=int, help="Import into this station's bank.")
    def import_command(path, association_id, station_id):
        """Import a question bank from an .xlsx or .csv file (national bank by default); valid
        rows are imported and rejected rows are listed with their row number and reason."""
        scope, station = Scope.NATIONAL, None
        if station_id is not None:
            station = db.session.get(Station, station_id)
            if station is None:
                raise click.ClickException(f"no station {station_id}")
            scope, association_id = Scope.STATION, station.association_id
        elif association_id is not None:
            if db.session.get(Association, association_id) is None:
                raise click.ClickException(f"no association {association_id}")
            scope = Scope.ASSOCIATION
        try:
            with open(path, "rb") as handle:
                rows = bank_io.parse_rows(bank_io.read_table(handle.read(), path))
        except AppError as error:
            raise click.ClickException(error.message) from None
        with click.progressbar(length=len(rows), label="Importing questions") as bar:
            report = use_case(import_questions)(
                rows=rows,
                scope=scope,
                association_id=association_id,
                station_id=station.id if station else None,
                created_by_id=None,
                on_row=lambda: bar.update(1),
            )
        bank = scoping.bank_key(scope, association_id, station.id if station else None)
        click.echo(f"Imported {report.imported} questions into the {bank} bank.")
        if report.rejected:
            click.echo(f"Rejected {len(report.rejected)} rows:")
            for item in report.rejected:
                click.echo(f"  row {item['row']}: {item['reason']}")
