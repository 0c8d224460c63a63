"""Activities: sign-ups, check-in/out and the hours they yield."""

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import DateTime, text

from app.activities.service import close_forgotten_checkouts
from app.core.time import SHANGHAI, utcnow

H = timedelta(hours=1)
M = timedelta(minutes=1)


def attend(volunteer, activity, clock, arrive, leave):
    """Sign up, then check in and out by scanning the activity's code on site."""
    on_site = {"scene": activity["check_in_scene"]}
    assert volunteer.post(f"/api/v1/activities/{activity['id']}/signups").status_code == 201
    clock.set(arrive)
    checked_in = volunteer.post(f"/api/v1/activities/{activity['id']}/check-in", json=on_site)
    assert checked_in.status_code == 200, checked_in.get_json()
    clock.set(leave)
    out = volunteer.post(f"/api/v1/activities/{activity['id']}/check-out", json=on_site)
    assert out.status_code == 200, out.get_json()
    return out.get_json()


def my_records(volunteer):
    return volunteer.get("/api/v1/me/service-hours").get_json()["items"]


def test_presence_below_the_share_earns_nothing_and_above_it_earns_the_overlap(world, clock):
    """60% of a 2 h window is 72 min: 71 min present earns 0, 80 min earns 80."""
    start = utcnow().replace(microsecond=0) + timedelta(days=1)
    short = world.activity(start=start, hours=2)
    volunteer = world.volunteer()
    result = attend(volunteer, short, clock, start, start + 71 * M)
    assert result["hour_record_id"] is None
    assert my_records(volunteer) == []

    later = world.activity(start=start + 3 * H, hours=2)
    other = world.volunteer()
    # Arriving early and leaving late count only inside the window.
    result = attend(other, later, clock, start + 3 * H - 20 * M, start + 3 * H + 80 * M)
    records = my_records(other)
    assert [(r["minutes"], r["status"], r["source"]) for r in records] == [
        (80, "pending", "attendance")
    ]
    assert records[0]["id"] == result["hour_record_id"]


def test_presence_share_is_a_setting_of_the_activity(world, clock):
    start = utcnow().replace(microsecond=0) + timedelta(days=1)
    lenient = world.activity(start=start, hours=2, min_presence_percent=25)
    volunteer = world.volunteer()
    attend(volunteer, lenient, clock, start, start + 30 * M)
    assert [r["minutes"] for r in my_records(volunteer)] == [30]


def test_a_shift_across_midnight_counts_positive_minutes_shown_in_shanghai(world, clock, db):
    day = (utcnow() + timedelta(days=2)).astimezone(SHANGHAI).date()
    start = datetime(day.year, day.month, day.day, 22, 0, tzinfo=SHANGHAI)
    activity = world.activity(start=start, hours=4)  # 22:00 → 02:00 next day
    assert activity["starts_at"].endswith("22:00:00+08:00")
    assert activity["ends_at"].endswith("02:00:00+08:00")
    raw = text("SELECT starts_at FROM activities").columns(starts_at=DateTime())
    stored = db.session.execute(raw).scalar()
    assert stored.hour == 14  # UTC in the database
    volunteer = world.volunteer()
    attend(volunteer, activity, clock, start + 10 * M, start + 3 * H + 50 * M)
    (record,) = my_records(volunteer)
    assert record["minutes"] == 220
    assert record["started_at"].endswith("22:10:00+08:00")
    assert record["ended_at"].endswith("01:50:00+08:00")


def test_a_forgotten_check_out_is_capped_at_the_window_end_once(world, clock, db):
    start = utcnow().replace(microsecond=0) + timedelta(days=1)
    activity = world.activity(start=start, hours=2)
    volunteer = world.volunteer()
    volunteer.post(f"/api/v1/activities/{activity['id']}/signups")
    clock.set(start + 30 * M)
    volunteer.post(f"/api/v1/activities/{activity['id']}/check-in", json=world.on_site(activity))
    assert close_forgotten_checkouts(start + H) == 0  # still running: left alone
    assert close_forgotten_checkouts(start + 30 * H) == 1
    assert close_forgotten_checkouts(start + 40 * H) == 0
    (record,) = my_records(volunteer)
    assert record["minutes"] == 90  # 30 min after the start until the end, not 30 hours
    signup = world.admin.get(f"/api/v1/activities/{activity['id']}/signups").get_json()["items"][0]
    assert signup["auto_checked_out"] is True
    late = volunteer.post(
        f"/api/v1/activities/{activity['id']}/check-out", json=world.on_site(activity)
    )
    assert late.get_json()["error"]["code"] == "already_checked_out"


def test_the_close_checkouts_command_runs_the_job(world, app, clock):
    start = utcnow().replace(microsecond=0) - timedelta(hours=3)
    volunteer = world.volunteer()
    from app.activities import service
    from app.activities.models import ActivitySignup
    from app.extensions import db

    clock.set(start - H)
    activity = world.activity(start=start, hours=2)
    volunteer.post(f"/api/v1/activities/{activity['id']}/signups")
    clock.set(start)
    volunteer.post(f"/api/v1/activities/{activity['id']}/check-in", json=world.on_site(activity))
    clock.set(None)
    result = app.test_cli_runner().invoke(args=["activities", "close-checkouts"])
    assert result.exit_code == 0, result.output
    assert "closed 1" in result.output
    db.session.expire_all()
    assert db.session.query(ActivitySignup).one().checked_out_at is not None
    assert service.close_forgotten_checkouts() == 0


def test_overlapping_sign_ups_are_refused_but_back_to_back_is_fine(world):
    start = utcnow().replace(microsecond=0) + timedelta(days=1)
    first = world.activity(start=start, hours=2)
    overlapping = world.activity(start=start + H, hours=1)
    next_one = world.activity(start=start + 2 * H, hours=1)
    volunteer = world.volunteer()
    assert volunteer.post(f"/api/v1/activities/{first['id']}/signups").status_code == 201
    clash = volunteer.post(f"/api/v1/activities/{overlapping['id']}/signups")
    assert clash.status_code == 409
    assert clash.get_json()["error"]["code"] == "signup_overlaps"
    assert volunteer.post(f"/api/v1/activities/{next_one['id']}/signups").status_code == 201
    # After cancelling, the slot is free again.
    assert volunteer.post(f"/api/v1/activities/{first['id']}/signups/cancel").status_code == 200
    assert volunteer.post(f"/api/v1/activities/{overlapping['id']}/signups").status_code == 201


def test_only_volunteers_sign_up(world):
    activity = world.activity()
    response = world.factory.resident().post(f"/api/v1/activities/{activity['id']}/signups")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "not_a_volunteer"


@pytest.mark.mariadb
def test_capacity_holds_under_concurrent_sign_ups(world, app):
    activity = world.activity(capacity=2)
    volunteers = [world.volunteer() for _ in range(6)]
    barrier = threading.Barrier(len(volunteers))
    codes = []

    def go(client):
        with app.app_context():
            barrier.wait()
            codes.append(client.post(f"/api/v1/activities/{activity['id']}/signups").status_code)

    threads = [threading.Thread(target=go, args=(v,)) for v in volunteers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [201, 201, 409, 409, 409, 409]
    assert world.client.get(f"/api/v1/activities/{activity['id']}").get_json()["signed_up"] == 2


def test_check_in_checks_the_scanned_scene_and_the_time(world, clock):
    start = utcnow().replace(microsecond=0) + timedelta(days=1)
    activity = world.activity(start=start)
    other = world.activity(start=start + timedelta(days=1))
    public = world.client.get(f"/api/v1/activities/{activity['id']}").get_json()
    assert public["check_in_scene"] is None  # the code is only on site
    scene = world.admin.get(f"/api/v1/activities/{activity['id']}").get_json()["check_in_scene"]
    other_scene = world.admin.get(f"/api/v1/activities/{other['id']}").get_json()["check_in_scene"]
    volunteer = world.volunteer()
    volunteer.post(f"/api/v1/activities/{activity['id']}/signups")
    url = f"/api/v1/activities/{activity['id']}/check-in"
    clock.set(start - H)
    early = volunteer.post(url, json={"scene": scene})
    assert early.get_json()["error"]["code"] == "check_in_not_open"
    clock.set(start + M)
    wrong = volunteer.post(url, json={"scene": other_scene})
    assert wrong.status_code == 400
    assert wrong.get_json()["error"]["code"] == "scene_mismatch"
    assert volunteer.post(url, json={"scene": scene}).status_code == 200
    assert volunteer.post(url, json={"scene": scene}).get_json()["error"]["code"] == (
        "already_checked_in"
    )


def test_activity_input_is_validated(world):
    start = utcnow() + timedelta(days=1)
    url = f"/api/v1/stations/{world.station.id}/activities"
    base = {"title": "宣讲", "kind": "community", "place": "社区", "capacity": 5}
    backwards = world.admin.post(
        url,
        json={**base, "starts_at": start.isoformat(), "ends_at": (start - H).isoformat()},
    )
    assert backwards.status_code == 422
    assert backwards.get_json()["error"]["code"] == "ended_before_started"
    naive = world.admin.post(
        url, json={**base, "starts_at": "2030-01-01T09:00:00", "ends_at": "2030-01-01T10:00:00"}
    )
    assert naive.status_code == 422
    assert "starts_at" in naive.get_json()["error"]["details"]["fields"]
    kind = world.admin.post(
        url,
        json={
            **base,
            "kind": "party",
            "starts_at": start.isoformat(),
            "ends_at": (start + H).isoformat(),
        },
    )
    assert kind.status_code == 422
    stranger = world.factory.station_admin(world.factory.station())
    assert stranger.post(url, json=base).status_code in (403, 422)
    assert world.client.get("/api/v1/activities").get_json()["total"] == 0


def test_bulk_logging_is_pending_and_checked_by_another_admin(world, clock):
    start = utcnow().replace(microsecond=0) - timedelta(days=1)
    clock.set(start - H)
    activity = world.activity(start=start, hours=3)
    volunteers = [world.volunteer() for _ in range(2)]
    for volunteer in volunteers:
        volunteer.post(f"/api/v1/activities/{activity['id']}/signups")
    clock.set(None)
    url = f"/api/v1/activities/{activity['id']}/service-hours"
    outsider = world.factory.resident()
    result = world.admin.post(
        url, json={"user_ids": [v.user_id for v in volunteers] + [outsider.user_id]}
    )
    assert result.status_code == 201, result.get_json()
    body = result.get_json()
    assert [(r["minutes"], r["status"], r["source"]) for r in body["created"]] == [
        (180, "pending", "bulk")
    ] * 2
    assert body["skipped"] == [{"user_id": outsider.user_id, "reason": "not_signed_up"}]
    again = world.admin.post(url, json={}).get_json()
    assert again["created"] == []
    assert {s["reason"] for s in again["skipped"]} == {"hours_overlap"}
    record_id = body["created"][0]["id"]
    own = world.admin.post(f"/api/v1/service-hours/{record_id}/verify")
    assert own.status_code == 403
    assert own.get_json()["error"]["code"] == "maker_checker"
    assert world.checker.post(f"/api/v1/service-hours/{record_id}/verify").status_code == 200
