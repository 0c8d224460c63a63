"""Demo: print the demo stations' codes and the demo admin invite for the 右安门 station."""

import hashlib
import hmac

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.stations import invites
from app.stations.models import AdminInvite
from app.stations.service import station_scene

DEMO_INVITE_DAYS = 30


def demo_invite_code(station_id: int) -> str:
    """The same code on every run (derived from SECRET_KEY), so seeding stays idempotent."""
    digest = hmac.new(
        current_app.config["SECRET_KEY"].encode(),
        f"demo-invite:{station_id}".encode(),
        hashlib.sha256,
    ).digest()
    raw = "".join(
        invites.INVITE_ALPHABET[b % len(invites.INVITE_ALPHABET)]
        for b in digest[: invites.INVITE_LENGTH]
    )
    return "-".join(raw[i : i + 4] for i in range(0, invites.INVITE_LENGTH, 4))


def seed_demo(ctx: dict) -> list[str]:
    station, sub_station = ctx["station"], ctx["sub_station"]
    code = demo_invite_code(station.id)
    invite = db.session.scalar(
        select(AdminInvite).where(AdminInvite.code_hash == invites.hash_code(code))
    )
    if invite is None:
        code, invite = invites.issue_invite(
            actor=ctx["users"]["association_admin"],
            station=station,
            ttl_hours=DEMO_INVITE_DAYS * 24,
            code=code,
        )
    state = "already claimed" if invite.claimed_at else f"single use, {DEMO_INVITE_DAYS} days"
    return [
        f"Station codes (scenes): #{station.id} {station_scene(station)}, "
        f"#{sub_station.id} {station_scene(sub_station)}; "
        f"resolve with GET /api/v1/entrances/<scene>.",
        f"Demo admin invite for station #{station.id} ({state}): {code} "
        f"(POST /api/v1/admin-invites/claim)",
    ]
