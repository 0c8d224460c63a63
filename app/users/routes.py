from datetime import datetime

from flask import current_app, jsonify
from flask_smorest import Blueprint

from app.core.auth import current_user, login_required
from app.core.time import to_shanghai
from app.users import service
from app.users.schemas import ExportSchema, MeSchema, MeUpdateSchema, PrivacyConsentSchema

blp = Blueprint("me", __name__, url_prefix="/api/v1/me", description="The logged-in user")


def me_response(user):
    # dump() drops keys the schema does not know; domain sections are merged back as-is.
    data = service.profile(user)
    dumped = MeSchema().dump(data)
    return {**{k: v for k, v in data.items() if k not in dumped}, **dumped}


@blp.route("")
@blp.response(200, MeSchema)
@login_required
def get_me():
    """Profile, roles, station, verified hours, star level and points balance."""
    return jsonify(me_response(current_user()))


@blp.route("", methods=["PATCH"])
@blp.arguments(MeUpdateSchema)
@blp.response(200, MeSchema)
@login_required
def update_me(changes):
    """Change nickname, age band or guardian consent."""
    return jsonify(me_response(service.update_profile(user=current_user(), changes=changes)))


@blp.route("/privacy-consent", methods=["POST"])
@blp.arguments(PrivacyConsentSchema)
@blp.response(200, MeSchema)
@login_required
def accept_privacy(body):
    """Record acceptance of the current privacy-guide version."""
    user = service.accept_privacy_guide(
        user=current_user(),
        version=body["version"],
        current_version=current_app.config["PRIVACY_GUIDE_VERSION"],
    )
    return jsonify(me_response(user))


@blp.route("/export")
@blp.alt_response(200, schema=ExportSchema, description="Everything kept about the user.")
@login_required
def export_me():
    """Everything kept about the user, as JSON."""
    return jsonify(jsonable(service.export_data(current_user())))


@blp.route("", methods=["DELETE"])
@blp.response(204)
@login_required
def delete_me():
    """Delete the account: personal data erased, tokens revoked; books stay anonymised."""
    service.delete_account(user=current_user())
    return ""


def jsonable(value):
    """Exports hold datetimes from many domains: make them JSON, shown in Asia/Shanghai."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return to_shanghai(value).isoformat()
    return value
