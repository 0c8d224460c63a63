"""Station and association admins: one-time invite codes issued from above, claimed by a
logged-in user, listed and revoked; admins listed and removed. Only a keyed hash of each code
is stored. A station invite is issued by those who govern the station; an association admin
invite by that association's admins or the union."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from app.audit.service import record
from app.core.time import as_utc, utcnow
from app.core.transactions import use_case
from app.errors import Conflict, Forbidden, Gone, NotFound
from app.extensions import db
from app.stations.errors import InviteUsed, StationSuspended
from app.stations.models import AdminInvite, Association, Station, StationStatus
from app.users import service as users
from app.users.models import Role, RoleGrant, User

# No 0/O, 1/I/L: the code is read aloud and typed by hand.
INVITE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
INVITE_LENGTH = 12


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch not in "- \t")


def hash_code(code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, normalise_code(code).encode(), hashlib.sha256).hexdigest()


def new_code() -> str:
    raw = "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, INVITE_LENGTH, 4))


def default_ttl_hours() -> int:
    return int(current_app.config["STATION_ADMIN_INVITE_TTL_HOURS"])


@use_case
def issue_invite(
    *, actor: User | None, station: Station, ttl_hours: int | None = None, code: str | None = None
) -> tuple[str, AdminInvite]:
    """A fresh single-use admin invite for the station -> (code shown once, invite). Commits.
    `code` is only for the demo seed, which must print the same code on every run."""
    if station.status != StationStatus.ACTIVE:
        raise StationSuspended()
    hours = ttl_hours or default_ttl_hours()
    code = code or new_code()
    invite = AdminInvite(
        station_id=station.id,
        code_hash=hash_code(code),
        issued_by_id=actor.id if actor else None,
        expires_at=utcnow() + timedelta(hours=hours),
    )
    db.session.add(invite)
    db.session.flush()
    record(
        actor_id=actor.id if actor else None,
        action="station_admin.invite",
        target_type="admin_invite",
        target_id=invite.id,
        association_id=station.association_id,
        station_id=station.id,
        after={"expires_at": invite.expires_at, "via": "api" if actor else "cli"},
    )
    return code, invite


@use_case
def claim_invite(*, user: User, code: str) -> tuple[str, Station | Association]:
    """Make the user an admin of the invite's station (or association) -> (role, where).
    Exactly one claim wins under any concurrency: 404 invite_invalid, 410 invite_expired or
    invite_revoked, 409 invite_used. Commits."""
    invite = db.session.scalar(select(AdminInvite).where(AdminInvite.code_hash == hash_code(code)))
    if invite is None:
        raise NotFound("This invite code is not valid.", code="invite_invalid")
    if invite.claimed_at is not None:
        raise InviteUsed()
    if invite.revoked_at is not None:
        raise Gone("This invite code was withdrawn; ask for a new one.", code="invite_revoked")
    now = utcnow()
    if as_utc(invite.expires_at) <= now:
        raise Gone("This invite code has expired; ask for a new one.", code="invite_expired")
    if invite.association_id is not None:
        where = db.session.get(Association, invite.association_id)
        role, scope = Role.ASSOCIATION_ADMIN, {"association_id": where.id}
        association_id, station_id = where.id, None
        if any(g.role == role and g.association_id == where.id for g in user.roles):
            raise Conflict("You are already an admin of this association.", code="already_admin")
    else:
        where = db.session.get(Station, invite.station_id)
        if where.status != StationStatus.ACTIVE:
            raise StationSuspended()
        role, scope = Role.STATION_ADMIN, {"station_id": where.id}
        association_id, station_id = where.association_id, where.id
        if any(g.role == role and g.station_id == where.id for g in user.roles):
            raise Conflict("You are already an admin of this station.", code="already_admin")
    # The conditional UPDATE is the arbiter: a racing claim (or a revocation) finds the
    # invite no longer open.
    claimed = db.session.execute(
        update(AdminInvite)
        .where(
            AdminInvite.id == invite.id,
            AdminInvite.claimed_at.is_(None),
            AdminInvite.revoked_at.is_(None),
        )
        .values(claimed_at=now, claimed_by_id=user.id)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise InviteUsed()
    issuer = db.session.get(User, invite.issued_by_id) if invite.issued_by_id else None
    grant = users.grant_role(user=user, role=role, granted_by=issuer, **scope)
    record(
        actor_id=user.id,
        action=f"{role.value.removesuffix('_admin')}_admin.claim",
        target_type="user",
        target_id=user.id,
        association_id=association_id,
        station_id=station_id,
        after={"invite_id": invite.id, "role_grant_id": grant.id},
    )
    return role.value, where


@use_case
def issue_association_invite(
    *, actor: User, association: Association, ttl_hours: int | None = None
) -> tuple[str, AdminInvite]:
    """A fresh single-use association admin invite -> (code shown once, invite)."""
    code = new_code()
    invite = AdminInvite(
        association_id=association.id,
        code_hash=hash_code(code),
        issued_by_id=actor.id,
        expires_at=utcnow() + timedelta(hours=ttl_hours or default_ttl_hours()),
    )
    db.session.add(invite)
    db.session.flush()
    record(
        actor_id=actor.id,
        action="association_admin.invite",
        target_type="admin_invite",
        target_id=invite.id,
        association_id=association.id,
        after={"expires_at": invite.expires_at, "via": "api"},
    )
    return code, invite


def invite_status(invite: AdminInvite) -> str:
    if invite.claimed_at is not None:
        return "claimed"
    if invite.revoked_at is not None:
        return "revoked"
    if as_utc(invite.expires_at) <= utcnow():
        return "expired"
    return "pending"


def present_invite(invite: AdminInvite) -> dict:
    """An invite as its issuers see it: never the code (only its hash is kept anyway)."""
    return {
        "id": invite.id,
        "role": Role.ASSOCIATION_ADMIN if invite.association_id else Role.STATION_ADMIN,
        "station_id": invite.station_id,
        "association_id": invite.association_id,
        "status": invite_status(invite),
        "issued_by_id": invite.issued_by_id,
        "created_at": invite.created_at,
        "expires_at": invite.expires_at,
        "claimed_by_id": invite.claimed_by_id,
        "claimed_at": invite.claimed_at,
        "revoked_at": invite.revoked_at,
    }


def list_invites(*, station: Station | None = None, association: Association | None = None):
    """A station's invites, or an association's own (association admin) invites, newest first."""
    if station is not None:
        where = AdminInvite.station_id == station.id
    else:
        where = AdminInvite.association_id == association.id
    rows = db.session.scalars(select(AdminInvite).where(where).order_by(AdminInvite.id.desc()))
    return [present_invite(row) for row in rows]


@use_case
def revoke_invite(*, actor: User, invite_id: int, may_govern) -> AdminInvite:
    """Withdraw an open invite: 404 unknown, 403 not the issuer's circle, 409 claimed or
    already revoked. `may_govern(user, station)` is the station circle (app.stations.access)."""
    from app.core.auth import can_admin_association

    invite = db.session.get(AdminInvite, invite_id)
    if invite is None:
        raise NotFound("No such invite.", code="invite_not_found")
    if invite.association_id is not None:
        allowed = can_admin_association(actor, invite.association_id)
        association_id, station_id = invite.association_id, None
    else:
        station = db.session.get(Station, invite.station_id)
        allowed = may_govern(actor, station)
        association_id, station_id = station.association_id, station.id
    if not allowed:
        raise Forbidden("Only those who may issue this invite may withdraw it.")
    done = db.session.execute(
        update(AdminInvite)
        .where(
            AdminInvite.id == invite.id,
            AdminInvite.claimed_at.is_(None),
            AdminInvite.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow(), revoked_by_id=actor.id)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise Conflict("This invite was already claimed or withdrawn.", code="invite_closed")
    record(
        actor_id=actor.id,
        action="admin_invite.revoke",
        target_type="admin_invite",
        target_id=invite.id,
        association_id=association_id,
        station_id=station_id,
    )
    return invite


def live_admin_grants(station: Station) -> list[RoleGrant]:
    return db.session.scalars(
        select(RoleGrant)
        .where(
            RoleGrant.role == Role.STATION_ADMIN,
            RoleGrant.station_id == station.id,
            RoleGrant.revoked_at.is_(None),
        )
        .order_by(RoleGrant.id)
    ).all()


def list_admins(*, station: Station) -> list[dict]:
    """The station's current admins."""
    return [
        {
            "user_id": grant.user_id,
            "nickname": grant.user.nickname,
            "granted_at": grant.granted_at,
            "granted_by_id": grant.granted_by_id,
        }
        for grant in live_admin_grants(station)
    ]


@use_case
def remove_admin(*, actor: User, station: Station, user_id: int, reason: str) -> None:
    """Revoke a user's admin role for the station (kept for the record); 404 admin_not_found.
    Commits."""
    grant = next((g for g in live_admin_grants(station) if g.user_id == user_id), None)
    if grant is None:
        raise NotFound("This user is not an admin of the station.", code="admin_not_found")
    users.revoke_role(grant=grant, by=actor, reason=reason)
    record(
        actor_id=actor.id,
        action="station_admin.remove",
        target_type="user",
        target_id=user_id,
        association_id=station.association_id,
        station_id=station.id,
        before={"role_grant_id": grant.id, "role": Role.STATION_ADMIN.value},
        after={"revoked_at": grant.revoked_at, "reason": reason},
    )
