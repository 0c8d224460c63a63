import json

import click
from flask import Flask

from app.core.transactions import use_case
from app.surveys.counters import rebuild_daily_counts
from app.surveys.settlement import settle


def register(app: Flask) -> None:
    @app.cli.group("surveys")
    def surveys_group():
        """Satisfaction survey operations."""

    @surveys_group.command("settle-subsidy")
    @click.argument("survey_id", type=int)
    @click.option("--fen-per-valid", type=int, default=None, help="Override the survey's rate.")
    def settle_subsidy(survey_id, fen_per_valid):
        """Write the subsidy statement lines of a closed survey (adjustments on re-runs)."""
        click.echo(json.dumps(settle(survey_id=survey_id, fen_per_valid=fen_per_valid)))

    @surveys_group.command("rebuild-counts")
    @click.argument("survey_id", type=int)
    def rebuild_counts(survey_id):
        """Recount a survey's daily counters from its responses (repair)."""
        use_case(rebuild_daily_counts)(survey_id=survey_id)
        click.echo(f"survey {survey_id}: daily counters rebuilt")
