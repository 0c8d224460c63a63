"""Who is asking, and what they may see. Every protected route goes through these helpers."""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Literal

from flask import g, request

from app.core import contrib
from app.core.contrib import user_for_token
from app.core.roles import Role
from app.errors import AppError, Forbidden, Unauthorized

if TYPE_CHECKING:  # names for the annotations only: core imports no domain at run time
    from app.users.models import RoleGrant, User


def load_bearer_user() -> None:
    """before_request: resolve the bearer token once, so limits and routes see the same user."""
    g.current_user = None
    g.auth_error = None
    g.bearer_token = None
    header = request.headers.get("Authorization", "")
    if not header:
        return
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        g.auth_error = Unauthorized("Use 'Authorization: Bearer <token>'.", code="token_invalid")
        return
    try:
        g.current_user = user_for_token(token.strip())
        g.bearer_token = token.strip()
    except AppError as error:
        g.auth_error = error


def current_user() -> User:
    """The logged-in user, or 401."""
    user = g.get("current_user")
    if user is None:
        raise g.get("auth_error") or Unauthorized()
    return user


def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        current_user()
        return view(*args, **kwargs)

    return wrapper


def grants(user: User, role: str) -> list[RoleGrant]:
    return [grant for grant in user.roles if grant.role == role]


def is_union_admin(user: User) -> bool:
    return bool(grants(user, Role.UNION_ADMIN))


def administered_association_ids(user: User) -> set[int]:
    return {grant.association_id for grant in grants(user, Role.ASSOCIATION_ADMIN)}


def administered_station_ids(user: User) -> set[int]:
    return {grant.station_id for grant in grants(user, Role.STATION_ADMIN)}


def can_admin_association(user: User, association_id: int) -> bool:
    return is_union_admin(user) or association_id in administered_association_ids(user)


def can_admin_station(user: User, station) -> bool:
    """Station admins see their station and its sub-stations; association admins their
    association's stations; union admins everything."""
    if can_admin_association(user, station.association_id):
        return True
    own = administered_station_ids(user)
    return station.id in own or (station.parent_id is not None and station.parent_id in own)


def member_stations(user_id: int) -> list:
    """The stations a user belongs to: the station whose entrance they first came through
    (users.first_station_id) and their volunteer home station. A station's admins, its parent
    station's admins and its association's admins count the user as theirs."""
    stations: dict[int, object] = {}
    for source in contrib.member_station_sources:
        for station in source(user_id):
            if station is not None:
                stations.setdefault(station.id, station)
    return list(stations.values())


def administers_member(
    admin: User, user_id: int, *, level: Literal["association", "station"]
) -> bool:
    """May this admin act for this user? level "association": an admin of the association of a
    station the user belongs to (or the union); level "station": an admin of such a station (its
    own, its parent's, its association's, or the union)."""
    if is_union_admin(admin):
        return True
    stations = member_stations(user_id)
    if level == "association":
        return any(s.association_id in administered_association_ids(admin) for s in stations)
    return any(can_admin_station(admin, s) for s in stations)


def require_any_role(*roles: str) -> User:
    """The current user if they hold one of the roles (any scope), else 403."""
    user = current_user()
    if is_union_admin(user) or any(user.has_role(role) for role in roles):
        return user
    raise Forbidden("This needs one of the roles: " + ", ".join(roles) + ".")
