"""Applying to a station, review by its admins, volunteer numbers, moving station, privacy."""

from sqlalchemy import text

from app.volunteers.models import VolunteerProfile
from tests.volunteers.factories import id_number

APPLY = "/api/v1/volunteer-applications"


def test_minimal_application_then_approval_makes_a_volunteer_with_a_number(world, db):
    """The minimal body is enough; approval grants the volunteer role and a number."""
    person = world.factory.resident()
    created = person.post(
        APPLY, json={"station_id": world.station.id, "real_name": "李四", "phone": "13912345678"}
    )
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["status"] == "pending"
    pending = world.admin.get(
        f"/api/v1/stations/{world.station.id}/volunteer-applications?status=pending"
    )
    assert [a["id"] for a in pending.get_json()["items"]] == [created.get_json()["id"]]
    approved = world.admin.post(f"{APPLY}/{created.get_json()['id']}/approve")
    assert approved.status_code == 200
    number = approved.get_json()["volunteer_number"]
    assert number.startswith(f"{world.association.id}-{world.station.id}-")
    me = person.get("/api/v1/me").get_json()
    assert {"role": "volunteer", "station_id": None, "association_id": None} in me["roles"]
    assert me["home_station_id"] == world.station.id
    assert me["volunteer_number"] == number


def test_one_pending_application_at_a_time(world):
    person = world.factory.resident()
    body = {"station_id": world.station.id, "real_name": "李四", "phone": "13912345678"}
    assert person.post(APPLY, json=body).status_code == 201
    second = person.post(APPLY, json=body)
    assert second.status_code == 409
    assert second.get_json()["error"]["code"] == "application_pending"


def test_rejection_needs_a_reason_and_allows_a_new_application(world):
    person = world.factory.resident()
    body = {"station_id": world.station.id, "real_name": "李四", "phone": "13912345678"}
    application = person.post(APPLY, json=body).get_json()
    missing = world.admin.post(f"{APPLY}/{application['id']}/reject", json={})
    assert missing.status_code == 422
    assert "reason" in missing.get_json()["error"]["details"]["fields"]
    rejected = world.admin.post(f"{APPLY}/{application['id']}/reject", json={"reason": "信息不全"})
    assert rejected.get_json()["status"] == "rejected"
    assert rejected.get_json()["reject_reason"] == "信息不全"
    assert person.post(APPLY, json=body).status_code == 201


def test_admin_of_another_station_cannot_list_or_review(world):
    other = world.factory.station(association=world.association)
    foreign_admin = world.factory.station_admin(other)
    person = world.factory.resident()
    application = person.post(
        APPLY, json={"station_id": world.station.id, "real_name": "李四", "phone": "13912345678"}
    ).get_json()
    listing = foreign_admin.get(f"/api/v1/stations/{world.station.id}/volunteer-applications")
    assert listing.status_code == 403
    assert foreign_admin.post(f"{APPLY}/{application['id']}/approve").status_code == 403
    assert world.admin.post(f"{APPLY}/{application['id']}/approve").status_code == 200


def test_an_admin_cannot_approve_their_own_application(world):
    body = {"station_id": world.station.id, "real_name": "管理员", "phone": "13912345678"}
    application = world.admin.post(APPLY, json=body).get_json()
    response = world.admin.post(f"{APPLY}/{application['id']}/approve")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "own_application"


def test_bad_input_gives_per_field_errors_and_writes_nothing(world, db):
    person = world.factory.resident()
    response = person.post(
        APPLY,
        json={"station_id": world.station.id, "real_name": "李", "phone": "123", "id_number": "1"},
    )
    assert response.status_code == 422
    fields = response.get_json()["error"]["details"]["fields"]
    assert {"real_name", "phone", "id_number"} <= set(fields)
    wrong_check = id_number()[:-1] + ("0" if id_number()[-1] != "0" else "1")
    response = person.post(
        APPLY,
        json={
            "station_id": world.station.id,
            "real_name": "李四",
            "phone": "13912345678",
            "id_number": wrong_check,
        },
    )
    assert response.status_code == 422
    unknown = person.post(
        APPLY, json={"station_id": 999999, "real_name": "李四", "phone": "13912345678"}
    )
    assert unknown.status_code == 404
    count = db.session.execute(text("SELECT COUNT(*) FROM volunteer_applications")).scalar()
    assert count == 0


def test_phone_by_wechat_code(world):
    person = world.factory.resident()
    response = person.post(
        APPLY,
        json={
            "station_id": world.station.id,
            "real_name": "李四",
            "phone_code": "phone-13700001111",
        },
    )
    assert response.status_code == 201
    assert response.get_json()["phone"] == "13700001111"  # the owner sees it whole
    bad = world.factory.resident().post(
        APPLY, json={"station_id": world.station.id, "real_name": "李四", "phone_code": "nope"}
    )
    assert bad.status_code == 400
    assert bad.get_json()["error"]["code"] == "phone_code_invalid"


def test_id_number_is_unreadable_in_the_database_and_masked_for_everyone_but_the_owner(world, db):
    number = id_number()
    person = world.factory.resident()
    created = person.post(
        APPLY,
        json={
            "station_id": world.station.id,
            "real_name": "李四",
            "phone": "13912345678",
            "id_number": number,
        },
    )
    assert created.get_json()["id_number"] == number
    raw = db.session.execute(
        text("SELECT id_number_encrypted FROM volunteer_applications")
    ).scalar()
    assert number not in raw and number[-4:] not in raw and raw.startswith("gAAAA")
    admin_view = world.admin.get(f"{APPLY}/{created.get_json()['id']}").get_json()
    assert admin_view["id_number"] == number[:4] + "*" * 10 + number[-4:]
    assert admin_view["phone"] == "13912345678"  # the reviewing station's admins need to call
    world.admin.post(f"{APPLY}/{created.get_json()['id']}/approve")
    raw = db.session.execute(text("SELECT id_number_encrypted FROM volunteer_profiles")).scalar()
    assert number not in raw
    assert person.get("/api/v1/me/volunteer").get_json()["id_number"] == number
    association_admin = world.factory.association_admin(
        world.factory.association()
    )  # a stranger to this station
    assert association_admin.get(f"{APPLY}/{created.get_json()['id']}").status_code == 403
    export = person.get("/api/v1/me/export").get_json()
    assert export["volunteer"]["profile"]["id_number"] == number


def test_moving_station_keeps_number_and_history(world, db):
    volunteer = world.volunteer()
    number = volunteer.get("/api/v1/me").get_json()["volunteer_number"]
    other = world.factory.station(association=world.association)
    other_admin = world.factory.station_admin(other)
    application = volunteer.post(
        APPLY, json={"station_id": other.id, "real_name": "张三", "phone": "13812345678"}
    ).get_json()
    assert other_admin.post(f"{APPLY}/{application['id']}/approve").status_code == 200
    profile = volunteer.get("/api/v1/me/volunteer").get_json()
    assert profile["home_station_id"] == other.id
    assert profile["volunteer_number"] == number
    stations = [(m["station_id"], m["left_at"] is None) for m in profile["memberships"]]
    assert stations == [(world.station.id, False), (other.id, True)]
    assert db.session.query(VolunteerProfile).count() == 1


def test_deleting_the_account_erases_name_phone_and_id_number(world, db):
    volunteer = world.volunteer(id_number=id_number())
    assert volunteer.delete("/api/v1/me").status_code == 204
    row = db.session.execute(
        text("SELECT real_name, phone, id_number_encrypted FROM volunteer_profiles")
    ).one()
    assert tuple(row) == (None, None, None)
    row = db.session.execute(
        text("SELECT real_name, phone, id_number_encrypted FROM volunteer_applications")
    ).one()
    assert tuple(row) == (None, None, None)
