"""Association admin appointment by invite, and listing / revoking station and association
invites (the web console's 管理员邀请)."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.users.models import Role, RoleGrant
from tests.support import assert_documented


def association_admins(association_id):
    db.session.expire_all()
    return [
        grant.user_id
        for grant in db.session.scalars(
            select(RoleGrant).where(
                RoleGrant.role == Role.ASSOCIATION_ADMIN,
                RoleGrant.association_id == association_id,
                RoleGrant.revoked_at.is_(None),
            )
        )
    ]


def test_an_association_invite_claimed_makes_an_association_admin(world, factory, app):
    inviter = factory.association_admin(world.a)
    issued = inviter.post(
        f"/api/v1/associations/{world.a.id}/admin-invites", json={"expires_in_hours": 48}
    )
    assert issued.status_code == 201, issued.get_json()
    assert_documented(app, issued, "POST", "/api/v1/associations/{association_id}/admin-invites")
    body = issued.get_json()
    assert body["association_id"] == world.a.id and "+08:00" in body["expires_at"]
    newcomer = factory.resident()
    assert newcomer.get(f"/api/v1/associations/{world.a.id}/admin-invites").status_code == 403
    claimed = newcomer.post(
        "/api/v1/admin-invites/claim", json={"invite_code": body["invite_code"]}
    )
    assert claimed.status_code == 200, claimed.get_json()
    assert_documented(app, claimed, "POST", "/api/v1/admin-invites/claim")
    assert claimed.get_json()["role"] == "association_admin"
    assert claimed.get_json()["association"]["id"] == world.a.id
    assert newcomer.user_id in association_admins(world.a.id)
    roles = newcomer.get("/api/v1/me").get_json()["roles"]
    assert {"role": "association_admin", "station_id": None, "association_id": world.a.id} in roles
    # Now an admin of A (lists A's invites), still none of B.
    assert newcomer.get(f"/api/v1/associations/{world.a.id}/admin-invites").status_code == 200
    assert newcomer.get(f"/api/v1/associations/{world.b.id}/admin-invites").status_code == 403
    again = factory.resident().post(
        "/api/v1/admin-invites/claim", json={"invite_code": body["invite_code"]}
    )
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "invite_used"


def test_a_station_claim_still_answers_the_station(world, factory):
    code = (
        factory.association_admin(world.a)
        .post(f"/api/v1/stations/{world.s.id}/admin-invites", json={})
        .get_json()["invite_code"]
    )
    claimed = factory.resident().post("/api/v1/admin-invites/claim", json={"invite_code": code})
    assert claimed.status_code == 200
    assert claimed.get_json()["id"] == world.s.id
    assert claimed.get_json()["role"] == "station_admin"


@pytest.mark.parametrize(
    "who, status",
    [
        ("association_own", 201),
        ("union", 201),
        ("association_foreign", 403),
        ("admin_own", 403),
        ("resident", 403),
        ("anonymous", 401),
    ],
)
def test_who_may_issue_association_invites(world, as_role, who, status):
    response = as_role(who).post(f"/api/v1/associations/{world.a.id}/admin-invites", json={})
    assert response.status_code == status
    listing = as_role(who).get(f"/api/v1/associations/{world.a.id}/admin-invites")
    assert listing.status_code == (200 if status == 201 else status)


def test_bad_input_and_unknown_associations(world, factory):
    union = factory.union_admin()
    for body in ({"expires_in_hours": 0}, {"expires_in_hours": 1000}, {"x": 1}):
        response = union.post(f"/api/v1/associations/{world.a.id}/admin-invites", json=body)
        assert response.status_code == 422, body
    assert union.post("/api/v1/associations/99999/admin-invites", json={}).status_code == 404
    assert union.get("/api/v1/associations/99999/admin-invites").status_code == 404
    assert union.delete("/api/v1/admin-invites/99999").status_code == 404


def test_listing_shows_status_never_the_code(world, factory, app):
    admin = factory.association_admin(world.a)
    first = admin.post(f"/api/v1/stations/{world.s.id}/admin-invites", json={}).get_json()
    admin.post(f"/api/v1/stations/{world.s.id}/admin-invites", json={})
    factory.resident().post(
        "/api/v1/admin-invites/claim", json={"invite_code": first["invite_code"]}
    )
    response = admin.get(f"/api/v1/stations/{world.s.id}/admin-invites")
    assert response.status_code == 200
    assert_documented(app, response, "GET", "/api/v1/stations/{station_id}/admin-invites")
    listed = response.get_json()
    assert [i["status"] for i in listed] == ["pending", "claimed"]
    assert first["invite_code"] not in str(listed) and "code" not in str(listed)
    # The station's own admin does not govern it: no invites for them.
    own = factory.station_admin(world.s)
    assert own.get(f"/api/v1/stations/{world.s.id}/admin-invites").status_code == 403
    assert (
        factory.association_admin(world.b)
        .get(f"/api/v1/stations/{world.s.id}/admin-invites")
        .status_code
        == 403
    )
    # A parent station's admin governs its sub-station.
    parent = factory.station_admin(world.s)
    assert parent.get(f"/api/v1/stations/{world.ss.id}/admin-invites").status_code == 200


def test_a_revoked_invite_cannot_be_claimed(world, factory, app):
    admin = factory.association_admin(world.a)
    station_invite = admin.post(f"/api/v1/stations/{world.s.id}/admin-invites", json={}).get_json()
    association_invite = admin.post(
        f"/api/v1/associations/{world.a.id}/admin-invites", json={}
    ).get_json()
    listed = admin.get(f"/api/v1/stations/{world.s.id}/admin-invites").get_json()
    station_invite_id = listed[0]["id"]
    association_invite_id = admin.get(
        f"/api/v1/associations/{world.a.id}/admin-invites"
    ).get_json()[0]["id"]
    # Outsiders may not revoke either.
    foreign = factory.association_admin(world.b)
    assert foreign.delete(f"/api/v1/admin-invites/{station_invite_id}").status_code == 403
    assert foreign.delete(f"/api/v1/admin-invites/{association_invite_id}").status_code == 403
    assert (
        factory.station_admin(world.s)
        .delete(f"/api/v1/admin-invites/{station_invite_id}")
        .status_code
        == 403
    )
    assert (
        factory.resident().delete(f"/api/v1/admin-invites/{station_invite_id}").status_code == 403
    )
    response = admin.delete(f"/api/v1/admin-invites/{station_invite_id}")
    assert response.status_code == 204
    assert (
        factory.union_admin().delete(f"/api/v1/admin-invites/{association_invite_id}").status_code
        == 204
    )
    for code in (station_invite["invite_code"], association_invite["invite_code"]):
        claimed = factory.resident().post("/api/v1/admin-invites/claim", json={"invite_code": code})
        assert claimed.status_code == 410
        assert claimed.get_json()["error"]["code"] == "invite_revoked"
    again = admin.delete(f"/api/v1/admin-invites/{station_invite_id}")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "invite_closed"
    assert (
        admin.get(f"/api/v1/stations/{world.s.id}/admin-invites").get_json()[0]["status"]
        == "revoked"
    )
    assert association_admins(world.a.id) == [admin.user_id]
