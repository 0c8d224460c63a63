"""Create, resolve and rotate entrance scenes."""

import re
import secrets
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.time import utcnow
from app.entrances.models import Entrance
from app.errors import BadRequest, Gone, NotFound
from app.extensions import db

SCENE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SCENE_PATTERN = re.compile(r"^[0-9A-Z]{6,8}$")


def new_scene(length: int = 8) -> str:
    return "".join(secrets.choice(SCENE_ALPHABET) for _ in range(length))


def check_scene_shape(scene: str) -> str:
    """The scene normalised to upper case, or 400 scene_malformed."""
    normalised = (scene or "").strip().upper()
    if not SCENE_PATTERN.match(normalised):
        raise BadRequest(
            "A scene is 6 to 8 letters or digits.",
            code="scene_malformed",
            details={"scene": ["Must be 6-8 characters of 0-9A-Z."]},
        )
    return normalised


def create_entrance(*, kind: str, target_id: int, station_id: int | None = None) -> Entrance:
    """A new entrance with a fresh random scene (collisions retried). Flushes."""
    for _ in range(10):
        entrance = Entrance(
            scene=new_scene(), kind=kind, target_id=target_id, station_id=station_id
        )
        try:
            with db.session.begin_nested():
                db.session.add(entrance)
            return entrance
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free scene after 10 tries")


def current_entrance(*, kind: str, target_id: int) -> Entrance | None:
    """The live (not rotated) entrance of a target."""
    return db.session.scalar(
        select(Entrance)
        .where(
            Entrance.kind == kind, Entrance.target_id == target_id, Entrance.rotated_at.is_(None)
        )
        .order_by(Entrance.id.desc())
    )


def rotate_entrance(*, entrance: Entrance) -> Entrance:
    """Retire a scene and issue a new one for the same target. Flushes."""
    entrance.rotated_at = utcnow()
    db.session.flush()
    return create_entrance(
        kind=entrance.kind, target_id=entrance.target_id, station_id=entrance.station_id
    )


def resolve(scene: str) -> Entrance:
    """The live entrance of a scene: 400 malformed, 404 unknown, 410 rotated."""
    scene = check_scene_shape(scene)
    entrance = db.session.scalar(select(Entrance).where(Entrance.scene == scene))
    if entrance is None:
        raise NotFound("No entrance has this scene.", code="entrance_not_found")
    if entrance.rotated_at is not None:
        raise Gone(
            "This code has been replaced; ask the station for its new code.",
            code="entrance_rotated",
        )
    return entrance


# kind -> fn(target_id) -> dict: what a domain adds so the mini-program can route (a survey link
# names its survey). Domains register here; entrances never import them.
detail_providers: dict[str, Callable[[int], dict]] = {}


def entrance_details(kind: str):
    """Decorator: register fn(target_id) -> dict, returned as `details` of that kind's entrances."""

    def register(fn: Callable[[int], dict]) -> Callable[[int], dict]:
        detail_providers[kind] = fn
        return fn

    return register


# fn(station_id) -> {"id", "name", "kind", "status"} or None: registered by the stations
# domain, which builds on entrances (a station makes its entrance), not the other way round.
station_summaries: list[Callable[[int], dict | None]] = []


def station_summary(fn: Callable[[int], dict | None]) -> Callable[[int], dict | None]:
    """Decorator: register how a station is shown in a scanned entrance's description."""
    station_summaries[:] = [fn]
    return fn


def describe(entrance: Entrance) -> dict:
    """What the mini-program needs to route a scanned scene: the target, its station and
    whether it is in service (a suspended station shows 暂停服务)."""
    data = {
        "scene": entrance.scene,
        "kind": entrance.kind,
        "target_id": entrance.target_id,
        "station_id": entrance.station_id,
        "status": "active",
        "station": None,
        "details": {},
    }
    provider = detail_providers.get(entrance.kind)
    if provider is not None:
        data["details"] = provider(entrance.target_id)
    station = station_summaries[0](entrance.station_id) if entrance.station_id else None
    if station is not None:
        data["station"] = station
        if station["status"] != "active":
            data["status"] = station["status"]
    return data


def live_entrance(scene: str) -> Entrance | None:
    """The live entrance of a scene, or None for unknown, rotated or malformed ones (a login
    with a stale scene still logs in)."""
    normalised = (scene or "").strip().upper()
    if not SCENE_PATTERN.match(normalised):
        return None
    entrance = db.session.scalar(select(Entrance).where(Entrance.scene == normalised))
    if entrance is None or entrance.rotated_at is not None:
        return None
    return entrance


def station_id_for_scene(scene: str) -> int | None:
    """The station a scene attributes users to, or None for unknown, rotated or malformed ones."""
    entrance = live_entrance(scene)
    return entrance.station_id if entrance else None


# kind -> fn(user, entrance): what a domain does when a user logs in through one of its
# entrances (a quiz campaign's code admits them to the campaign). Flush only. Domains register
# here; entrances never import them.
arrival_handlers: dict[str, Callable[[Any, Entrance], None]] = {}


def on_arrival(kind: str):
    """Decorator: register fn(user, entrance), run when a login carries a scene of that kind."""

    def register(fn: Callable[[Any, Entrance], None]) -> Callable[[Any, Entrance], None]:
        arrival_handlers[kind] = fn
        return fn

    return register


def arrive(*, user, scene: str) -> Entrance | None:
    """A user logged in with this scene: run its kind's arrival handler and return the live
    entrance (None for unknown, rotated or malformed scenes, which change nothing). Flushes."""
    entrance = live_entrance(scene)
    if entrance is not None and entrance.kind in arrival_handlers:
        arrival_handlers[entrance.kind](user, entrance)
    return entrance


def note_entrance(*, user, scene: str) -> None:
    """Remember the station whose entrance a user first came through, and let the entrance's
    domain react (a quiz campaign's code admits the user to it). Flushes."""
    entrance = arrive(user=user, scene=scene)
    if user.first_station_id is None and entrance is not None:
        user.first_station_id = entrance.station_id
