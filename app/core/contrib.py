"""Places where domains add to shared answers without the users domain importing them:
sections of `GET /me`, parts of the personal-data export, steps of account deletion, the
stations a user belongs to; and the user and token lookups that core and points ask for."""

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
# The users domain looks users up, the auth domain bearer tokens; core and points ask through
# these instead of importing them (both build on core, and points builds on nothing else).
user_lookups: list[Callable[[int], Any]] = []
token_lookups: list[Callable[[str], Any]] = []


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


def user_lookup(fn: Callable[[int], Any]) -> Callable[[int], Any]:
    """Decorator: fn(user_id) -> the live user, or raises NotFound (the users domain)."""
    user_lookups[:] = [fn]
    return fn


def get_user(user_id: int) -> Any:
    """The live user with this id, or NotFound, as the users domain answers it."""
    return user_lookups[0](user_id)


def token_lookup(fn: Callable[[str], Any]) -> Callable[[str], Any]:
    """Decorator: fn(token) -> the token's user, or raises Unauthorized (the auth domain)."""
    token_lookups[:] = [fn]
    return fn


def user_for_token(token: str) -> Any:
    """The user a bearer token belongs to, as the auth domain answers it."""
    return token_lookups[0](token)
