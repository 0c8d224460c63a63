"""The gift catalog: who may manage which gift, and the listing residents browse.

National gifts are managed by union admins, association gifts by that association's admins,
station gifts by that station's admins (and those above them). Pickup stations must lie inside
the gift's scope. Stock never changes by assignment: only through change_stock, which logs."""

from datetime import datetime

from sqlalchemy import or_, select

from app.core.auth import can_admin_association, can_admin_station, is_union_admin
from app.core.time import utcnow
from app.errors import Forbidden, ValidationFailed
from app.extensions import db
from app.gifts.errors import GiftNotFound
from app.gifts.models import Gift, GiftPickupStation, GiftScope, GiftStockLog, StockReason
from app.gifts.service import change_stock
from app.stations.models import Station

EDITABLE = (
    "name",
    "description",
    "image_url",
    "price_points",
    "per_user_limit",
    "sponsor",
    "active",
    "active_from",
    "active_until",
)


def field_error(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(details={"fields": {field: [message]}})


def get_gift(gift_id: int) -> Gift:
    gift = db.session.get(Gift, gift_id)
    if gift is None:
        raise GiftNotFound()
    return gift


def can_manage(user, gift: Gift) -> bool:
    if gift.scope == GiftScope.NATIONAL:
        return is_union_admin(user)
    if gift.scope == GiftScope.ASSOCIATION:
        return can_admin_association(user, gift.association_id)
    station = db.session.get(Station, gift.station_id)
    return station is not None and can_admin_station(user, station)


def require_manager(user, gift: Gift) -> None:
    if not can_manage(user, gift):
        raise Forbidden("You may not manage this gift.", code="gift_forbidden")


def _station_in_scope(gift: Gift, station: Station) -> bool:
    if gift.scope == GiftScope.NATIONAL:
        return True
    if gift.scope == GiftScope.ASSOCIATION:
        return station.association_id == gift.association_id
    return station.id == gift.station_id or station.parent_id == gift.station_id


def _set_pickup_stations(gift: Gift, station_ids: list[int]) -> None:
    if not station_ids:
        raise field_error("pickup_station_ids", "Name at least one pickup station.")
    stations = db.session.scalars(select(Station).where(Station.id.in_(station_ids))).all()
    unknown = sorted(set(station_ids) - {s.id for s in stations})
    if unknown:
        raise field_error("pickup_station_ids", f"Unknown stations: {unknown}.")
    outside = sorted(s.id for s in stations if not _station_in_scope(gift, s))
    if outside:
        raise field_error("pickup_station_ids", f"Stations outside the gift's scope: {outside}.")
    gift.pickup_stations = [GiftPickupStation(station_id=sid) for sid in sorted(set(station_ids))]


def _check_window(gift: Gift) -> None:
    if gift.active_from and gift.active_until and gift.active_until <= gift.active_from:
        raise field_error("active_until", "Must be after active_from.")


def create_gift_step(*, actor, data: dict) -> Gift:
    """Create a gift in a scope the actor administers, with its initial stock logged. Flushes."""
    data = dict(data)
    scope = data.pop("scope")
    stock = data.pop("stock")
    station_ids = data.pop("pickup_station_ids", None)
    association_id = data.pop("association_id", None)
    station_id = data.pop("station_id", None)
    if scope == GiftScope.STATION:
        station = db.session.get(Station, station_id) if station_id else None
        if station is None:
            raise field_error("station_id", "A station gift needs an existing station_id.")
        association_id = station.association_id
        station_ids = station_ids or [station.id]
    elif scope == GiftScope.ASSOCIATION:
        if association_id is None:
            raise field_error("association_id", "An association gift needs association_id.")
        station_id = None
    else:
        association_id = station_id = None
    gift = Gift(
        scope=scope,
        association_id=association_id,
        station_id=station_id,
        stock=0,
        created_by_id=actor.id,
        **{k: v for k, v in data.items() if k in EDITABLE},
    )
    require_manager(actor, gift)
    _check_window(gift)
    _set_pickup_stations(gift, station_ids or [])
    db.session.add(gift)
    db.session.flush()
    change_stock(gift_id=gift.id, delta=stock, reason=StockReason.INITIAL, actor_id=actor.id)
    return gift


def update_gift_step(*, actor, gift_id: int, changes: dict) -> Gift:
    """Change a gift's details, price, limit, window or pickup stations (not its stock). Flushes."""
    gift = get_gift(gift_id)
    require_manager(actor, gift)
    for name in EDITABLE:
        if name in changes:
            setattr(gift, name, changes[name])
    _check_window(gift)
    if "pickup_station_ids" in changes:
        _set_pickup_stations(gift, changes["pickup_station_ids"])
    db.session.flush()
    return gift


def adjust_stock_step(*, actor, gift_id: int, delta: int, note: str) -> Gift:
    """Restock (delta > 0) or write off (delta < 0, never below zero: 409 out_of_stock); logged.
    Flushes."""
    gift = get_gift(gift_id)
    require_manager(actor, gift)
    if delta == 0:
        raise field_error("delta", "Must not be zero.")
    reason = StockReason.RESTOCK if delta > 0 else StockReason.WRITE_OFF
    change_stock(gift_id=gift.id, delta=delta, reason=reason, actor_id=actor.id, note=note)
    db.session.refresh(gift)
    return gift


def list_gifts(*, station_id: int | None, association_id: int | None, now: datetime | None):
    """Gifts redeemable now, optionally only those picked up at a station or of an association."""
    now = now or utcnow()
    statement = select(Gift).where(
        Gift.active.is_(True),
        or_(Gift.active_from.is_(None), Gift.active_from <= now),
        or_(Gift.active_until.is_(None), Gift.active_until > now),
    )
    if station_id is not None:
        statement = statement.where(
            Gift.id.in_(
                select(GiftPickupStation.gift_id).where(GiftPickupStation.station_id == station_id)
            )
        )
    if association_id is not None:
        statement = statement.where(
            or_(Gift.scope == GiftScope.NATIONAL, Gift.association_id == association_id)
        )
    return statement.order_by(Gift.id.desc())


def stock_log(*, actor, gift_id: int):
    gift = get_gift(gift_id)
    require_manager(actor, gift)
    return select(GiftStockLog).where(GiftStockLog.gift_id == gift.id).order_by(GiftStockLog.id)
