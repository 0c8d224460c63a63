"""Every station/association endpoint × every role × own station vs its sub-station, on MariaDB.

Circles (app/stations/access.py): "admin" endpoints are open to a station's own admins, the
admins of its parent station, its association's admins and union admins; "govern" endpoints
only to those above the station (a station admin does not govern its own station)."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.stations.models import Station
from app.users.models import Role
from tests.org.factories import ROLES

ADMIN = {
    "anonymous": (401, 401),
    "resident": (403, 403),
    "admin_own": ("ok", "ok"),
    "admin_sibling": (403, 403),
    "admin_sub": (403, "ok"),
    "association_own": ("ok", "ok"),
    "association_foreign": (403, 403),
    "union": ("ok", "ok"),
}
GOVERN = {**ADMIN, "admin_own": (403, "ok"), "admin_sub": (403, 403)}


def _suspend(factory, station):
    station.status = "suspended"
    db.session.commit()


def _second_admin(factory, station):
    return factory.user(role=Role.STATION_ADMIN, station_id=station.id).id


# name, method, path, body, success status, circle, setup(factory, station) -> path extra
ENDPOINTS = [
    ("patch", "PATCH", "/api/v1/stations/{id}", {"opening_hours": "9-17"}, 200, ADMIN, None),
    ("rotate", "POST", "/api/v1/stations/{id}/scene/rotate", None, 200, ADMIN, None),
    ("qrcode", "GET", "/api/v1/stations/{id}/qrcode", None, 200, ADMIN, None),
    ("admins", "GET", "/api/v1/stations/{id}/admins", None, 200, ADMIN, None),
    ("suspend", "POST", "/api/v1/stations/{id}/suspend", {"reason": "督导整改"}, 200, GOVERN, None),
    ("reopen", "POST", "/api/v1/stations/{id}/reopen", None, 200, GOVERN, _suspend),
    ("invite", "POST", "/api/v1/stations/{id}/admin-invites", {}, 201, GOVERN, None),
    ("remove", "DELETE", "/api/v1/stations/{id}/admins/{extra}", None, 204, GOVERN, _second_admin),
]


@pytest.mark.parametrize("target", ["station", "sub_station"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_station_endpoint_scoping(endpoint, role, target, world, as_role, factory):
    """Each role gets exactly the status its circle allows, for S and for its sub-station SS."""
    name, method, path, body, ok, circle, setup = endpoint
    station = world.target(target)
    extra = setup(factory, station) if setup else None
    caller = as_role(role)
    response = caller.request(method, path.format(id=station.id, extra=extra), json=body)
    expected = circle[role][0 if target == "station" else 1]
    expected = ok if expected == "ok" else expected
    assert response.status_code == expected, (role, target, response.get_json())
    if expected >= 400:
        assert response.get_json()["error"]["code"] in ("unauthorized", "forbidden")


@pytest.mark.parametrize("role", ["resident", "association_foreign", "union"])
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_unknown_station_is_404_for_logged_in_callers(endpoint, role, world, as_role):
    """A station that does not exist answers 404 station_not_found, never 403 or 500."""
    _, method, path, body, *_ = endpoint
    response = as_role(role).request(method, path.format(id=999999, extra=1), json=body)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "station_not_found"


@pytest.mark.parametrize("target", ["station", "sub_station"])
@pytest.mark.parametrize("role", ROLES)
def test_station_detail_shows_admin_fields_only_to_admins(role, target, world, as_role):
    """Anyone opens an active station; contact phone and scene only reach its admins."""
    station = world.target(target)
    station.contact_phone = "010-12345678"
    db.session.commit()
    response = as_role(role).get(f"/api/v1/stations/{station.id}")
    assert response.status_code == 200
    body = response.get_json()
    is_admin = ADMIN[role][0 if target == "station" else 1] == "ok"
    assert ("contact_phone" in body) is is_admin
    assert ("scene" in body) is is_admin
    if is_admin:
        assert body["contact_phone"] == "010-12345678" and len(body["scene"]) == 8


@pytest.mark.parametrize("target", ["station", "sub_station"])
@pytest.mark.parametrize("role", ROLES)
def test_suspended_station_is_hidden_from_all_but_its_admins(role, target, world, as_role):
    """A suspended station answers 404 to the public and stays visible to its admins."""
    station = world.target(target)
    station.status = "suspended"
    db.session.commit()
    caller = as_role(role)
    detail = caller.get(f"/api/v1/stations/{station.id}")
    listed = caller.get("/api/v1/stations?status=suspended").get_json()["items"]
    is_admin = ADMIN[role][0 if target == "station" else 1] == "ok"
    assert detail.status_code == (200 if is_admin else 404)
    assert (station.id in [s["id"] for s in listed]) is is_admin
    public = caller.get("/api/v1/stations").get_json()["items"]
    assert station.id not in [s["id"] for s in public]


CREATE_IN_A = {
    "anonymous": 401,
    "resident": 403,
    "admin_own": 403,
    "admin_sibling": 403,
    "admin_sub": 403,
    "association_own": 201,
    "association_foreign": 403,
    "union": 201,
}
CREATE_SUB_OF_S = {**CREATE_IN_A, "admin_own": 201}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("what", ["station", "education_base", "sub_station"])
def test_who_may_create_stations(what, role, world, as_role):
    """Association admins create in their association; parent-station admins create
    sub-stations under their own station; nobody else creates anything."""
    body = {"kind": "service_station" if what == "station" else what, "name": "新站"}
    if what == "sub_station":
        body["parent_id"] = world.s.id
        expected = CREATE_SUB_OF_S[role]
    else:
        body["association_id"] = world.a.id
        expected = CREATE_IN_A[role]
    before = db.session.scalar(select(Station.id).order_by(Station.id.desc()))
    response = as_role(role).post("/api/v1/stations", json=body)
    assert response.status_code == expected, response.get_json()
    db.session.expire_all()
    after = db.session.scalar(select(Station.id).order_by(Station.id.desc()))
    assert (after != before) is (expected == 201)
    if expected == 201:
        created = response.get_json()
        assert created["association_id"] == world.a.id
        assert created["parent_id"] == (world.s.id if what == "sub_station" else None)


@pytest.mark.parametrize("role", ROLES)
def test_station_admin_cannot_create_under_a_foreign_parent(role, world, as_role):
    """A sub-station under association B's station is for B's admins and union admins only."""
    response = as_role(role).post(
        "/api/v1/stations",
        json={"kind": "sub_station", "parent_id": world.f.id, "name": "外协会分站"},
    )
    # association_foreign administers B, so F is its own station there.
    expected = {"anonymous": 401, "union": 201, "association_foreign": 201}.get(role, 403)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_union_admins_create_associations(role, world, as_role):
    """POST /associations is for union admins; everyone may list and open associations."""
    caller = as_role(role)
    response = caller.post("/api/v1/associations", json={"name": "天津协会", "region": "天津市"})
    assert response.status_code == {"anonymous": 401, "union": 201}.get(role, 403)
    listed = caller.get("/api/v1/associations")
    assert listed.status_code == 200
    names = [a["name"] for a in listed.get_json()["items"]]
    assert ("天津协会" in names) is (role == "union")
    assert caller.get(f"/api/v1/associations/{world.a.id}").status_code == 200


AUDIT = {
    "anonymous": 401,
    "resident": 403,
    "admin_own": 403,
    "admin_sibling": 403,
    "admin_sub": 403,
    "association_own": 200,
    "association_foreign": 200,
    "union": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_audit_log_is_scoped_to_the_association(role, world, as_role, factory):
    """Association admins read their association's entries only; union admins read all."""
    factory.association_admin(world.a).patch(
        f"/api/v1/stations/{world.s.id}", json={"address": "右安门内大街"}
    )
    factory.association_admin(world.b).patch(
        f"/api/v1/stations/{world.f.id}", json={"address": "徐汇区"}
    )
    response = as_role(role).get("/api/v1/audit-log")
    assert response.status_code == AUDIT[role]
    if response.status_code == 200:
        stations = {entry["station_id"] for entry in response.get_json()["items"]}
        expected = {
            "association_own": {world.s.id},
            "association_foreign": {world.f.id},
            "union": {world.s.id, world.f.id},
        }[role]
        assert stations == expected
