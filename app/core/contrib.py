"""Places where domains add to shared answers without the users domain importing them:
sections of `GET /me`, parts of the personal-data export, and steps of account deletion."""

from collections.abc import Callable
from typing import Any

ProfileSection = Callable[[Any], dict]
ExportSection = Callable[[Any], Any]
DeleteHook = Callable[[Any], None]

profile_sections: list[ProfileSection] = []
export_sections: dict[str, ExportSection] = {}
delete_hooks: list[DeleteHook] = []


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
