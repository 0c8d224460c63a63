"""Survey bench: load N responses across 135 associations and 5,000 stations with set-based SQL,
then time the figures queries and the national subsidy settlement.

    BENCH_DATABASE_URL=mysql+pymysql://root@127.0.0.1:3306/bench_surveys_10m?charset=utf8mb4 \
    /work/main/.venv/bin/python bench/survey/bench.py --responses 10000000

The database is dropped and re-created (it must be a scratch database) and dropped again at the
end unless --keep. The buffer pool is raised for the run only (--buffer-pool-gb) and restored.
Not part of `make test`.
"""

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))

from sqlalchemy import create_engine, text

from bench.survey.server import LoadSampler, buffer_pool, machine
from bench.survey.verify import verify_counters

ASSOCIATIONS, STATIONS, DAYS = 135, 5000, 10
DEFAULT_URL = "mysql+pymysql://root@127.0.0.1:3306/bench_surveys_10m?charset=utf8mb4"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def timed(label: str, results: dict, fn):
    started = time.perf_counter()
    value = fn()
    results[label] = round(time.perf_counter() - started, 3)
    log(f"{label}: {results[label]} s")
    return value


def make_app(url: str):
    from app import create_app
    from config import TestConfig

    class BenchConfig(TestConfig):
        TESTING = False
        SQLALCHEMY_DATABASE_URI = url
        REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")

    return create_app(BenchConfig)


def server_engine(url: str):
    server, _, rest = url.rpartition("/")
    return create_engine(server + "/?charset=utf8mb4"), rest.split("?")[0]


def recreate_database(url: str, *, create: bool = True) -> None:
    engine, name = server_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        if create:
            connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    engine.dispose()


def strip_secondary_keys(db) -> list[str]:
    """Drop the responses table's secondary indexes and foreign keys before the load and return
    the clauses to add them back: appending in primary-key order to a bare clustered index and
    then building each index by one sort is far faster than maintaining eight B-trees row by
    row once they outgrow the buffer pool."""
    ddl = db.session.execute(text("SHOW CREATE TABLE survey_responses")).one()[1]
    lines = [line.strip().rstrip(",") for line in ddl.splitlines()]
    keys = [line for line in lines if line.startswith(("KEY ", "UNIQUE KEY "))]
    constraints = [line for line in lines if line.startswith("CONSTRAINT ")]
    drops = [f"DROP FOREIGN KEY {line.split()[1]}" for line in constraints]
    db.session.execute(text("ALTER TABLE survey_responses " + ", ".join(drops)))
    drops = [f"DROP KEY {line.split('(')[0].split()[-1]}" for line in keys]
    db.session.execute(text("ALTER TABLE survey_responses " + ", ".join(drops)))
    return [f"ADD {line}" for line in keys + constraints]


def restore_secondary_keys(db, clauses: list[str]) -> None:
    # Rows are consistent by construction: no need to re-check the foreign keys row by row.
    db.session.execute(text("SET SESSION foreign_key_checks = 0"))
    db.session.execute(text("ALTER TABLE survey_responses " + ", ".join(clauses)))
    db.session.execute(text("SET SESSION foreign_key_checks = 1"))


def load(db, responses: int, results: dict) -> int:
    """Organisation, one survey, 5,135 links and `responses` rows, all set-based."""
    from app.surveys.demo import QUESTIONNAIRE

    run = lambda sql, **p: db.session.execute(text(sql), p)  # noqa: E731
    run("CREATE TABLE bench_numbers (n INT PRIMARY KEY)")
    run(
        "INSERT INTO bench_numbers (n) SELECT a.seq + 100 * b.seq FROM "
        "(SELECT seq FROM seq_0_to_99) a CROSS JOIN (SELECT seq FROM seq_0_to_99) b"
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    run(
        "INSERT INTO associations (id, name, region, created_at) SELECT n + 1, "
        "CONCAT('协会', n + 1), CONCAT('地区', n + 1), :now FROM bench_numbers WHERE n < :a",
        a=ASSOCIATIONS,
        now=now,
    )
    run(
        "INSERT INTO stations (id, association_id, name, kind, status, place_type,"
        " party_member_post, created_at) SELECT n + 1, 1 + n % :a, CONCAT('服务站', n + 1),"
        " 'service_station', 'active', 'other', 0, :now "
        "FROM bench_numbers WHERE n < :s",
        a=ASSOCIATIONS,
        s=STATIONS,
        now=now,
    )
    run(
        "INSERT INTO users (id, openid, age_band, created_at) VALUES (1, 'bench_admin', "
        "'unknown', :now)",
        now=now,
    )
    run(
        "INSERT INTO surveys (id, title, questionnaire, collection_starts_at, collection_ends_at,"
        " min_seconds, straight_line_min_rows, points, subsidy_fen_per_valid, review_revision,"
        " created_at) VALUES (1, 'bench', :q, '2023-09-12 16:00:00', '2023-09-22 16:00:00', 60,"
        " 5, 0, 10, 0, :now)",
        q=json.dumps(QUESTIONNAIRE, ensure_ascii=False),
        now=now,
    )
    links = STATIONS + ASSOCIATIONS
    # Entrances and links: station links first (ids 1..5000), then association links.
    run(
        "INSERT INTO entrances (id, scene, kind, target_id, station_id, created_at) "
        "SELECT n + 1, CONCAT('B', LPAD(n + 1, 7, '0')), 'survey_link', n + 1, "
        "IF(n < :s, n + 1, NULL), :now FROM bench_numbers WHERE n < :l",
        s=STATIONS,
        l=links,
        now=now,
    )
    run(
        "INSERT INTO survey_links (id, survey_id, target_key, association_id, station_id,"
        " entrance_id, created_at) SELECT n + 1, 1, IF(n < :s, CONCAT('station:', n + 1),"
        " CONCAT('association:', n - :s + 1)), IF(n < :s, 1 + n % :a, n - :s + 1),"
        " IF(n < :s, n + 1, NULL), n + 1, :now FROM bench_numbers WHERE n < :l",
        s=STATIONS,
        a=ASSOCIATIONS,
        l=links,
        now=now,
    )
    db.session.commit()
    # Bulk-load session settings only (the server is shared): uniqueness holds by construction.
    run("SET SESSION unique_checks = 0, foreign_key_checks = 0")
    chunk = 1_000_000
    day_seconds = f"((k DIV {links}) % {DAYS}) * 86400"
    start = "'2023-09-12 16:00:00'"  # 2023-09-13 00:00 Beijing
    started = time.perf_counter()
    for offset in range(0, responses, chunk):
        size = min(chunk, responses - offset)
        # Row k: link k % 5135 (every collector gets rows), day (k DIV 5135) % 10 (every
        # collector on every day: 51,350 counter rows, the national worst case), about 8%
        # flagged too fast, the portrait varying with k.
        run(
            f"""
            INSERT INTO survey_responses (id, survey_id, link_id, station_id, association_id,
                user_id, first_user_id, client_id, started_at, submitted_at, shanghai_day,
                duration_seconds, answers, flags, auto_valid, is_valid)
            SELECT k, 1, l.id, l.station_id, l.association_id, NULL, k, CONCAT('bench-', k),
                TIMESTAMPADD(SECOND, {day_seconds} + 3600 - 300, {start}),
                TIMESTAMPADD(SECOND, {day_seconds} + 3600, {start}),
                DATE_ADD('2023-09-13', INTERVAL (k DIV {links}) % {DAYS} DAY),
                IF(k % 25 < 2, 20, 300),
                CONCAT('{{"age_band": "', ELT(1 + k % 6, 'u18', '18_24', '25_34', '35_49',
                    '50_64', '65p'), '", "occupation": "', ELT(1 + (k DIV 7) % 6, 'student',
                    'employee', 'civil', 'freelance', 'retired', 'other'), '", "region": "',
                    IF((k DIV 3) % 2 = 0, 'urban', 'rural'),
                    '", "satisfaction": {{"fraud": "5", "privacy": "4", "minors": "4",',
                    ' "rumours": "3", "platform": "4"}}}}'),
                IF(k % 25 < 2, '[{{"flag": "too_fast", "reason": "Answered in 20 s."}}]', '[]'),
                k % 25 >= 2, k % 25 >= 2
            FROM (SELECT {offset} + a.n * 1000 + b.n + 1 AS k FROM bench_numbers a
                  JOIN bench_numbers b ON b.n < 1000
                  WHERE a.n < CEIL({size} / 1000)) nums
            JOIN survey_links l ON l.id = 1 + (nums.k - 1) % {links}
            WHERE nums.k <= {offset + size}
            """
        )
        db.session.commit()
        done = offset + size
        rate = done / (time.perf_counter() - started)
        log(f"responses: {done:,} ({rate:,.0f} rows/s)")
    results["load_responses_s"] = round(time.perf_counter() - started, 1)
    results["load_rows_per_s"] = round(responses / results["load_responses_s"])
    run("SET SESSION unique_checks = 1, foreign_key_checks = 1")
    return links


def build_counters(db, results: dict) -> None:
    """The counters the submit path keeps incrementally, built once from the loaded rows: the
    daily ones by the domain's own repair tool (`flask surveys rebuild-counts`), the portrait
    ones (kept by submit and review only, no repair tool) in one scan here."""
    from app.surveys.counters import rebuild_daily_counts

    def daily():
        rebuild_daily_counts(survey_id=1)
        db.session.commit()

    def portrait():
        run = lambda sql: db.session.execute(text(sql))  # noqa: E731
        run("DROP TEMPORARY TABLE IF EXISTS bench_portrait")
        # Up to 5,135 links × 72 answer combinations: keep the grouping in memory (session).
        run("SET SESSION tmp_table_size = 536870912, max_heap_table_size = 536870912")
        run(
            "CREATE TEMPORARY TABLE bench_portrait SELECT link_id, MIN(station_id) station_id,"
            " MIN(association_id) association_id, JSON_VALUE(answers, '$.age_band') age_band,"
            " JSON_VALUE(answers, '$.occupation') occupation,"
            " JSON_VALUE(answers, '$.region') region, COUNT(*) n FROM survey_responses"
            " WHERE survey_id = 1 AND is_valid GROUP BY link_id, age_band, occupation, region"
        )
        for question in ("age_band", "occupation", "region"):
            run(
                "INSERT INTO survey_portrait_counts (survey_id, link_id, question_id,"
                " option_value, station_id, association_id, count)"
                f" SELECT 1, link_id, '{question}', {question}, MIN(station_id),"
                f" MIN(association_id), SUM(n) FROM bench_portrait GROUP BY link_id, {question}"
            )
        run("DROP TEMPORARY TABLE bench_portrait")
        db.session.commit()

    timed("rebuild_daily_counters_s", results, daily)
    timed("build_portrait_counters_s", results, portrait)


def measure(db, results: dict, repeat: int = 7) -> None:
    from app.surveys.figures import Scope, figures
    from app.surveys.models import Survey
    from app.surveys.settlement import settle

    survey = db.session.get(Survey, 1)
    scopes = {
        "figures_national_s": Scope(national=True),
        "figures_association_s": Scope(station_ids=frozenset(), association_ids=frozenset({7})),
        "figures_station_s": Scope(station_ids=frozenset({42}), association_ids=frozenset()),
    }
    for label, scope in scopes.items():
        figures(survey=survey, scope=scope)  # warm the buffer pool once
        db.session.rollback()
        # Several runs: on a shared machine one sample says little about the next request.
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            data = figures(survey=survey, scope=scope)
            times.append(time.perf_counter() - started)
            db.session.rollback()
        times.sort()
        results[label] = round(times[len(times) // 2], 3)
        results[label.removesuffix("_s") + "_max_s"] = round(times[-1], 3)
        results[label.removesuffix("_s") + "_valid"] = data["totals"]["valid"]
        log(f"{label}: median {times[len(times) // 2]:.3f} s, max {times[-1]:.3f} s of {repeat}")
    # For comparison: the same per-station count straight from the responses table.
    timed(
        "raw_group_by_station_for_one_association_s",
        results,
        lambda: db.session.execute(
            text(
                "SELECT station_id, SUM(is_valid) FROM survey_responses WHERE survey_id = 1"
                " AND association_id = 7 GROUP BY station_id"
            )
        ).all(),
    )
    db.session.rollback()
    summary = timed("settle_national_s", results, lambda: settle(survey_id=1))
    results["settle_lines"] = summary["lines_written"]
    results["settle_total_fen"] = summary["delta_fen"]
    again = timed("settle_rerun_unchanged_s", results, lambda: settle(survey_id=1))
    results["settle_rerun_lines"] = again["lines_written"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument(
        "--buffer-pool-gb", type=float, default=6, help="For the run only (0: leave it)."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the database at the end.")
    parser.add_argument("--output", help="Also write the results (JSON) to this file.")
    parser.add_argument("--skip-load", action="store_true", help="Measure an existing load.")
    parser.add_argument(
        "--build-counters", action="store_true", help="With --skip-load: rebuild the counters."
    )
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    results: dict = {"responses": args.responses}
    engine, _ = server_engine(url)
    results["machine"] = machine(engine)
    results["machine"]["load_average_at_start"] = round(os.getloadavg()[0], 1)
    log(f"machine: {results['machine']}")
    pool = int(args.buffer_pool_gb * 2**30)
    try:
        with buffer_pool(engine, pool, log) as size, LoadSampler() as sampler:
            results["machine"]["buffer_pool_mb"] = round(size / 2**20)
            run(url, args, results)
        results["machine"]["load_average_during_run"] = sampler.summary()
    finally:
        if not args.keep:
            recreate_database(url, create=False)
            log("scratch database dropped")
        engine.dispose()
    report = json.dumps(results, indent=2, ensure_ascii=False)
    print(report)
    if args.output:
        with open(args.output, "w") as handle:
            handle.write(report + "\n")


def run(url: str, args, results: dict) -> None:
    if not args.skip_load:
        recreate_database(url)
    app = make_app(url)
    from app.extensions import db

    with app.app_context():
        if not args.skip_load:
            db.create_all()
            clauses = strip_secondary_keys(db)
            load(db, args.responses, results)
            timed("build_indexes_s", results, lambda: restore_secondary_keys(db, clauses))
            build_counters(db, results)
        else:
            db.session.execute(text("DELETE FROM survey_subsidy_lines"))
            if args.build_counters:
                db.session.execute(text("DELETE FROM survey_portrait_counts"))
                build_counters(db, results)
            results["responses"] = db.session.scalar(text("SELECT COUNT(*) FROM survey_responses"))
            db.session.commit()
        verify_counters(db, results["responses"], results)
        results["daily_counter_rows"] = db.session.scalar(
            text("SELECT COUNT(*) FROM survey_daily_counts")
        )
        results["portrait_counter_rows"] = db.session.scalar(
            text("SELECT COUNT(*) FROM survey_portrait_counts")
        )
        results["table_size_gb"] = round(
            float(
                db.session.scalar(
                    text(
                        "SELECT SUM(data_length + index_length) / POW(1024, 3) FROM"
                        " information_schema.tables WHERE table_schema = DATABASE()"
                        " AND table_name = 'survey_responses'"
                    )
                )
            ),
            2,
        )
        measure(db, results)
        results["load_average_after_measure"] = round(os.getloadavg()[0], 1)
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
