"""宝盾 for verified hours: materialise/apply of the settlement kind, exactly once."""

import threading
from datetime import timedelta

import pytest

from app.core.time import utcnow
from app.hours.settlement import credit_hour_record, credit_verified_hours, hours_to_credit
from app.points.models import PointTransfer
from app.points.service import balance_of

HOURS = "/api/v1/service-hours"


def verified_record(world, volunteer, days, minutes):
    start = (utcnow() - timedelta(days=days)).replace(microsecond=0)
    record = volunteer.post(
        HOURS,
        json={
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(minutes=minutes)).isoformat(),
            "description": "值班",
        },
    ).get_json()
    world.admin.post(f"{HOURS}/{record['id']}/verify")
    return record


def test_materialise_yields_verified_uncredited_records_and_apply_credits_once(world, db):
    volunteer = world.volunteer()
    record = verified_record(world, volunteer, 2, 150)
    pending = volunteer.post(
        HOURS,
        json={
            "started_at": (utcnow() - timedelta(days=5)).isoformat(),
            "ended_at": (utcnow() - timedelta(days=5) + timedelta(hours=1)).isoformat(),
            "description": "待审",
        },
    ).get_json()
    assert balance_of(volunteer.user_id) == 0  # verification itself credits nothing
    items = list(hours_to_credit({}))
    assert [(i.item_key, i.amount, i.user_id) for i in items] == [
        (f"hour:{record['id']}", 25, volunteer.user_id)  # 150 min × 10/h
    ]
    assert pending["id"] not in [int(i.reference_id) for i in items]
    credit_hour_record(items[0])
    db.session.commit()
    credit_hour_record(items[0])  # a chunk that runs again after a crash
    db.session.commit()
    assert balance_of(volunteer.user_id) == 25
    assert list(hours_to_credit({})) == []
    transfer = db.session.query(PointTransfer).one()
    assert transfer.idempotency_key == f"service-hours:{record['id']}"
    assert (transfer.reference_type, transfer.reference_id) == (
        "service_hour_record",
        str(record["id"]),
    )
    listed = volunteer.get("/api/v1/me/service-hours").get_json()["items"]
    assert [r["credited_points"] for r in listed] == [25, None]


def test_the_rate_is_configurable(world, app):
    volunteer = world.volunteer()
    verified_record(world, volunteer, 2, 90)
    old = app.config["SERVICE_POINTS_PER_HOUR"]
    app.config["SERVICE_POINTS_PER_HOUR"] = 20
    try:
        assert credit_verified_hours()["applied"] == 1
    finally:
        app.config["SERVICE_POINTS_PER_HOUR"] = old
    assert balance_of(volunteer.user_id) == 30


def test_a_correction_settles_only_the_difference(world, db):
    volunteer = world.volunteer()
    start = (utcnow() - timedelta(days=3)).replace(microsecond=0)
    record = verified_record(world, volunteer, 3, 120)
    credit_verified_hours()
    assert balance_of(volunteer.user_id) == 20
    correction = world.admin.post(
        f"{HOURS}/{record['id']}/corrections",
        json={
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(minutes=60)).isoformat(),
            "reason": "实际1小时",
        },
    ).get_json()
    world.checker.post(f"{HOURS}/{correction['id']}/verify")
    (item,) = hours_to_credit({})
    assert item.amount == -10
    credit_verified_hours()
    assert balance_of(volunteer.user_id) == 10
    assert credit_verified_hours() == {"items": 0, "applied": 0, "failed": []}


@pytest.mark.mariadb
def test_concurrent_runs_credit_each_record_once(world, app, db):
    volunteer = world.volunteer()
    for day in range(1, 6):
        verified_record(world, volunteer, day, 60)
    barrier = threading.Barrier(4)
    errors = []

    def run():
        with app.app_context():
            barrier.wait()
            try:
                credit_verified_hours(chunk_size=2)
            except Exception as error:  # surfaced below
                errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db.session.expire_all()
    assert balance_of(volunteer.user_id) == 50
    assert db.session.query(PointTransfer).count() == 5


def test_the_credit_command_settles_everything(world, app):
    volunteer = world.volunteer()
    verified_record(world, volunteer, 2, 60)
    result = app.test_cli_runner().invoke(args=["hours", "credit"])
    assert result.exit_code == 0, result.output
    assert "1 of 1" in result.output
    assert balance_of(volunteer.user_id) == 10
    again = app.test_cli_runner().invoke(args=["hours", "credit"])
    assert "0 of 0" in again.output
