"""Who may manage which bank or campaign, and which banks a campaign draws from."""

from app.core.auth import can_admin_association, can_admin_station, is_union_admin
from app.errors import Forbidden, ValidationFailed
from app.extensions import db
from app.quizzes.models import Scope
from app.stations.errors import AssociationNotFound, StationNotFound
from app.stations.models import Association, Station
from app.users.models import User


def resolve_scope(
    *, user: User, scope: str, association_id: int | None, station_id: int | None
) -> tuple[str, int | None, int | None]:
    """(scope, association_id, station_id) checked against what the user administers:
    national needs a union admin, association an admin of it, station an admin of the station."""
    if scope == Scope.NATIONAL:
        if not is_union_admin(user):
            raise Forbidden("Only the national union manages national quizzes.")
        return Scope.NATIONAL, None, None
    if scope == Scope.ASSOCIATION:
        if association_id is None:
            raise ValidationFailed(
                "An association quiz needs association_id.",
                details={"fields": {"association_id": ["Required for scope association."]}},
            )
        if db.session.get(Association, association_id) is None:
            raise AssociationNotFound()
        if not can_admin_association(user, association_id):
            raise Forbidden("You are not an admin of this association.")
        return Scope.ASSOCIATION, association_id, None
    if station_id is None:
        raise ValidationFailed(
            "A station quiz needs station_id.",
            details={"fields": {"station_id": ["Required for scope station."]}},
        )
    station = db.session.get(Station, station_id)
    if station is None:
        raise StationNotFound()
    if not can_admin_station(user, station):
        raise Forbidden("You are not an admin of this station.")
    return Scope.STATION, station.association_id, station.id


def can_manage(user: User, *, scope: str, association_id: int | None, station_id: int | None):
    """May the user change a bank item or campaign with this scope?"""
    if scope == Scope.NATIONAL:
        return is_union_admin(user)
    if scope == Scope.ASSOCIATION:
        return can_admin_association(user, association_id)
    station = db.session.get(Station, station_id)
    return station is not None and can_admin_station(user, station)


def manages(user: User, row) -> bool:
    """can_manage for a question or campaign, read from the row's own scope."""
    return can_manage(
        user, scope=row.scope, association_id=row.association_id, station_id=row.station_id
    )


def bank_key(scope: str, association_id: int | None, station_id: int | None) -> str:
    if scope == Scope.NATIONAL:
        return "national"
    if scope == Scope.ASSOCIATION:
        return f"association:{association_id}"
    return f"station:{station_id}"


def banks_for_campaign(campaign) -> list[str]:
    """A campaign draws from the national bank and the banks of its own scope above it."""
    keys = ["national"]
    if campaign.association_id is not None:
        keys.append(f"association:{campaign.association_id}")
    if campaign.station_id is not None:
        keys.append(f"station:{campaign.station_id}")
    return keys
