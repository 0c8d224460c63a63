"""Bad input gets a 4xx with a stable code and the field named, and writes nothing."""

import pytest

from app.extensions import db
from app.stations.models import Station


def fields_of(response) -> dict:
    return response.get_json()["error"]["details"].get("fields", {})


BAD_CREATES = [
    ("unknown kind", {"kind": "embassy", "name": "x"}, 422, "validation_error", "kind"),
    ("name too long", {"kind": "service_station", "name": "站" * 101}, 422, None, "name"),
    ("empty name", {"kind": "service_station", "name": ""}, 422, None, "name"),
    (
        "unknown place",
        {"kind": "service_station", "name": "x", "place_type": "moon"},
        422,
        None,
        "place_type",
    ),
    (
        "bad phone",
        {"kind": "service_station", "name": "x", "contact_phone": "call me"},
        422,
        None,
        "contact_phone",
    ),
    (
        "unknown field",
        {"kind": "service_station", "name": "x", "status": "active"},
        422,
        None,
        "status",
    ),
    ("no name", {"kind": "service_station"}, 422, None, "name"),
    (
        "address too long",
        {"kind": "service_station", "name": "x", "address": "路" * 256},
        422,
        None,
        "address",
    ),
]


@pytest.mark.parametrize("case", BAD_CREATES, ids=[c[0] for c in BAD_CREATES])
def test_bad_station_bodies_are_422_and_write_nothing(case, world, factory, counts):
    """Schema errors name the field; no station, entrance or audit entry appears."""
    _, body, status, code, field = case
    admin = factory.association_admin(world.a)
    before = counts()
    response = admin.post("/api/v1/stations", json={"association_id": world.a.id, **body})
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == (code or "validation_error")
    assert field in fields_of(response)
    assert counts() == before


def test_placement_errors_are_422_with_their_own_codes(world, factory, counts):
    """Sub-stations need a parent of the same association that is not itself a sub-station;
    other kinds take no parent; the association must exist."""
    union = factory.union_admin()
    before = counts()
    cases = [
        ({"kind": "sub_station", "name": "x", "association_id": world.a.id}, "parent_required"),
        ({"kind": "sub_station", "name": "x", "parent_id": 999999}, "parent_unknown"),
        ({"kind": "sub_station", "name": "x", "parent_id": world.ss.id}, "parent_is_sub_station"),
        (
            {
                "kind": "sub_station",
                "name": "x",
                "parent_id": world.f.id,
                "association_id": world.a.id,
            },
            "parent_other_association",
        ),
        (
            {
                "kind": "service_station",
                "name": "x",
                "parent_id": world.s.id,
                "association_id": world.a.id,
            },
            "parent_not_allowed",
        ),
        ({"kind": "service_station", "name": "x", "association_id": 999999}, "association_unknown"),
        ({"kind": "education_base", "name": "x"}, "association_required"),
    ]
    for body, code in cases:
        response = union.post("/api/v1/stations", json=body)
        assert response.status_code == 422, (body, response.get_json())
        assert response.get_json()["error"]["code"] == code
        assert fields_of(response), code
    assert counts() == before


def test_station_admin_cannot_hang_a_station_elsewhere_via_its_parent(world, factory, counts):
    """A parent-station admin naming another association gets a 422; nothing is created."""
    before = counts()
    response = factory.station_admin(world.s).post(
        "/api/v1/stations",
        json={
            "kind": "sub_station",
            "name": "x",
            "parent_id": world.s.id,
            "association_id": world.b.id,
        },
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "parent_other_association"
    assert counts() == before


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "站" * 101}, "name"),
        ({"kind": "education_base"}, "kind"),
        ({"association_id": 2}, "association_id"),
        ({"party_member_post": "maybe"}, "party_member_post"),
        ({"district": ""}, "district"),
    ],
)
def test_bad_edits_are_422_and_change_nothing(body, field, world, factory, counts):
    """Kind, tree position and status are not editable; too-long text is refused."""
    before = counts()
    response = factory.station_admin(world.s).patch(f"/api/v1/stations/{world.s.id}", json=body)
    assert response.status_code == 422
    assert field in fields_of(response)
    db.session.expire_all()
    station = db.session.get(Station, world.s.id)
    assert station.name == "右安门街道网络安全志愿服务站" and station.kind == "service_station"
    assert counts() == before


def test_suspend_needs_a_reason(world, factory, counts):
    """Suspending without a reason is a 422; the station stays active."""
    before = counts()
    response = factory.union_admin().post(f"/api/v1/stations/{world.s.id}/suspend", json={})
    assert response.status_code == 422
    assert "reason" in fields_of(response)
    db.session.expire_all()
    assert db.session.get(Station, world.s.id).status == "active"
    assert counts() == before


def test_association_name_taken_or_too_long(world, factory, counts):
    """A duplicate association name is 409; a name over 100 characters is 422."""
    union = factory.union_admin()
    before = counts()
    taken = union.post("/api/v1/associations", json={"name": world.a.name, "region": "北京市"})
    assert taken.status_code == 409
    assert taken.get_json()["error"]["code"] == "association_name_taken"
    long = union.post("/api/v1/associations", json={"name": "协" * 101, "region": "北京市"})
    assert long.status_code == 422 and "name" in fields_of(long)
    assert counts() == before


def test_bad_paging_is_422(world, client, factory):
    """per_page is 1..100 on every list."""
    assert client.get("/api/v1/stations?per_page=0").status_code == 422
    assert client.get("/api/v1/associations?per_page=101").status_code == 422
    assert factory.union_admin().get("/api/v1/audit-log?page=0").status_code == 422
    assert client.get("/api/v1/stations?status=deleted").status_code == 422
