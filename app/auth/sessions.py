"""The user's sessions (bearer tokens): list and revoke, e.g. a console left logged in."""

from flask import g
from flask_smorest import Blueprint
from marshmallow import fields

from app.auth import service
from app.core.auth import current_user, login_required
from app.core.schemas import Integer, LocalDateTime, StrictSchema, Text

blp = Blueprint(
    "sessions",
    __name__,
    url_prefix="/api/v1/me/sessions",
    description="The logged-in user's sessions (mini-program and web console)",
)


class SessionSchema(StrictSchema):
    id = Integer()
    kind = Text(metadata={"description": "app (mini-program) or console (web console)"})
    created_at = LocalDateTime()
    last_seen_at = LocalDateTime(allow_none=True)
    expires_at = LocalDateTime()
    user_agent = Text(allow_none=True)
    ip = Text(allow_none=True)
    current = fields.Boolean(metadata={"description": "the session of this request"})


@blp.route("")
@blp.response(200, SessionSchema(many=True))
@login_required
def list_sessions():
    """The user's live sessions, newest first (never the tokens)."""
    return service.list_sessions(user=current_user(), current_token=g.bearer_token)


@blp.route("/<int:session_id>", methods=["DELETE"])
@blp.response(204)
@login_required
def revoke_session(session_id: int):
    """Revoke one of the user's live sessions (404 for another user's or a dead one)."""
    service.revoke_session(user=current_user(), session_id=session_id)
    return ""
