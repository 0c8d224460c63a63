"""The roles a user may hold. The access rules of app.core.auth are written in them, so they
live here; app.users.models stores them on role grants."""

import enum


class Role(enum.StrEnum):
    RESIDENT = "resident"
    VOLUNTEER = "volunteer"
    PUBLICIST = "publicist"
    LECTURER = "lecturer"
    STATION_ADMIN = "station_admin"
    ASSOCIATION_ADMIN = "association_admin"
    UNION_ADMIN = "union_admin"
    INSPECTOR = "inspector"  # 督导组, scoped to an association
