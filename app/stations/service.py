"""Associations and stations: create, list, edit, suspend, reopen, rotate the station code.
Nothing here is ever hard-deleted; every admin action leaves an audit entry."""

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from app.audit.service import record, snapshot
from app.core.pagination import paginate
from app.core.time import utcnow
from app.core.transactions import use_case
from app.entrances import service as entrances
from app.entrances.models import Entrance, EntranceKind
from app.errors import Conflict, ValidationFailed
from app.extensions import db, get_redis
from app.stations import geo
from app.stations.access import administered_condition
from app.stations.errors import AssociationNameTaken, AssociationNotFound, StationSuspended
from app.stations.models import Association, Station, StationKind, StationStatus
from app.users.models import User

EDITABLE_FIELDS = [
    "name",
    "place_type",
    "district",
    "address",
    "contact_name",
    "contact_phone",
    "opening_hours",
    "party_member_post",
]
AUDITED_FIELDS = ["association_id", "parent_id", "kind", "status", "suspend_reason"]
AUDITED_FIELDS += EDITABLE_FIELDS


def qrcode_cache_key(scene: str) -> str:
    return f"qrcode:entrance:{scene}"


def _field_error(code: str, field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, details={"fields": {field: [message]}})


# ----- associations -----


def create_association(*, actor: User, name: str, region: str) -> Association:
    """A new association; 409 association_name_taken when the name exists. Commits."""
    try:
        return add_association(actor=actor, name=name, region=region)
    except IntegrityError:
        raise AssociationNameTaken() from None


@use_case
def add_association(*, actor: User, name: str, region: str) -> Association:
    """The unit of work of create_association; a name taken meanwhile fails on the unique key."""
    if db.session.scalar(select(Association.id).where(Association.name == name)):
        raise AssociationNameTaken()
    association = Association(name=name, region=region)
    db.session.add(association)
    db.session.flush()
    record(
        actor_id=actor.id,
        action="association.create",
        target_type="association",
        target_id=association.id,
        association_id=association.id,
        after=snapshot(association, ["name", "region"]),
    )
    return association


def list_associations(*, page: int, per_page: int) -> dict:
    """Every association, by id."""
    return paginate(select(Association).order_by(Association.id), page=page, per_page=per_page)


def get_association(association_id: int) -> Association:
    """The association, or 404 association_not_found."""
    association = db.session.get(Association, association_id)
    if association is None:
        raise AssociationNotFound()
    return association


# ----- stations -----


def resolve_placement(
    *, kind: str, association_id: int | None, parent_id: int | None
) -> tuple[int, Station | None]:
    """Check where a new station hangs in the tree -> (association_id, parent). 422 on a bad
    placement, 409 under a suspended parent."""
    parent = None
    if kind == StationKind.SUB_STATION:
        if parent_id is None:
            raise _field_error("parent_required", "parent_id", "A sub-station needs parent_id.")
        parent = db.session.get(Station, parent_id)
        if parent is None:
            raise _field_error("parent_unknown", "parent_id", "No station has this id.")
        if parent.kind == StationKind.SUB_STATION:
            raise _field_error(
                "parent_is_sub_station", "parent_id", "A sub-station cannot have sub-stations."
            )
        if association_id is not None and association_id != parent.association_id:
            raise _field_error(
                "parent_other_association",
                "parent_id",
                "The parent station belongs to another association.",
            )
        if parent.status != StationStatus.ACTIVE:
            raise StationSuspended("The parent station is suspended.")
        return parent.association_id, parent
    if parent_id is not None:
        raise _field_error(
            "parent_not_allowed", "parent_id", "Only a sub-station has a parent station."
        )
    if association_id is None:
        raise _field_error("association_required", "association_id", "Give association_id.")
    if db.session.get(Association, association_id) is None:
        raise _field_error("association_unknown", "association_id", "No association has this id.")
    return association_id, None


@use_case
def create_station(
    *, actor: User | None, association_id: int, parent: Station | None, kind: str, values: dict
) -> Station:
    """A new station with its own entrance scene, audited. Commits."""
    station = Station(
        association_id=association_id,
        parent_id=parent.id if parent else None,
        kind=kind,
        status=StationStatus.ACTIVE,
        **{k: v for k, v in values.items() if k in EDITABLE_FIELDS},
    )
    db.session.add(station)
    db.session.flush()
    entrance = entrances.create_entrance(
        kind=EntranceKind.STATION, target_id=station.id, station_id=station.id
    )
    record(
        actor_id=actor.id if actor else None,
        action="station.create",
        target_type="station",
        target_id=station.id,
        association_id=station.association_id,
        station_id=station.id,
        after={**snapshot(station, AUDITED_FIELDS), "scene": entrance.scene},
    )
    return station


def ensure_station_entrance(*, station: Station) -> Entrance:
    """The station's live entrance, created if it has none (stations made before entrances).
    Flushes."""
    entrance = entrances.current_entrance(kind=EntranceKind.STATION, target_id=station.id)
    if entrance is None:
        entrance = entrances.create_entrance(
            kind=EntranceKind.STATION, target_id=station.id, station_id=station.id
        )
    return entrance


def station_scene(station: Station) -> str | None:
    entrance = entrances.current_entrance(kind=EntranceKind.STATION, target_id=station.id)
    return entrance.scene if entrance else None


def list_stations(
    *,
    viewer: User | None,
    district: str | None,
    kind: str | None,
    association_id: int | None,
    parent_id: int | None,
    status: str,
    page: int,
    per_page: int,
    q: str | None = None,
    near: tuple[float, float] | None = None,
) -> dict:
    """The directory: active stations; suspended ones only to their admins (status=suspended
    or all); q narrows to a keyword in the name, district or address. With near (lat, lng) the
    nearest come first, each with its distance in metres; stations without coordinates follow."""
    order = geo.nearest_first(*near) if near else (Station.id,)
    statement = select(Station).order_by(*order)
    if status == StationStatus.ACTIVE:
        statement = statement.where(Station.status == StationStatus.ACTIVE)
    else:
        hidden = (Station.status != StationStatus.ACTIVE) & administered_condition(viewer)
        statement = statement.where(
            hidden if status == StationStatus.SUSPENDED else (Station.status == "active") | hidden
        )
    if q and q.strip():
        # autoescape: a "%" or "_" someone types is a character to find, not a wildcard.
        keyword = q.strip().lower()
        statement = statement.where(
            or_(
                *(
                    func.lower(column).contains(keyword, autoescape=True)
                    for column in (Station.name, Station.district, Station.address)
                )
            )
        )
    if district:
        statement = statement.where(Station.district == district)
    if kind:
        statement = statement.where(Station.kind == kind)
    if association_id:
        statement = statement.where(Station.association_id == association_id)
    if parent_id:
        statement = statement.where(Station.parent_id == parent_id)
    if near is None:
        return paginate(statement, page=page, per_page=per_page)
    return paginate(
        statement,
        page=page,
        per_page=per_page,
        present=lambda station: _with_distance(station, near),
    )


def _with_distance(station: Station, near: tuple[float, float]) -> Station:
    """The station with its distance from `near` for StationSchema to show (None without
    coordinates); a plain attribute on the row, not a column."""
    known = station.latitude is not None and station.longitude is not None
    station.distance_m = (
        geo.metres_between(*near, station.latitude, station.longitude) if known else None
    )
    return station


@use_case
def update_station(*, actor: User, station: Station, changes: dict) -> Station:
    """Change a station's descriptive fields, audited with before and after. Commits."""
    before = snapshot(station, list(changes))
    for name, value in changes.items():
        setattr(station, name, value)
    after = snapshot(station, list(changes))
    if before != after:
        record(
            actor_id=actor.id,
            action="station.update",
            target_type="station",
            target_id=station.id,
            association_id=station.association_id,
            station_id=station.id,
            before=before,
            after=after,
        )
    return station


@use_case
def _set_status(*, actor: User, station: Station, status: str, reason: str | None) -> Station:
    if station.status == status:
        raise Conflict(
            f"The station is already {status}.",
            code="station_already_" + status,
        )
    before = snapshot(station, ["status", "suspend_reason"])
    station.status = status
    station.suspend_reason = reason
    station.suspended_at = utcnow() if status == StationStatus.SUSPENDED else None
    record(
        actor_id=actor.id,
        action="station.suspend" if status == StationStatus.SUSPENDED else "station.reopen",
        target_type="station",
        target_id=station.id,
        association_id=station.association_id,
        station_id=station.id,
        before=before,
        after=snapshot(station, ["status", "suspend_reason"]),
    )
    return station


def suspend_station(*, actor: User, station: Station, reason: str) -> Station:
    """Stop a station's service (kept, hidden from the public list); 409 if already. Commits."""
    return _set_status(actor=actor, station=station, status=StationStatus.SUSPENDED, reason=reason)


def reopen_station(*, actor: User, station: Station) -> Station:
    """Resume a suspended station; 409 station_already_active otherwise. Commits."""
    return _set_status(actor=actor, station=station, status=StationStatus.ACTIVE, reason=None)


def rotate_station_scene(*, actor: User | None, station: Station) -> str:
    """Retire the station's scene (it answers 410 from now on) and issue a new one. Commits,
    then drops the old scene's cached code."""
    old_scene, new_scene = replace_station_scene(actor=actor, station=station)
    get_redis().delete(qrcode_cache_key(old_scene))
    return new_scene


@entrances.station_summary
def summary_for_entrance(station_id: int) -> dict | None:
    """How a scanned entrance shows its station: name, kind and whether it is in service."""
    station = db.session.get(Station, station_id)
    if station is None:
        return None
    return {"id": station.id, "name": station.name, "kind": station.kind, "status": station.status}


@use_case
def replace_station_scene(*, actor: User | None, station: Station) -> tuple[str, str]:
    """The unit of work of rotate_station_scene: (old scene, new scene)."""
    old = ensure_station_entrance(station=station)
    new = entrances.rotate_entrance(entrance=old)
    record(
        actor_id=actor.id if actor else None,
        action="station.scene_rotate",
        target_type="station",
        target_id=station.id,
        association_id=station.association_id,
        station_id=station.id,
        before={"scene": old.scene},
        after={"scene": new.scene},
    )
    return old.scene, new.scene
