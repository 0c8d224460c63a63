"""`flask surveys rebuild-counts` recounts the daily counters from the responses, on either
engine (it used MariaDB's JSON_SEARCH, which SQLite lacks)."""

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.surveys.models import SurveyDailyCount
from tests.surveys.factories import answers


def counters(survey_id: int) -> list[tuple]:
    db.session.rollback()
    rows = db.session.scalars(
        select(SurveyDailyCount)
        .where(SurveyDailyCount.survey_id == survey_id)
        .order_by(SurveyDailyCount.link_id, SurveyDailyCount.day)
    )
    return [
        (
            row.link_id,
            row.valid_count,
            row.invalid_count,
            row.too_fast_count,
            row.straight_lining_count,
            row.duplicate_count,
        )
        for row in rows
    ]


def test_rebuilding_gives_back_the_counters_submits_kept(app, world):
    first = world.factory.resident()
    assert world.submit(first).get_json()["is_valid"] is True
    world.submit(first)  # a second attempt: duplicate
    fast = world.submit(world.factory.resident(), started=world.clock.now - timedelta(seconds=5))
    assert fast.get_json()["is_valid"] is False
    same = {row: "5" for row in ("fraud", "privacy", "minors", "rumours", "platform")}
    world.submit(
        world.factory.resident(),
        link=world.other_station_link,
        answer_set=answers(satisfaction=same),
    )
    kept = counters(world.survey["id"])
    assert sum(row[1] for row in kept) == 1 and sum(row[2] for row in kept) == 3

    db.session.execute(SurveyDailyCount.__table__.update().values(valid_count=99, too_fast_count=7))
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["surveys", "rebuild-counts", str(world.survey["id"])]
    )
    assert result.exit_code == 0, result.output
    assert counters(world.survey["id"]) == kept
