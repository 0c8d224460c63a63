"""The subsidy statement: valid count × rate in fen per station and association, append-only,
with adjustment lines after re-reviews; materialise/apply tested directly (the engine is built
elsewhere), and the CLI that runs without it."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from app.core.time import utcnow
from app.errors import Conflict
from app.extensions import db
from app.settlements.kinds import KINDS
from app.surveys import settlement
from app.surveys.models import SubsidyLine, Survey
from tests.support import assert_documented
from tests.surveys.factories import beijing


def _collect(world, station=3, association=2, flagged=1):
    moment = beijing(2023, 9, 15, 10, 0)
    world.clock.now = moment
    ids = []
    for link, count, valid in (
        (world.station_link, station, True),
        (world.association_link, association, True),
        (world.station_link, flagged, False),
    ):
        for _ in range(count):
            started = moment - (timedelta(minutes=5) if valid else timedelta(seconds=1))
            ids.append(
                world.submit(world.factory.resident(), link=link, started=started).get_json()["id"]
            )
    return ids


def _run(survey_id, **scope):
    """What the engine does: materialise, then apply each item (here in one transaction)."""
    items = list(settlement.materialise({"survey_id": survey_id, **scope}))
    for item in items:
        settlement.apply(item)
    db.session.commit()
    return items


def _lines(survey_id):
    return db.session.scalars(
        select(SubsidyLine).where(SubsidyLine.survey_id == survey_id).order_by(SubsidyLine.id)
    ).all()


def test_the_kind_is_registered_for_the_engine():
    assert KINDS["survey_subsidy"].materialise is settlement.materialise
    assert KINDS["survey_subsidy"].apply is settlement.apply


def test_each_station_and_association_is_paid_ten_percent_of_its_valid_count(world):
    _collect(world)
    items = _run(world.survey["id"])
    by_payee = {item.payload["payee_key"]: item for item in items}
    assert by_payee[f"station:{world.station.id}"].amount == 30  # 3 valid × 10 fen
    assert by_payee[f"association:{world.association.id}"].amount == 20
    assert by_payee[f"station:{world.station.id}"].station_id == world.station.id
    assert len(items) == 2  # stations with no valid answers get no line
    lines = _lines(world.survey["id"])
    assert [
        (line.valid_count, line.new_total_fen, line.previous_total_fen, line.is_adjustment)
        for line in lines
    ] == [
        (2, 20, 0, False),
        (3, 30, 0, False),
    ]


def test_half_a_million_valid_answers_pay_fifty_thousand_yuan(world):
    """Seed 000: 50万 valid × 10% = 5万 yuan = 5,000,000 fen, no cap."""
    db.session.execute(
        text(
            "INSERT INTO survey_daily_counts (survey_id, link_id, day, station_id, association_id,"
            " valid_count, invalid_count, outside_window_count, too_fast_count, duplicate_count,"
            " straight_lining_count, incomplete_count) VALUES (:s, :l, '2023-09-15', :st, :a,"
            " 500000, 0, 0, 0, 0, 0, 0)"
        ),
        {
            "s": world.survey["id"],
            "l": world.station_link["id"],
            "st": world.station.id,
            "a": world.association.id,
        },
    )
    db.session.commit()
    (item,) = _run(world.survey["id"])
    assert item.amount == 5_000_000


def test_the_rate_is_configurable(world):
    _collect(world)
    items = _run(world.survey["id"], fen_per_valid=25)
    assert sorted(item.amount for item in items) == [50, 75]


def test_running_again_on_the_same_data_writes_nothing(world):
    _collect(world)
    first = list(settlement.materialise({"survey_id": world.survey["id"]}))
    again = list(settlement.materialise({"survey_id": world.survey["id"]}))
    assert [i.item_key for i in first] == [i.item_key for i in again]  # deterministic keys
    for item in first + again:  # the same item applied twice (a retried chunk)
        settlement.apply(item)
    db.session.commit()
    assert len(_lines(world.survey["id"])) == 2
    assert _run(world.survey["id"]) == []
    assert len(_lines(world.survey["id"])) == 2


def test_a_rerun_after_re_reviews_adds_adjustment_lines_and_changes_nothing_before(world):
    ids = _collect(world)
    _run(world.survey["id"])
    before = [(line.id, line.new_total_fen, line.delta_fen) for line in _lines(world.survey["id"])]
    review = lambda rid, valid: world.association_admin.post(  # noqa: E731
        f"/api/v1/survey-responses/{rid}/review", json={"valid": valid, "reason": "复核"}
    )
    assert review(ids[0], False).status_code == 200  # station: 3 → 2 valid
    assert review(ids[-1], True).status_code == 200  # flagged one at the station → 3 again
    assert review(ids[3], False).status_code == 200  # association: 2 → 1
    items = _run(world.survey["id"])
    assert [(i.payload["payee_key"], i.amount) for i in items] == [
        (f"association:{world.association.id}", -10)
    ]
    lines = _lines(world.survey["id"])
    assert [(line.id, line.new_total_fen, line.delta_fen) for line in lines[:2]] == before
    adjustment = lines[2]
    assert adjustment.is_adjustment is True
    assert (adjustment.previous_total_fen, adjustment.new_total_fen, adjustment.delta_fen) == (
        20,
        10,
        -10,
    )
    assert adjustment.item_key.endswith(":v2")
    review(ids[3], True)
    (back,) = _run(world.survey["id"])
    assert back.item_key.endswith(":v3") and back.amount == 10


def test_settling_while_collection_is_open_is_refused(world):
    survey = db.session.get(Survey, world.survey["id"])
    survey.collection_ends_at = utcnow() + timedelta(days=1)
    db.session.commit()
    with pytest.raises(Conflict) as refused:
        list(settlement.materialise({"survey_id": survey.id}))
    assert refused.value.code == "survey_still_collecting"


def test_the_cli_settles_without_the_engine(app, world):
    _collect(world)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["surveys", "settle-subsidy", str(world.survey["id"])])
    assert result.exit_code == 0, result.output
    assert '"lines_written": 2' in result.output and '"delta_fen": 50' in result.output
    again = runner.invoke(args=["surveys", "settle-subsidy", str(world.survey["id"])])
    assert '"lines_written": 0' in again.output
    assert len(_lines(world.survey["id"])) == 2


def test_statements_are_scoped_and_downloadable(world):
    _collect(world)
    _run(world.survey["id"])
    url = f"/api/v1/surveys/{world.survey['id']}/subsidy-statements"
    union = world.union_admin.get(url).get_json()
    assert union["total_fen"] == 50
    station = world.station_admin.get(url).get_json()
    assert [t["payee_key"] for t in station["totals"]] == [f"station:{world.station.id}"]
    assert station["total_fen"] == 30
    assert world.factory.resident().get(url).status_code == 403
    download = world.association_admin.get(url + ".xlsx")
    assert download.status_code == 200
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(download.data))
    totals = list(book["totals"].iter_rows(values_only=True))
    assert totals[-1][:5] == ("all", None, None, 5, 50)
    assert totals[-1][5] == "0.50"


def test_subsidy_statements_and_their_xlsx_are_documented(app, world):
    _collect(world)
    _run(world.survey["id"])
    url = f"/api/v1/surveys/{world.survey['id']}/subsidy-statements"
    statements = world.union_admin.get(url)
    assert statements.status_code == 200 and statements.get_json()["lines"]
    assert_documented(app, statements, "GET", "/api/v1/surveys/{survey_id}/subsidy-statements")
    sheet = world.union_admin.get(url + ".xlsx")
    assert_documented(app, sheet, "GET", "/api/v1/surveys/{survey_id}/subsidy-statements.xlsx")


@pytest.mark.mariadb
def test_two_concurrent_runs_write_each_line_once(app, world):
    import threading

    _collect(world)
    barrier = threading.Barrier(2)
    outcomes = []

    def run():
        with app.app_context():
            barrier.wait()
            outcomes.append(settlement.settle(survey_id=world.survey["id"]))
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 2
    assert sum(outcome["lines_written"] for outcome in outcomes) == 2
    assert sum(line.new_total_fen for line in _lines(world.survey["id"])) == 50


def test_the_demo_survey_is_seeded_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(args=["seed-demo"])
    assert "Demo survey #" in again.output
    assert db.session.scalar(select(func.count()).select_from(Survey)) == 1
