"""Station admin invites: issue, claim once (also under concurrency), expiry, removal."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from app.audit.models import AuditEntry
from app.core.time import utcnow
from app.extensions import db
from app.stations.models import AdminInvite
from app.users.models import Role, RoleGrant
from tests.support import ApiClient


def issue(factory, station, **body) -> str:
    response = factory.association_admin_of(station).post(
        f"/api/v1/stations/{station.id}/admin-invites", json=body
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["invite_code"]


def station_admin_grants(station_id: int) -> list[RoleGrant]:
    db.session.expire_all()
    return db.session.scalars(
        select(RoleGrant).where(
            RoleGrant.role == Role.STATION_ADMIN,
            RoleGrant.station_id == station_id,
            RoleGrant.revoked_at.is_(None),
        )
    ).all()


def test_claiming_an_invite_makes_the_user_that_stations_admin(world, factory):
    """Issue → claim → the claimer administers the station (and only it)."""
    association_admin = factory.association_admin(world.a)
    issued = association_admin.post(
        f"/api/v1/stations/{world.s.id}/admin-invites", json={"expires_in_hours": 48}
    ).get_json()
    assert issued["station_id"] == world.s.id and "+08:00" in issued["expires_at"]
    newcomer = factory.resident()
    assert newcomer.patch(f"/api/v1/stations/{world.s.id}", json={"name": "x"}).status_code == 403
    claimed = newcomer.post(
        "/api/v1/admin-invites/claim", json={"invite_code": issued["invite_code"].lower()}
    )
    assert claimed.status_code == 200
    assert claimed.get_json()["id"] == world.s.id and claimed.get_json()["scene"]
    roles = newcomer.get("/api/v1/me").get_json()["roles"]
    assert {"role": "station_admin", "station_id": world.s.id, "association_id": None} in roles
    assert (
        newcomer.patch(f"/api/v1/stations/{world.s.id}", json={"address": "新址"}).status_code
        == 200
    )
    assert newcomer.patch(f"/api/v1/stations/{world.f.id}", json={"name": "x"}).status_code == 403
    admins = association_admin.get(f"/api/v1/stations/{world.s.id}/admins").get_json()["items"]
    assert [a["user_id"] for a in admins] == [newcomer.user_id]
    assert admins[0]["granted_by_id"] == association_admin.user_id
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.station_id == world.s.id)
    ).all()
    assert actions == ["station_admin.invite", "station_admin.claim", "station.update"]


def test_only_a_hash_of_the_code_is_stored(world, factory):
    """Reading the database does not reveal a usable invite code."""
    code = issue(factory, world.s)
    raw = code.replace("-", "")
    dump = db.session.execute(text("SELECT * FROM station_admin_invites")).all()
    assert dump and all(raw not in str(row) and code not in str(row) for row in dump)
    audit = db.session.execute(text("SELECT `before`, `after` FROM audit_log")).all()
    assert all(raw not in str(row) for row in audit)


def test_a_used_invite_is_409_and_grants_nothing_more(world, factory):
    """The second claimer gets invite_used and does not become an admin."""
    code = issue(factory, world.s)
    assert (
        factory.resident()
        .post("/api/v1/admin-invites/claim", json={"invite_code": code})
        .status_code
        == 200
    )
    second = factory.resident()
    response = second.post("/api/v1/admin-invites/claim", json={"invite_code": code})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "invite_used"
    assert len(station_admin_grants(world.s.id)) == 1


def test_an_expired_invite_is_410_and_writes_nothing(world, factory, counts):
    """Past its expiry an invite is gone; nobody is granted anything, nothing is recorded."""
    code = issue(factory, world.s)
    db.session.execute(
        AdminInvite.__table__.update().values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    before = counts()
    response = factory.resident().post("/api/v1/admin-invites/claim", json={"invite_code": code})
    assert response.status_code == 410
    assert response.get_json()["error"]["code"] == "invite_expired"
    assert station_admin_grants(world.s.id) == []
    assert counts() == before
    db.session.expire_all()
    assert db.session.scalar(select(AdminInvite.claimed_at)) is None


def test_an_unknown_or_empty_code_is_rejected(world, factory):
    """A code nobody issued is 404 invite_invalid; an empty one is a 422."""
    user = factory.resident()
    unknown = user.post("/api/v1/admin-invites/claim", json={"invite_code": "AAAA-BBBB-CCCC"})
    assert unknown.status_code == 404
    assert unknown.get_json()["error"]["code"] == "invite_invalid"
    empty = user.post("/api/v1/admin-invites/claim", json={"invite_code": ""})
    assert empty.status_code == 422
    assert "invite_code" in empty.get_json()["error"]["details"]["fields"]
    anonymous = factory.client.post("/api/v1/admin-invites/claim", json={"invite_code": "X"})
    assert anonymous.status_code == 401


def test_invite_lifetime_is_bounded(world, factory, counts):
    """expires_in_hours is 1..168; outside that it is a 422 and no invite is made."""
    admin = factory.association_admin(world.a)
    before = counts()
    for hours in (0, 169, "soon"):
        response = admin.post(
            f"/api/v1/stations/{world.s.id}/admin-invites", json={"expires_in_hours": hours}
        )
        assert response.status_code == 422
    assert counts() == before


def test_default_invite_lifetime_is_24_hours(world, factory):
    """Without expires_in_hours an invite lives 24 hours."""
    issue(factory, world.s)
    expires_at = db.session.scalar(select(AdminInvite.expires_at))
    remaining = expires_at - utcnow()
    assert timedelta(hours=23, minutes=59) < remaining <= timedelta(hours=24)


@pytest.mark.mariadb
def test_concurrent_claims_of_one_code_have_exactly_one_winner(world, factory, app):
    """Eight users claim the same code at the same instant: one becomes admin, seven get 409."""
    code = issue(factory, world.s)
    tokens = [factory.resident().token for _ in range(8)]
    barrier = threading.Barrier(len(tokens))
    results = []

    def claim(token):
        with app.app_context():
            caller = ApiClient(app.test_client(), token=token)
            barrier.wait()
            response = caller.post("/api/v1/admin-invites/claim", json={"invite_code": code})
            results.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=claim, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [409] * 7, results
    assert {body["error"]["code"] for status, body in results if status == 409} == {"invite_used"}
    assert len(station_admin_grants(world.s.id)) == 1


def test_claiming_for_a_suspended_station_is_refused(world, factory):
    """An invite for a station suspended since does not make an admin."""
    code = issue(factory, world.s)
    world.s.status = "suspended"
    db.session.commit()
    response = factory.resident().post("/api/v1/admin-invites/claim", json={"invite_code": code})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "station_suspended"
    assert station_admin_grants(world.s.id) == []


def test_removing_an_admin_revokes_the_grant_with_the_reason(world, factory):
    """DELETE revokes the role (kept, with reason), ends access, and is audited."""
    admin = factory.station_admin(world.s)
    governor = factory.association_admin(world.a)
    response = governor.delete(f"/api/v1/stations/{world.s.id}/admins/{admin.user_id}?reason=离职")
    assert response.status_code == 204
    db.session.expire_all()
    grant = db.session.scalar(select(RoleGrant).where(RoleGrant.user_id == admin.user_id))
    assert grant.revoked_at is not None
    assert grant.revoke_reason == "离职" and grant.revoked_by_id == governor.user_id
    assert admin.patch(f"/api/v1/stations/{world.s.id}", json={"name": "x"}).status_code == 403
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "station_admin.remove"))
    assert entry.target_id == admin.user_id and entry.after["reason"] == "离职"
    again = governor.delete(f"/api/v1/stations/{world.s.id}/admins/{admin.user_id}")
    assert again.status_code == 404
    assert again.get_json()["error"]["code"] == "admin_not_found"


def test_removing_someone_who_is_admin_elsewhere_is_404(world, factory):
    """Only this station's grant can be removed through this station."""
    other = factory.station_admin(world.s2)
    response = factory.association_admin(world.a).delete(
        f"/api/v1/stations/{world.s.id}/admins/{other.user_id}"
    )
    assert response.status_code == 404
    assert len(station_admin_grants(world.s2.id)) == 1
