"""Who handles a help request. Narrower than `can_admin_station` on purpose: the reporter's
identity goes only to those handling the case (网络安全法 第十四条), so association and union
admins, who may administer the station, supervise through counts and never see the reporter.
Handlers are the station admins of the request's station or of its parent station; the
unassigned queue (no station) is handled by union admins."""

from app.core.auth import administered_station_ids, current_user, is_union_admin
from app.extensions import db
from app.help.errors import NotHelpHandler
from app.help.models import HelpRequest
from app.stations.errors import StationNotFound
from app.stations.models import Station
from app.users.models import User


def handles_station(user: User, station: Station) -> bool:
    own = administered_station_ids(user)
    return station.id in own or (station.parent_id is not None and station.parent_id in own)


def handles(user: User, row: HelpRequest) -> bool:
    if row.station_id is None:
        return is_union_admin(user)
    return handles_station(user, db.session.get(Station, row.station_id))


def require_station_handler(station_id: int) -> Station:
    """The station if the current user handles its requests; 404 unknown, 403 otherwise."""
    user = current_user()
    station = db.session.get(Station, station_id)
    if station is None:
        raise StationNotFound()
    if not handles_station(user, station):
        raise NotHelpHandler("Only this station's admins handle its help requests.")
    return station


def require_union_admin() -> User:
    user = current_user()
    if not is_union_admin(user):
        raise NotHelpHandler("Only union admins handle the unassigned queue.")
    return user
