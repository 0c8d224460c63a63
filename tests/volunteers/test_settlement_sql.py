"""The service_hours kind on the engine's set-based path (MariaDB): one INSERT ... SELECT of the
items, chunks posted with app.points.bulk_sql.credit_items, and exactly the per-item outcome."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.time import utcnow
from app.hours import settlement as hours_kind
from app.hours.models import ServiceHourRecord
from app.points.models import PointAccount, PointTransfer, SystemAccount
from app.points.reconcile import reconcile
from app.points.service import balance_of, request_hash
from app.settlements import engine, service
from app.settlements.models import RunStatus
from tests.volunteers.test_settlement import HOURS, verified_record

# The set-based path is MariaDB SQL (INSERT ... SELECT, UPDATE ... JOIN); SQLite goes item by item.
pytestmark = pytest.mark.mariadb


@pytest.fixture
def chunks_of_two(app):
    old = app.config["SETTLEMENT_CHUNK_SIZE"]
    app.config["SETTLEMENT_CHUNK_SIZE"] = 2
    yield
    app.config["SETTLEMENT_CHUNK_SIZE"] = old


@pytest.fixture
def set_based(monkeypatch):
    """Counts the chunks credit_items posts, so a test knows the set-based path ran."""
    calls = []
    original = hours_kind.credit_items

    def spy(**kwargs):
        calls.append(kwargs["chunk_no"])
        return original(**kwargs)

    monkeypatch.setattr(hours_kind, "credit_items", spy)
    return calls


def settle(scope):
    run = service.start_run(kind="service_hours", scope=scope)
    assert run.status == RunStatus.DONE, run.error
    return run


def correct(world, record, minutes):
    start = (utcnow() - timedelta(days=3)).replace(microsecond=0)
    correction = world.admin.post(
        f"{HOURS}/{record['id']}/corrections",
        json={
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(minutes=minutes)).isoformat(),
            "reason": "更正",
        },
    ).get_json()
    world.checker.post(f"{HOURS}/{correction['id']}/verify")
    return correction


def ledger_of(db, user_id):
    """The user's service-hour transfers as (amount, direction, reason, key matches, hash
    matches credit_user's), in record order, and the records' credited_points."""
    sink = db.session.scalar(
        select(PointAccount.id).where(PointAccount.code == str(SystemAccount.SERVICE_REWARDS))
    )
    wallet = db.session.scalar(select(PointAccount.id).where(PointAccount.user_id == user_id))
    records = db.session.scalars(
        select(ServiceHourRecord)
        .where(ServiceHourRecord.user_id == user_id)
        .order_by(ServiceHourRecord.id)
    ).all()
    rows = []
    for record in records:
        transfer = db.session.scalar(
            select(PointTransfer).where(PointTransfer.reference_id == str(record.id))
        )
        if transfer is None:
            rows.append((record.minutes, None, record.credited_points, record.credited_at))
            continue
        debit = transfer.from_account_id == wallet
        parties = (wallet, sink) if debit else (sink, wallet)
        digest = request_hash(*parties, transfer.amount, "service_hour_record", str(record.id))
        assert transfer.idempotency_key == f"service-hours:{record.id}"
        assert transfer.request_hash == digest
        assert transfer.reference_type == "service_hour_record"
        assert record.credited_at is not None
        rows.append((record.minutes, -transfer.amount if debit else transfer.amount,
                     transfer.reason, record.credited_points))  # fmt: skip
    return rows


def test_a_set_based_run_credits_exactly_what_the_per_item_path_credits(
    world, db, monkeypatch, chunks_of_two, set_based
):
    """Two volunteers with the same records and a correction each: one settled set-based, one
    per item; balances, amounts, reasons, keys, hashes and credited_points agree."""
    twins = [world.volunteer(), world.volunteer()]
    for volunteer in twins:
        first = verified_record(world, volunteer, 9, 150)
        verified_record(world, volunteer, 8, 45)
        verified_record(world, volunteer, 7, 61)
        correct(world, first, 200)  # raises: a positive difference
    set_run = settle({"user_id": twins[0].user_id})
    assert set_based, "the set-based path was not used"
    assert set_run.items_total == 4 and set_run.chunks_total == 2
    monkeypatch.setattr(engine, "_is_mysql", lambda: False)
    set_based.clear()
    settle({"user_id": twins[1].user_id})
    assert set_based == []
    db.session.expire_all()

    assert balance_of(twins[0].user_id) == balance_of(twins[1].user_id) == 25 + 7 + 10 + 8
    assert ledger_of(db, twins[0].user_id) == ledger_of(db, twins[1].user_id)
    assert ledger_of(db, twins[0].user_id)[0] == (150, 25, "志愿服务时长 150 分钟", 25)
    assert reconcile() == []


def test_a_correction_that_lowers_hours_still_debits_and_a_second_run_credits_nothing(
    world, db, chunks_of_two, set_based
):
    volunteer = world.volunteer()
    record = verified_record(world, volunteer, 5, 120)
    settle({"date": "2026-01-01"})
    assert balance_of(volunteer.user_id) == 20 and set_based == [0]
    correct(world, record, 60)
    verified_record(world, volunteer, 4, 30)  # shares the chunk with the debit
    run = settle({"date": "2026-01-02"})
    db.session.expire_all()
    assert run.items_total == 2
    assert balance_of(volunteer.user_id) == 20 - 10 + 5
    assert [row[1:] for row in ledger_of(db, volunteer.user_id)] == [
        (20, "志愿服务时长 120 分钟", 20),
        (-10, "志愿服务时长更正 60 分钟", -10),
        (5, "志愿服务时长 30 分钟", 5),
    ]
    assert set_based == [0]  # the chunk with a debit went item by item

    again = settle({"date": "2026-01-03"})
    assert again.items_total == 0
    assert db.session.query(PointTransfer).count() == 3
    assert balance_of(volunteer.user_id) == 15


def test_records_credited_by_the_command_are_not_credited_again(world, app, db, set_based):
    """One record credited by `flask hours credit` before the run is materialised, one after
    the run's items were materialised but before its chunk is posted: each is credited once."""
    volunteer = world.volunteer()
    verified_record(world, volunteer, 6, 60)
    cli = app.test_cli_runner()
    assert cli.invoke(args=["hours", "credit"]).exit_code == 0
    verified_record(world, volunteer, 5, 90)
    verified_record(world, volunteer, 4, 120)
    run = service.start_run(kind="service_hours", scope={}, enqueue=False)
    assert engine.prepare_run(run.id) == [(0, 1)]
    assert run.items_total == 2  # the first record is not materialised at all
    assert cli.invoke(args=["hours", "credit"]).exit_code == 0  # credits both under the run
    assert balance_of(volunteer.user_id) == 10 + 15 + 20
    assert engine.settle_chunk(run.id, 0).status == "done"
    db.session.expire_all()
    assert balance_of(volunteer.user_id) == 45
    assert db.session.query(PointTransfer).count() == 3
    assert set_based == []  # the stale chunk went item by item, which skipped both


def test_a_fresh_run_posts_set_based_with_the_command_keys(world, app, db, set_based):
    """After a set-based run, the command finds nothing left: same keys, credited_at set."""
    volunteer = world.volunteer()
    verified_record(world, volunteer, 6, 60)
    verified_record(world, volunteer, 5, 90)
    settle({})
    assert set_based == [0]
    result = app.test_cli_runner().invoke(args=["hours", "credit"])
    assert "0 of 0" in result.output
    db.session.expire_all()
    assert balance_of(volunteer.user_id) == 25
    assert all(r.credited_at for r in db.session.scalars(select(ServiceHourRecord)))
