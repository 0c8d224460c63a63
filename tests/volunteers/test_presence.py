"""Presence: check-in and check-out need the activity's current code, scanned on site; a station
admin of the activity may instead check a volunteer in or out by hand, recorded as such."""

from datetime import timedelta

import pytest

from app.activities.models import ActivitySignup
from app.core.time import utcnow
from app.entrances import service as entrances
from app.entrances.models import EntranceKind
from app.extensions import db
from app.stations.service import ensure_station_entrance
from app.users.models import Role

M = timedelta(minutes=1)


@pytest.fixture
def on_site(world, clock):
    """An activity running now, with a signed-up volunteer; the clock stands inside its window."""
    start = utcnow().replace(microsecond=0) + timedelta(days=1)
    activity = world.activity(start=start, hours=2)
    volunteer = world.volunteer()
    assert volunteer.post(f"/api/v1/activities/{activity['id']}/signups").status_code == 201
    clock.set(start + 5 * M)
    return {"activity": activity, "volunteer": volunteer, "start": start}


def url(activity, action, user_id=None):
    if user_id is None:
        return f"/api/v1/activities/{activity['id']}/{action}"
    return f"/api/v1/activities/{activity['id']}/signups/{user_id}/{action}"


def signup_row(activity, volunteer) -> ActivitySignup:
    db.session.expire_all()
    return (
        db.session.query(ActivitySignup)
        .filter_by(activity_id=activity["id"], user_id=volunteer.user_id)
        .one()
    )


def test_check_in_and_out_without_the_scanned_code_are_refused(on_site, world, clock):
    """No body, an empty body or a blank scene: 422 naming the scene field; nothing recorded,
    so nobody earns attendance hours from home."""
    activity, volunteer = on_site["activity"], on_site["volunteer"]
    for body in (None, {}, {"scene": ""}):
        response = volunteer.post(url(activity, "check-in"), json=body)
        assert response.status_code == 422, response.get_json()
        assert "scene" in response.get_json()["error"]["details"]["fields"]
    assert signup_row(activity, volunteer).checked_in_at is None
    assert (
        volunteer.post(url(activity, "check-in"), json=world.on_site(activity)).status_code == 200
    )
    clock.set(on_site["start"] + 100 * M)
    for body in (None, {}):
        response = volunteer.post(url(activity, "check-out"), json=body)
        assert response.status_code == 422
        assert "scene" in response.get_json()["error"]["details"]["fields"]
    row = signup_row(activity, volunteer)
    assert row.checked_out_at is None and row.hour_record_id is None
    out = volunteer.post(url(activity, "check-out"), json=world.on_site(activity))
    assert out.status_code == 200 and out.get_json()["hour_record_id"] is not None
    assert out.get_json()["checked_in_by_id"] is None
    assert out.get_json()["checked_out_by_id"] is None


def test_only_the_activitys_current_code_counts(on_site, world):
    """Another activity's code, the station's own code and a malformed scene are refused; a
    rotated (replaced) code answers 410."""
    activity, volunteer = on_site["activity"], on_site["volunteer"]
    other = world.activity(start=on_site["start"] + timedelta(days=2))
    station_scene = ensure_station_entrance(station=world.station).scene
    db.session.commit()
    for scene, status, code in (
        (other["check_in_scene"], 400, "scene_mismatch"),
        (station_scene, 400, "scene_mismatch"),
        ("not a scene", 400, "scene_malformed"),
    ):
        response = volunteer.post(url(activity, "check-in"), json={"scene": scene})
        assert response.status_code == status, response.get_json()
        assert response.get_json()["error"]["code"] == code
    old = activity["check_in_scene"]
    entrance = entrances.current_entrance(kind=EntranceKind.ACTIVITY, target_id=activity["id"])
    entrances.rotate_entrance(entrance=entrance)
    db.session.commit()
    rotated = volunteer.post(url(activity, "check-in"), json={"scene": old})
    assert rotated.status_code == 410
    assert signup_row(activity, volunteer).checked_in_at is None
    fresh = world.admin.get(f"/api/v1/activities/{activity['id']}").get_json()["check_in_scene"]
    assert volunteer.post(url(activity, "check-in"), json={"scene": fresh}).status_code == 200


def test_a_station_admin_checks_a_volunteer_in_and_out_by_hand(on_site, world, clock):
    """Recorded as such: checked_in_by_id / checked_out_by_id name the admin, the pending record
    is authored by the admin, so that admin cannot verify it and another admin can."""
    activity, volunteer = on_site["activity"], on_site["volunteer"]
    checked_in = world.admin.post(url(activity, "check-in", volunteer.user_id))
    assert checked_in.status_code == 200, checked_in.get_json()
    assert checked_in.get_json()["checked_in_by_id"] == world.admin.user_id
    clock.set(on_site["start"] + 110 * M)
    out = world.admin.post(url(activity, "check-out", volunteer.user_id))
    assert out.status_code == 200, out.get_json()
    body = out.get_json()
    assert body["checked_out_by_id"] == world.admin.user_id
    record_id = body["hour_record_id"]
    assert record_id is not None
    same = world.admin.post(f"/api/v1/service-hours/{record_id}/verify")
    assert same.status_code == 403 and same.get_json()["error"]["code"] == "maker_checker"
    assert world.checker.post(f"/api/v1/service-hours/{record_id}/verify").status_code == 200
    listed = world.admin.get(f"/api/v1/activities/{activity['id']}/signups").get_json()["items"]
    assert listed[0]["checked_in_by_id"] == world.admin.user_id


def test_parent_station_and_association_admins_may_check_in_by_hand(world, factory, clock):
    """Admins above the activity's station administer it too."""
    sub_station = factory.station(parent=world.station)
    sub_admin = factory.station_admin(sub_station)
    start = utcnow().replace(microsecond=0) + timedelta(days=1)
    activity = world.activity(start=start, station=sub_station, admin=sub_admin)
    clock.set(start)
    for admin in (world.admin, factory.association_admin(world.association)):
        volunteer = world.volunteer()
        assert volunteer.post(f"/api/v1/activities/{activity['id']}/signups").status_code == 201
        response = admin.post(url(activity, "check-in", volunteer.user_id))
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["checked_in_by_id"] == admin.user_id


def test_others_may_not_check_anyone_in_by_hand(on_site, world, factory):
    """The volunteer, another volunteer, a resident, the admin of another station of the same
    association, another association's admins and a lecturer: 403, nothing recorded."""
    activity, volunteer = on_site["activity"], on_site["volunteer"]
    elsewhere = factory.station()
    callers = [
        volunteer,
        world.volunteer(),
        factory.resident(),
        factory.logged_in(Role.LECTURER),
        factory.station_admin(factory.station(association=world.association)),
        factory.station_admin(elsewhere),
        factory.association_admin(factory.association()),
    ]
    for caller in callers:
        for action in ("check-in", "check-out"):
            response = caller.post(url(activity, action, volunteer.user_id))
            assert response.status_code == 403, (action, response.get_json())
    assert signup_row(activity, volunteer).checked_in_at is None


def test_an_admin_never_checks_themselves_in_by_hand(on_site, world):
    """An admin who volunteers at the activity scans the code like everyone else."""
    activity = on_site["activity"]
    applied = world.admin.post(
        "/api/v1/volunteer-applications",
        json={"station_id": world.station.id, "real_name": "王五", "phone": "13812345679"},
    )
    approve = f"/api/v1/volunteer-applications/{applied.get_json()['id']}/approve"
    assert world.checker.post(approve).status_code == 200
    assert world.admin.post(f"/api/v1/activities/{activity['id']}/signups").status_code == 201
    own = world.admin.post(url(activity, "check-in", world.admin.user_id))
    assert own.status_code == 403 and own.get_json()["error"]["code"] == "own_attendance"
    scanned = world.admin.post(url(activity, "check-in"), json=world.on_site(activity))
    assert scanned.status_code == 200


def test_by_hand_keeps_the_sign_up_and_time_rules(on_site, world, clock):
    """Not signed up is 403 not_signed_up; twice is 409; out before in is 409; an unknown
    activity is 404; after the end check-in is 409 activity_ended."""
    activity, volunteer = on_site["activity"], on_site["volunteer"]
    stranger = world.volunteer()
    missing = world.admin.post(url(activity, "check-in", stranger.user_id))
    assert missing.status_code == 403 and missing.get_json()["error"]["code"] == "not_signed_up"
    early_out = world.admin.post(url(activity, "check-out", volunteer.user_id))
    assert early_out.status_code == 409
    assert early_out.get_json()["error"]["code"] == "not_checked_in"
    unknown = world.admin.post(f"/api/v1/activities/987654/signups/{volunteer.user_id}/check-in")
    assert unknown.status_code == 404
    clock.set(on_site["start"] + timedelta(hours=3))
    late = world.admin.post(url(activity, "check-in", volunteer.user_id))
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "activity_ended"
