"""Counters kept in the submit and review transactions: figures read these instead of scanning
millions of responses. Upserts are atomic increments, so concurrent submits never lose a count."""

from sqlalchemy import text

from app.core.upsert import insert_or_add, is_mysql
from app.extensions import db
from app.surveys.models import Flag, SurveyDailyCount, SurveyPortraitCount, SurveyResponse

FLAG_COLUMNS = {
    Flag.OUTSIDE_WINDOW: "outside_window_count",
    Flag.TOO_FAST: "too_fast_count",
    Flag.DUPLICATE: "duplicate_count",
    Flag.STRAIGHT_LINING: "straight_lining_count",
    Flag.INCOMPLETE: "incomplete_count",
}

DAILY_COUNTS = ("valid_count", "invalid_count", *FLAG_COLUMNS.values())


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
    values = {column: int(flag in raised) for flag, column in FLAG_COLUMNS.items()}
    insert_or_add(
        SurveyDailyCount,
        values={
            **_key(response),
            "day": response.shanghai_day,
            "valid_count": int(response.is_valid),
            "invalid_count": int(not response.is_valid),
            **values,
        },
        add=DAILY_COUNTS,
    )
    if response.is_valid:
        count_portrait(response, portrait, delta=1)


def count_review(response: SurveyResponse, portrait: list[tuple[str, str]], *, now_valid: bool):
    """Move one response between valid and invalid in the counters (validity changed)."""
    step = 1 if now_valid else -1
    zero = dict.fromkeys(FLAG_COLUMNS.values(), 0)
    insert_or_add(
        SurveyDailyCount,
        values={
            **_key(response),
            "day": response.shanghai_day,
            "valid_count": step,
            "invalid_count": -step,
            **zero,
        },
        add=DAILY_COUNTS,
    )
    count_portrait(response, portrait, delta=step)


def count_portrait(response: SurveyResponse, portrait: list[tuple[str, str]], *, delta: int):
    # Sorted so two transactions touch portrait rows in one order and cannot deadlock.
    for question_id, option_value in sorted(set(portrait)):
        insert_or_add(
            SurveyPortraitCount,
            values={
                **_key(response),
                "question_id": question_id,
                "option_value": option_value,
                "count": delta,
            },
            add=("count",),
        )


def _flag_raised(flag: str) -> str:
    """SQL: 1 when the response's flags list holds `flag` (flags are fixed words, not input)."""
    if is_mysql():
        return f"(JSON_SEARCH(flags, 'one', '{flag}', NULL, '$[*].flag') IS NOT NULL)"
    return f"EXISTS (SELECT 1 FROM json_each(flags) WHERE json_extract(value, '$.flag') = '{flag}')"


REBUILD_DAILY = """
    INSERT INTO survey_daily_counts (survey_id, link_id, day, station_id, association_id,
        valid_count, invalid_count, outside_window_count, too_fast_count, duplicate_count,
        straight_lining_count, incomplete_count)
    SELECT survey_id, link_id, shanghai_day, MIN(station_id), MIN(association_id),
        SUM(is_valid), SUM(1 - is_valid),
        {flag_sums}
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
    flag_sums = ", ".join(f"SUM({_flag_raised(flag.value)})" for flag in FLAG_COLUMNS)
    db.session.execute(text(REBUILD_DAILY.format(flag_sums=flag_sums)), {"survey_id": survey_id})
