"""Who may do what to a station. Three circles:
- anyone: the public directory (active stations, public fields);
- admins of a station (its own admins, admins of its parent station, its association's admins,
  union admins): see admin fields, edit, rotate the scene, fetch the QR code, list admins;
- governors of a station (everyone above it: parent-station admins, association admins,
  union admins): suspend/reopen, issue admin invites, remove admins. A station admin does not
  govern its own station, so it cannot mint more admins for itself.
Possessing a scene or a QR code is in none of these circles."""

from flask import g
from sqlalchemy import false, or_, true

from app.core import contrib
from app.core.auth import (
    administered_association_ids,
    administered_station_ids,
    can_admin_association,
    can_admin_station,
    current_user,
    is_union_admin,
)
from app.errors import Forbidden
from app.extensions import db
from app.stations.errors import AssociationNotFound, StationNotFound
from app.stations.models import Association, Station, StationStatus
from app.users.models import User


def get_station(station_id: int) -> Station:
    """The station, or 404 station_not_found."""
    station = db.session.get(Station, station_id)
    if station is None:
        raise StationNotFound()
    return station


def may_govern(user: User, station: Station) -> bool:
    if can_admin_association(user, station.association_id):
        return True
    return station.parent_id is not None and station.parent_id in administered_station_ids(user)


def optional_user() -> User | None:
    return g.get("current_user")


def visible_station(station_id: int) -> tuple[Station, bool]:
    """A station as the caller may see it and whether they administer it; a suspended station
    is 404 to everyone but its admins."""
    station = get_station(station_id)
    user = optional_user()
    is_admin = user is not None and can_admin_station(user, station)
    if station.status != StationStatus.ACTIVE and not is_admin:
        raise StationNotFound()
    return station, is_admin


def station_for_admin(station_id: int) -> tuple[User, Station]:
    """401 anonymous, 404 unknown, 403 not an admin of it."""
    user = current_user()
    station = get_station(station_id)
    if not can_admin_station(user, station):
        raise Forbidden("You are not an admin of this station.")
    return user, station


def station_for_governor(station_id: int) -> tuple[User, Station]:
    """401 anonymous, 404 unknown, 403 unless the caller is above the station in the tree."""
    user = current_user()
    station = get_station(station_id)
    if not may_govern(user, station):
        raise Forbidden("Only the association (or the parent station) may do this.")
    return user, station


def administered_condition(user: User | None):
    """A SQL condition matching the stations the user administers."""
    if user is None:
        return false()
    if is_union_admin(user):
        return true()
    associations = administered_association_ids(user)
    stations = administered_station_ids(user)
    conditions = []
    if associations:
        conditions.append(Station.association_id.in_(associations))
    if stations:
        conditions.append(Station.id.in_(stations))
        conditions.append(Station.parent_id.in_(stations))
    return or_(*conditions) if conditions else false()


def may_create_station(user: User, *, association_id: int, parent_id: int | None) -> bool:
    """Association admins create any station of their association; a station admin may create
    sub-stations under its own station (the seed's stations set up their own 分站)."""
    if can_admin_association(user, association_id):
        return True
    return parent_id is not None and parent_id in administered_station_ids(user)


@contrib.member_stations_source
def first_station(user_id: int) -> list[Station]:
    """A user belongs to the station whose entrance they first came through (PRODUCT.md §2)."""
    user = db.session.get(User, user_id)
    if user is None or user.first_station_id is None:
        return []
    return [db.session.get(Station, user.first_station_id)]


def require_station_admin(station_id: int):
    """The station if the current user may administer it; 404 if it does not exist, else 403."""
    user = current_user()
    station = db.session.get(Station, station_id)
    if station is None:
        raise StationNotFound()
    if not can_admin_station(user, station):
        raise Forbidden("You are not an admin of this station.")
    return station


def require_association_admin(association_id: int) -> User:
    """The current user if they administer the association; 404 if it does not exist (a union
    admin administers every association, so figures of a made-up id were answered), else 403."""
    user = current_user()
    if db.session.get(Association, association_id) is None:
        raise AssociationNotFound()
    if not can_admin_association(user, association_id):
        raise Forbidden("You are not an admin of this association.")
    return user
