"""The user as `GET /me` and a login answer show it."""

from app.users import service
from app.users.schemas import MeSchema


def me_response(user) -> dict:
    """The profile with every domain's section of it (core/contrib profile sections)."""
    # dump() drops keys the schema does not know; domain sections are merged back as-is.
    data = service.profile(user)
    dumped = MeSchema().dump(data)
    return {**{k: v for k, v in data.items() if k not in dumped}, **dumped}
