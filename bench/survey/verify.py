"""Checks that the bulk-built counters equal what the submit path would have kept."""

import time

from sqlalchemy import text


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def verify_counters(db, responses: int, results: dict, sample: int = 25) -> None:
    """The counters must equal what the submit path would have kept: totals against the numbers
    the load generated, and a sample of links against a GROUP BY over their responses."""
    one = lambda sql, **p: db.session.execute(text(sql), p).one()  # noqa: E731
    totals = one(
        "SELECT SUM(valid_count), SUM(invalid_count), SUM(too_fast_count),"
        " SUM(outside_window_count + duplicate_count + straight_lining_count + incomplete_count)"
        " FROM survey_daily_counts WHERE survey_id = 1"
    )
    # Row k is invalid (flagged too fast) iff k % 25 < 2.
    invalid = responses // 25 + (responses + 24) // 25
    expected = (responses - invalid, invalid, invalid, 0)
    assert tuple(int(v) for v in totals) == expected, (totals, expected)
    links = [
        row[0]
        for row in db.session.execute(
            text("SELECT id FROM survey_links ORDER BY RAND(7) LIMIT :n"), {"n": sample}
        )
    ]
    columns = "valid_count, invalid_count, too_fast_count"
    for link in links:
        counted = db.session.execute(
            text(
                f"SELECT day, {columns} FROM survey_daily_counts WHERE survey_id = 1"
                " AND link_id = :link ORDER BY day"
            ),
            {"link": link},
        ).all()
        raw = db.session.execute(
            text(
                "SELECT shanghai_day, SUM(is_valid), SUM(1 - is_valid),"
                ' SUM(JSON_CONTAINS(flags, \'{"flag": "too_fast"}\')) FROM survey_responses'
                " WHERE survey_id = 1 AND link_id = :link GROUP BY shanghai_day ORDER BY 1"
            ),
            {"link": link},
        ).all()
        assert sorted(tuple(map(str, r)) for r in counted) == sorted(
            tuple(map(str, r)) for r in raw
        ), link
        counted = db.session.execute(
            text(
                "SELECT question_id, option_value, count FROM survey_portrait_counts"
                " WHERE survey_id = 1 AND link_id = :link ORDER BY 1, 2"
            ),
            {"link": link},
        ).all()
        raw = db.session.execute(
            text(
                "SELECT q.id, JSON_VALUE(r.answers, CONCAT('$.', q.id)) v, COUNT(*)"
                " FROM survey_responses r JOIN (SELECT 'age_band' id UNION ALL"
                " SELECT 'occupation' UNION ALL SELECT 'region') q"
                " WHERE r.survey_id = 1 AND r.link_id = :link AND r.is_valid"
                " GROUP BY q.id, v ORDER BY 1, 2"
            ),
            {"link": link},
        ).all()
        assert sorted(tuple(map(str, r)) for r in counted) == sorted(
            tuple(map(str, r)) for r in raw
        ), link
    db.session.rollback()
    results["counters_verified"] = f"totals + {len(links)} sampled links (daily and portrait)"
    log(f"counters verified: {results['counters_verified']}")
