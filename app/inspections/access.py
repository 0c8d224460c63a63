"""Who sees and acts on inspections. Inspectors and association admins: their association's;
station admins: their station's (and its sub-stations'); union admins: all; nobody else."""

from sqlalchemy import false, or_, true

from app.core.auth import (
    administered_association_ids,
    administered_station_ids,
    current_user,
    grants,
    is_union_admin,
)
from app.errors import Forbidden
from app.inspections.models import Inspection
from app.stations.models import Station
from app.users.models import Role, User


def inspected_association_ids(user: User) -> set[int]:
    return {grant.association_id for grant in grants(user, Role.INSPECTOR)}


def may_inspect(user: User, association_id: int) -> bool:
    """Inspectors of the association, its admins and union admins record and decide."""
    return (
        is_union_admin(user)
        or association_id in inspected_association_ids(user)
        or association_id in administered_association_ids(user)
    )


def answers_for(user: User, station: Station) -> bool:
    """The station's own admins (or its parent station's) answer its findings."""
    own = administered_station_ids(user)
    return station.id in own or (station.parent_id is not None and station.parent_id in own)


def may_see(user: User, inspection: Inspection, station: Station) -> bool:
    return may_inspect(user, inspection.association_id) or answers_for(user, station)


def visible_condition(user: User):
    """A SQL condition on Inspection (joined to Station) for what the user may list."""
    if is_union_admin(user):
        return true()
    associations = inspected_association_ids(user) | administered_association_ids(user)
    stations = administered_station_ids(user)
    conditions = []
    if associations:
        conditions.append(Inspection.association_id.in_(associations))
    if stations:
        conditions.append(Station.id.in_(stations))
        conditions.append(Station.parent_id.in_(stations))
    return or_(*conditions) if conditions else false()


def require_inspections_viewer() -> User:
    """401 anonymous; 403 for anyone holding no role that sees inspections."""
    user = current_user()
    if (
        is_union_admin(user)
        or inspected_association_ids(user)
        or administered_association_ids(user)
        or administered_station_ids(user)
    ):
        return user
    raise Forbidden("Only inspectors and admins see inspections.", code="not_inspection_viewer")
