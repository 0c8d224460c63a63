"""Stations: creation with an entrance, the directory, edit, suspend/reopen, audit."""

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.extensions import db
from app.stations.models import Station

NEW_STATION = {
    "kind": "education_base",
    "name": "右安门第一中学教育基地",
    "place_type": "school",
    "district": "丰台区",
    "address": "北京市丰台区右安门外大街",
    "contact_name": "王老师",
    "contact_phone": "010-87654321",
    "opening_hours": "周一至周五 8:00-17:00",
    "party_member_post": True,
}


def test_created_station_gets_its_own_entrance_and_an_audit_entry(world, factory, client):
    """Creating a station issues its scene; the scene resolves to the station by name."""
    admin = factory.association_admin(world.a)
    response = admin.post("/api/v1/stations", json={**NEW_STATION, "association_id": world.a.id})
    assert response.status_code == 201
    created = response.get_json()
    assert created["party_member_post"] is True and created["place_type"] == "school"
    scene = created["scene"]
    assert len(scene) == 8 and scene.isalnum() and scene.upper() == scene
    entrance = client.get(f"/api/v1/entrances/{scene}").get_json()
    assert entrance["kind"] == "station" and entrance["status"] == "active"
    assert entrance["station"] == {
        "id": created["id"],
        "name": NEW_STATION["name"],
        "kind": "education_base",
        "status": "active",
    }
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "station.create"))
    assert entry.actor_id == admin.user_id and entry.target_id == created["id"]
    assert entry.association_id == world.a.id
    assert entry.after["name"] == NEW_STATION["name"] and entry.after["scene"] == scene


def test_directory_filters_by_district_kind_and_association_and_paginates(world, client):
    """GET /stations filters and pages; only public fields are shown."""
    everything = client.get("/api/v1/stations").get_json()
    assert everything["total"] == 4
    assert "contact_phone" not in everything["items"][0]
    assert "scene" not in everything["items"][0]
    fengtai = client.get("/api/v1/stations?district=丰台区").get_json()
    assert {s["id"] for s in fengtai["items"]} == {world.s.id, world.ss.id, world.s2.id}
    bases = client.get("/api/v1/stations?kind=education_base").get_json()
    assert [s["id"] for s in bases["items"]] == [world.s2.id]
    in_b = client.get(f"/api/v1/stations?association_id={world.b.id}").get_json()
    assert [s["id"] for s in in_b["items"]] == [world.f.id]
    subs = client.get(f"/api/v1/stations?parent_id={world.s.id}").get_json()
    assert [s["id"] for s in subs["items"]] == [world.ss.id]
    page2 = client.get("/api/v1/stations?per_page=3&page=2").get_json()
    assert page2["total"] == 4 and len(page2["items"]) == 1 and page2["page"] == 2


def test_directory_rejects_an_unknown_kind_filter(world, client):
    """A kind that does not exist is a 422 with the field named."""
    response = client.get("/api/v1/stations?kind=embassy")
    assert response.status_code == 422
    assert "kind" in response.get_json()["error"]["details"]["fields"]


def test_edit_is_audited_with_before_and_after(world, factory):
    """PATCH changes the fields and records who changed what from what."""
    admin = factory.station_admin(world.s)
    response = admin.patch(
        f"/api/v1/stations/{world.s.id}",
        json={"opening_hours": "周六 9:00-12:00", "party_member_post": True},
    )
    assert response.status_code == 200
    assert response.get_json()["opening_hours"] == "周六 9:00-12:00"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "station.update"))
    assert entry.actor_id == admin.user_id
    assert entry.before == {"opening_hours": None, "party_member_post": False}
    assert entry.after == {"opening_hours": "周六 9:00-12:00", "party_member_post": True}


def test_suspend_then_reopen_and_the_entrance_says_so(world, factory, client):
    """A suspended station is kept, its entrance answers status suspended, and reopening
    brings it back to the directory; suspending twice is a 409."""
    admin = factory.association_admin(world.a)
    scene = admin.get(f"/api/v1/stations/{world.s.id}").get_json()["scene"]
    suspended = admin.post(f"/api/v1/stations/{world.s.id}/suspend", json={"reason": "整改"})
    assert suspended.status_code == 200
    assert suspended.get_json()["status"] == "suspended"
    assert suspended.get_json()["suspend_reason"] == "整改"
    entrance = client.get(f"/api/v1/entrances/{scene}").get_json()
    assert entrance["status"] == "suspended" and entrance["station"]["status"] == "suspended"
    again = admin.post(f"/api/v1/stations/{world.s.id}/suspend", json={"reason": "整改"})
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "station_already_suspended"
    assert world.s.id not in [s["id"] for s in client.get("/api/v1/stations").get_json()["items"]]
    reopened = admin.post(f"/api/v1/stations/{world.s.id}/reopen")
    assert reopened.status_code == 200 and reopened.get_json()["status"] == "active"
    assert client.get(f"/api/v1/entrances/{scene}").get_json()["status"] == "active"
    assert world.s.id in [s["id"] for s in client.get("/api/v1/stations").get_json()["items"]]
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.station_id == world.s.id)
    ).all()
    assert actions == ["station.suspend", "station.reopen"]


def test_reopening_an_active_station_is_a_conflict(world, factory):
    """Reopen only applies to a suspended station."""
    response = factory.union_admin().post(f"/api/v1/stations/{world.s.id}/reopen")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "station_already_active"


def test_no_sub_station_under_a_suspended_station(world, factory, counts):
    """A suspended station takes no new sub-stations; nothing is written."""
    world.s.status = "suspended"
    db.session.commit()
    before = counts()
    response = factory.association_admin(world.a).post(
        "/api/v1/stations", json={"kind": "sub_station", "parent_id": world.s.id, "name": "x"}
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "station_suspended"
    assert counts() == before


def test_stations_are_never_deleted(world, factory):
    """There is no DELETE for stations: the method is not allowed and the row stays."""
    response = factory.union_admin().delete(f"/api/v1/stations/{world.s.id}")
    assert response.status_code == 405
    db.session.expire_all()
    assert db.session.get(Station, world.s.id) is not None


def test_association_created_by_union_admin_is_audited(factory):
    """A new association is listed, opened by id, and its creation is in the audit log."""
    union = factory.union_admin()
    created = union.post("/api/v1/associations", json={"name": "天津协会", "region": "天津市"})
    assert created.status_code == 201
    association_id = created.get_json()["id"]
    assert union.get(f"/api/v1/associations/{association_id}").get_json()["name"] == "天津协会"
    log = union.get("/api/v1/audit-log?action=association.create").get_json()
    assert [e["target_id"] for e in log["items"]] == [association_id]
    assert log["items"][0]["after"] == {"name": "天津协会", "region": "天津市"}
    missing = union.get("/api/v1/associations/999999")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "association_not_found"
