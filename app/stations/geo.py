"""Distances between stations and a resident, in GCJ-02 as WeChat's wx.getLocation returns them.

GCJ-02 is a shifted WGS-84, so distances computed on it are as good as on WGS-84 for a directory
(the shift is nearly constant over a city). The directory orders in SQL by a flat-earth
approximation (no trigonometry, which SQLite lacks) and shows the great-circle distance."""

import math

from sqlalchemy import case

from app.stations.models import Station

EARTH_RADIUS_M = 6_371_008.8


def metres_between(lat1: float, lng1: float, lat2: float, lng2: float) -> int:
    """The haversine great-circle distance, rounded to the metre."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a))))


def nearest_first(lat: float, lng: float):
    """ORDER BY terms: stations with coordinates by (equirectangular) distance, then the rest.
    The longitude difference is scaled by cos(latitude) computed here, so the SQL needs only
    arithmetic; within a country's span the order matches the great-circle order for any two
    stations whose distances differ by more than a fraction of a percent."""
    scale = math.cos(math.radians(lat))
    dy = Station.latitude - lat
    dx = (Station.longitude - lng) * scale
    return (
        case((Station.latitude.is_(None), 1), else_=0),
        dy * dy + dx * dx,
        Station.id,
    )
