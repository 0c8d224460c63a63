"""Demo: print the demo stations' codes and a fresh admin invite for the 右安门 station."""

from app.stations import invites
from app.stations.service import station_scene


def seed_demo(ctx: dict) -> list[str]:
    station, sub_station = ctx["station"], ctx["sub_station"]
    code, invite = invites.issue_invite(
        actor=ctx["users"]["association_admin"], station=station, ttl_hours=24
    )
    return [
        f"Station codes (scenes): #{station.id} {station_scene(station)}, "
        f"#{sub_station.id} {station_scene(sub_station)}; "
        f"resolve with GET /api/v1/entrances/<scene>.",
        f"Demo admin invite for station #{station.id} (once, 24 h): {code} "
        f"(POST /api/v1/admin-invites/claim)",
    ]
