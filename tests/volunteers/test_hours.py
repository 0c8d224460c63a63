"""Manual hours, maker-checker review, immutability, correction chains, stars and figures."""

from datetime import datetime, timedelta

from sqlalchemy import text

from app.core.time import SHANGHAI, utcnow
from app.volunteers.models import StarThreshold

HOURS = "/api/v1/service-hours"


def log(volunteer, start, minutes, description="社区网安咨询窗口值班"):
    return volunteer.post(
        HOURS,
        json={
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(minutes=minutes)).isoformat(),
            "description": description,
        },
    )


def ago(days):
    return (utcnow() - timedelta(days=days)).replace(microsecond=0)


def me(client):
    return client.get("/api/v1/me").get_json()


def test_manual_hours_are_pending_until_verified(world):
    volunteer = world.volunteer()
    record = log(volunteer, ago(2), 150)
    assert record.status_code == 201, record.get_json()
    assert (record.get_json()["status"], record.get_json()["minutes"]) == ("pending", 150)
    assert me(volunteer)["verified_minutes"] == 0
    pending = world.admin.get(f"/api/v1/stations/{world.station.id}/service-hours?status=pending")
    assert [r["id"] for r in pending.get_json()["items"]] == [record.get_json()["id"]]
    # The reviewer sees who logged it by name, not "志愿者 #id".
    assert pending.get_json()["items"][0]["volunteer_name"] == "张三"
    verified = world.admin.post(f"{HOURS}/{record.get_json()['id']}/verify")
    assert verified.get_json()["status"] == "verified"
    profile = me(volunteer)
    assert (profile["verified_minutes"], profile["verified_hours"]) == (150, 2.5)
    listed = volunteer.get("/api/v1/me/service-hours").get_json()["items"]
    assert [(r["status"], r["counts"]) for r in listed] == [("verified", True)]


def test_manual_hours_across_midnight_with_offsets(world):
    volunteer = world.volunteer()
    day = ago(3).astimezone(SHANGHAI).date()
    response = volunteer.post(
        HOURS,
        json={
            "started_at": f"{day.isoformat()}T23:00:00+08:00",
            "ended_at": f"{(day + timedelta(days=1)).isoformat()}T01:30:00+08:00",
            "description": "夜间网络安全值守",
        },
    )
    assert response.status_code == 201
    assert response.get_json()["minutes"] == 150
    # The same instant given in UTC is the same record span: it overlaps.
    utc_start = datetime(day.year, day.month, day.day, 15, 30, tzinfo=SHANGHAI).replace(tzinfo=None)
    clash = volunteer.post(
        HOURS,
        json={
            "started_at": utc_start.isoformat() + "+00:00",
            "ended_at": (utc_start + timedelta(hours=1)).isoformat() + "+00:00",
            "description": "重复登记",
        },
    )
    assert clash.status_code == 409
    assert clash.get_json()["error"]["code"] == "hours_overlap"


def test_manual_hours_input_is_checked(world, db):
    volunteer = world.volunteer()
    start = ago(1)
    cases = {
        "ended_before_started": {"ended_at": (start - timedelta(hours=1)).isoformat()},
        "span_too_long": {"ended_at": (start + timedelta(hours=25)).isoformat()},
        "ends_in_future": {
            "started_at": (utcnow() - timedelta(hours=1)).isoformat(),
            "ended_at": (utcnow() + timedelta(hours=3)).isoformat(),
        },
    }
    for code, change in cases.items():
        body = {"started_at": start.isoformat(), "description": "值班"}
        body.update(change)
        response = volunteer.post(HOURS, json=body)
        assert response.status_code == 422, code
        assert response.get_json()["error"]["code"] == code
    naive = volunteer.post(
        HOURS,
        json={"started_at": "2026-01-01T09:00:00", "ended_at": "2026-01-01T10:00:00"},
    )
    assert naive.status_code == 422
    assert {"started_at", "ended_at", "description"} <= set(
        naive.get_json()["error"]["details"]["fields"]
    )
    resident = world.factory.resident()
    assert log(resident, start, 60).get_json()["error"]["code"] == "not_a_volunteer"
    assert db.session.execute(text("SELECT COUNT(*) FROM service_hour_records")).scalar() == 0


def test_nobody_verifies_their_own_hours(world):
    # The admin is also a volunteer of their own station (approved by the other admin).
    body = {"station_id": world.station.id, "real_name": "管理员", "phone": "13912345678"}
    application = world.admin.post("/api/v1/volunteer-applications", json=body).get_json()
    world.checker.post(f"/api/v1/volunteer-applications/{application['id']}/approve")
    record = log(world.admin, ago(2), 60).get_json()
    own = world.admin.post(f"{HOURS}/{record['id']}/verify")
    assert own.status_code == 403
    assert own.get_json()["error"]["code"] == "own_hours"
    assert (
        world.admin.post(f"{HOURS}/{record['id']}/reject", json={"reason": "x"}).status_code == 403
    )
    assert world.checker.post(f"{HOURS}/{record['id']}/verify").status_code == 200


def test_stations_only_see_and_review_their_own_records(world):
    volunteer = world.volunteer()
    record = log(volunteer, ago(2), 60).get_json()
    other = world.factory.station(association=world.association)
    foreign = world.factory.station_admin(other)
    assert foreign.post(f"{HOURS}/{record['id']}/verify").status_code == 403
    assert foreign.get(f"/api/v1/stations/{world.station.id}/service-hours").status_code == 403
    assert foreign.get(f"{HOURS}/{record['id']}").status_code == 403
    assert foreign.get(f"/api/v1/stations/{other.id}/service-hours").get_json()["items"] == []
    assert world.factory.resident().get(f"{HOURS}/{record['id']}").status_code == 403
    # The association's admin oversees all its stations.
    association_admin = world.factory.association_admin(world.association)
    assert association_admin.post(f"{HOURS}/{record['id']}/verify").status_code == 200


def test_a_reviewed_record_is_never_changed(world, db):
    volunteer = world.volunteer()
    record = log(volunteer, ago(2), 60).get_json()
    world.admin.post(f"{HOURS}/{record['id']}/verify")
    again = world.checker.post(f"{HOURS}/{record['id']}/reject", json={"reason": "改主意"})
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "record_reviewed"
    assert world.checker.post(f"{HOURS}/{record['id']}/verify").status_code == 409
    row = db.session.execute(text("SELECT status, minutes FROM service_hour_records")).one()
    assert tuple(row) == ("verified", 60)
    rejected = log(volunteer, ago(4), 30).get_json()
    reason = world.admin.post(f"{HOURS}/{rejected['id']}/reject", json={"reason": "无证明"})
    assert reason.get_json()["reject_reason"] == "无证明"
    assert world.checker.post(f"{HOURS}/{rejected['id']}/verify").status_code == 409


def test_a_correction_is_a_new_linked_record_and_replaces_only_once_verified(world):
    volunteer = world.volunteer()
    start = ago(5)
    original = log(volunteer, start, 120).get_json()
    world.admin.post(f"{HOURS}/{original['id']}/verify")
    body = {
        "started_at": start.isoformat(),
        "ended_at": (start + timedelta(minutes=90)).isoformat(),
        "reason": "实际提前离开",
    }
    correction = world.admin.post(f"{HOURS}/{original['id']}/corrections", json=body)
    assert correction.status_code == 201
    correction = correction.get_json()
    assert (correction["corrects_id"], correction["status"]) == (original["id"], "pending")
    assert (correction["source"], correction["correction_reason"]) == ("correction", "实际提前离开")
    assert correction["created_by_id"] == world.admin.user_id
    assert me(volunteer)["verified_minutes"] == 120  # pending corrections change nothing
    dup = world.admin.post(f"{HOURS}/{original['id']}/corrections", json=body)
    assert dup.get_json()["error"]["code"] == "correction_pending"
    # The author of the correction cannot also verify it.
    assert world.admin.post(f"{HOURS}/{correction['id']}/verify").status_code == 403
    assert world.checker.post(f"{HOURS}/{correction['id']}/verify").status_code == 200
    assert me(volunteer)["verified_minutes"] == 90
    records = {r["id"]: r for r in volunteer.get("/api/v1/me/service-hours").get_json()["items"]}
    assert records[original["id"]]["status"] == "verified"
    assert records[original["id"]]["minutes"] == 120  # history is kept as it was
    assert records[original["id"]]["superseded_by_id"] == correction["id"]
    assert records[original["id"]]["counts"] is False
    assert records[correction["id"]]["counts"] is True
    stale = world.admin.post(f"{HOURS}/{original['id']}/corrections", json=body)
    assert stale.get_json()["error"]["code"] == "record_superseded"
    # The chain goes on from its latest record.
    body["ended_at"] = (start + timedelta(minutes=100)).isoformat()
    second = world.checker.post(f"{HOURS}/{correction['id']}/corrections", json=body).get_json()
    world.admin.post(f"{HOURS}/{second['id']}/verify")
    assert me(volunteer)["verified_minutes"] == 100


def test_pending_records_are_reviewed_not_corrected(world):
    volunteer = world.volunteer()
    start = ago(2)
    record = log(volunteer, start, 60).get_json()
    body = {
        "started_at": start.isoformat(),
        "ended_at": (start + timedelta(minutes=30)).isoformat(),
        "reason": "x2",
    }
    response = world.admin.post(f"{HOURS}/{record['id']}/corrections", json=body)
    assert response.get_json()["error"]["code"] == "record_not_verified"


def test_a_volunteer_asks_for_a_correction_and_the_station_acts_on_it(world):
    volunteer = world.volunteer()
    start = ago(3)
    record = log(volunteer, start, 60).get_json()
    world.admin.post(f"{HOURS}/{record['id']}/verify")
    ask = volunteer.post(
        f"{HOURS}/{record['id']}/correction-requests",
        json={
            "reason": "漏记了一小时",
            "proposed_started_at": start.isoformat(),
            "proposed_ended_at": (start + timedelta(minutes=120)).isoformat(),
        },
    )
    assert ask.status_code == 201
    again = volunteer.post(f"{HOURS}/{record['id']}/correction-requests", json={"reason": "再问"})
    assert again.get_json()["error"]["code"] == "request_open"
    stranger = world.volunteer()
    theirs = stranger.post(f"{HOURS}/{record['id']}/correction-requests", json={"reason": "x1"})
    assert theirs.status_code == 404
    listing = world.admin.get(
        f"/api/v1/stations/{world.station.id}/correction-requests?status=open"
    )
    assert [r["id"] for r in listing.get_json()["items"]] == [ask.get_json()["id"]]
    correction = world.admin.post(
        f"{HOURS}/{record['id']}/corrections",
        json={
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(minutes=120)).isoformat(),
            "reason": "志愿者申请更正",
            "request_id": ask.get_json()["id"],
        },
    ).get_json()
    handled = world.admin.get(f"/api/v1/stations/{world.station.id}/correction-requests")
    assert handled.get_json()["items"][0]["status"] == "resolved"
    assert handled.get_json()["items"][0]["correction_id"] == correction["id"]


def test_star_level_uses_the_national_ladder_and_a_regional_one_when_present(world, db):
    volunteer = world.volunteer()
    for day in range(5):  # 5 × 20 h = 100 h
        record = log(volunteer, ago(30 + day), 20 * 60).get_json()
        world.admin.post(f"{HOURS}/{record['id']}/verify")
    profile = me(volunteer)
    assert (profile["verified_hours"], profile["star_level"], profile["hours_to_next_star"]) == (
        100.0,
        1,
        200.0,
    )
    for level, hours in enumerate((50, 100, 150), start=1):
        db.session.add(StarThreshold(region=world.association.region, level=level, min_hours=hours))
    db.session.commit()
    profile = me(volunteer)
    assert (profile["star_level"], profile["hours_to_next_star"]) == (2, 50.0)


def test_station_figures(world, db):
    world.volunteer()
    party = world.volunteer(is_party_member=True)
    record = log(party, ago(0) - timedelta(hours=3), 90).get_json()
    world.admin.post(f"{HOURS}/{record['id']}/verify")
    log(party, ago(0) - timedelta(hours=6), 30)
    world.factory.resident().post(
        "/api/v1/volunteer-applications",
        json={"station_id": world.station.id, "real_name": "王五", "phone": "13612345678"},
    )
    figures = world.admin.get(f"/api/v1/stations/{world.station.id}/figures").get_json()
    assert figures["volunteers"] == 2
    assert figures["party_members"] == 1
    assert figures["verified_minutes_this_year"] == 90
    assert figures["pending_hour_records"] == 1
    assert figures["pending_applications"] == 1
    other = world.factory.station_admin(world.factory.station())
    assert other.get(f"/api/v1/stations/{world.station.id}/figures").status_code == 403
