"""Counters kept in the submit and review transactions: figures read these instead of scanning
millions of responses. Upserts are atomic increments, so concurrent submits never lose a count."""

from sqlalchemy import text

from app.extensions import db
from app.surveys.models import Flag, SurveyResponse

FLAG_COLUMNS = {
    Flag.OUTSIDE_WINDOW: "outside_window_count",
    Flag.TOO_FAST: "too_fast_count",
    Flag.DUPLICATE: "duplicate_count",
    Flag.STRAIGHT_LINING: "straight_lining_count",
    Flag.INCOMPLETE: "incomplete_count",
}

DAILY_UPSERT = text(
    """
    INSERT INTO survey_daily_counts (survey_id, link_id, day, station_id, association_id,
        valid_count, invalid_count, outside_window_count, too_fast_count, duplicate_count,
        straight_lining_count, incomplete_count)
    VALUES (:survey_id, :link_id, :day, :station_id, :association_id, :valid, :invalid,
        :outside_window, :too_fast, :duplicate, :straight_lining, :incomplete)
    ON DUPLICATE KEY UPDATE
        valid_count = valid_count + VALUES(valid_count),
        invalid_count = invalid_count + VALUES(invalid_count),
        outside_window_count = outside_window_count + VALUES(outside_window_count),
        too_fast_count = too_fast_count + VALUES(too_fast_count),
        duplicate_count = duplicate_count + VALUES(duplicate_count),
        straight_lining_count = straight_lining_count + VALUES(straight_lining_count),
        incomplete_count = incomplete_count + VALUES(incomplete_count)
    """
)

PORTRAIT_UPSERT = text(
    """
    INSERT INTO survey_portrait_counts (survey_id, link_id, question_id, option_value,
        station_id, association_id, count)
    VALUES (:survey_id, :link_id, :question_id, :option_value, :station_id, :association_id,
        :delta)
    ON DUPLICATE KEY UPDATE count = count + VALUES(count)
    """
)


def _key(response: SurveyResponse) -> dict:
    return {
        "survey_id": response.survey_id,
        "link_id": response.link_id,
        "station_id": response.station_id,
        "association_id": response.association_id,
    }


def count_submitted(response: SurveyResponse, portrait: list[tuple[str, str]]) -> None:
    """Count a new response: valid or invalid, its automatic flags, and (valid) its portrait."""
    raised = {item["flag"] for item in response.flags}
    values = {
        column.removesuffix("_count"): int(flag in raised) for flag, column in FLAG_COLUMNS.items()
    }
    db.session.execute(
        DAILY_UPSERT,
        {
            **_key(response),
            "day": response.shanghai_day,
            "valid": int(response.is_valid),
            "invalid": int(not response.is_valid),
            **values,
        },
    )
    if response.is_valid:
        count_portrait(response, portrait, delta=1)


def count_review(response: SurveyResponse, portrait: list[tuple[str, str]], *, now_valid: bool):
    """Move one response between valid and invalid in the counters (validity changed)."""
    step = 1 if now_valid else -1
    zero = {name.removesuffix("_count"): 0 for name in FLAG_COLUMNS.values()}
    db.session.execute(
        DAILY_UPSERT,
        {**_key(response), "day": response.shanghai_day, "valid": step, "invalid": -step, **zero},
    )
    count_portrait(response, portrait, delta=step)


def count_portrait(response: SurveyResponse, portrait: list[tuple[str, str]], *, delta: int):
    # Sorted so two transactions touch portrait rows in one order and cannot deadlock.
    for question_id, option_value in sorted(set(portrait)):
        db.session.execute(
            PORTRAIT_UPSERT,
            {
                **_key(response),
                "question_id": question_id,
                "option_value": option_value,
                "delta": delta,
            },
        )


REBUILD_DAILY = """
    INSERT INTO survey_daily_counts (survey_id, link_id, day, station_id, association_id,
        valid_count, invalid_count, outside_window_count, too_fast_count, duplicate_count,
        straight_lining_count, incomplete_count)
    SELECT survey_id, link_id, shanghai_day, MIN(station_id), MIN(association_id),
        SUM(is_valid), SUM(1 - is_valid),
        SUM(JSON_SEARCH(flags, 'one', 'outside_collection_window', NULL, '$[*].flag') IS NOT NULL),
        SUM(JSON_SEARCH(flags, 'one', 'too_fast', NULL, '$[*].flag') IS NOT NULL),
        SUM(JSON_SEARCH(flags, 'one', 'duplicate', NULL, '$[*].flag') IS NOT NULL),
        SUM(JSON_SEARCH(flags, 'one', 'straight_lining', NULL, '$[*].flag') IS NOT NULL),
        SUM(JSON_SEARCH(flags, 'one', 'incomplete', NULL, '$[*].flag') IS NOT NULL)
    FROM survey_responses WHERE survey_id = :survey_id
    GROUP BY survey_id, link_id, shanghai_day
"""


def rebuild_daily_counts(*, survey_id: int) -> None:
    """Recount a survey's daily counters from its responses (repair tool; flushes only).
    The portrait counters are kept by submit and review only."""
    db.session.execute(
        text("DELETE FROM survey_daily_counts WHERE survey_id = :survey_id"),
        {"survey_id": survey_id},
    )
    db.session.execute(text(REBUILD_DAILY), {"survey_id": survey_id})
