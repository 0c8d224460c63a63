"""Places where domains add to shared answers without the users domain importing them:
sections of `GET /me`, parts of the personal-data export, steps of account deletion, and the
stations a user belongs to."""

from collections.abc import Callable, Iterable
from typing import Any

ProfileSection = Callable[[Any], dict]
ExportSection = Callable[[Any], Any]
DeleteHook = Callable[[Any], None]
# fn(user_id) -> the Station rows a user is tied to in one way (first station, home station).
MemberStations = Callable[[int], Iterable[Any]]

profile_sections: list[ProfileSection] = []
export_sections: dict[str, ExportSection] = {}
delete_hooks: list[DeleteHook] = []
member_station_sources: list[MemberStations] = []


def profile_section(fn: ProfileSection) -> ProfileSection:
    """Decorator: fn(user) -> dict merged into GET /api/v1/me."""
    if fn not in profile_sections:
        profile_sections.append(fn)
    return fn


def export_section(name: str):
    """Decorator: fn(user) -> JSON-able data, exported under `name` in GET /api/v1/me/export."""

    def decorate(fn: ExportSection) -> ExportSection:
        export_sections[name] = fn
        return fn

    return decorate


def delete_hook(fn: DeleteHook) -> DeleteHook:
    """Decorator: fn(user) erases or anonymises the domain's personal data (flush only)."""
    if fn not in delete_hooks:
        delete_hooks.append(fn)
    return fn


def member_stations_source(fn: MemberStations) -> MemberStations:
    """Decorator: fn(user_id) -> the stations the user belongs to in the domain's own way;
    app.core.auth.member_stations joins them (the rule is written out in docs/points.md)."""
    if fn not in member_station_sources:
        member_station_sources.append(fn)
    return fn
