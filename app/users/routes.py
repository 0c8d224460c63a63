from datetime import datetime

from flask import current_app, jsonify
from flask_smorest import Blueprint

from app.core.api import responds
from app.core.auth import administers_member, current_user, login_required
from app.core.time import to_shanghai
from app.errors import Forbidden
from app.users import service
from app.users.presenters import me_response
from app.users.schemas import (
    ExportSchema,
    GuardianConsentRecordSchema,
    GuardianConsentSchema,
    MeSchema,
    MeUpdateSchema,
    PrivacyConsentSchema,
)

blp = Blueprint(
    "me",
    __name__,
    url_prefix="/api/v1",
    description="The logged-in user; guardian consent for minors",
)


@blp.route("/me")
@blp.response(200, MeSchema)
@login_required
def get_me():
    """Profile, roles, station, verified hours, star level and points balance."""
    return jsonify(me_response(current_user()))


@blp.route("/me", methods=["PATCH"])
@blp.arguments(MeUpdateSchema)
@blp.response(200, MeSchema)
@login_required
def update_me(changes):
    """Change nickname or age band, or withdraw guardian consent (`false`). Consent itself is
    refused here (403 guardian_consent_by_guardian_only): a guardian gives it, recorded by an
    admin of the minor's station."""
    return jsonify(me_response(service.update_profile(user=current_user(), changes=changes)))


@blp.route("/me/privacy-consent", methods=["POST"])
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


@blp.route("/me/export")
@blp.alt_response(200, schema=ExportSchema, description="Everything kept about the user.")
@login_required
def export_me():
    """Everything kept about the user, as JSON."""
    return jsonify(jsonable(service.export_data(current_user())))


@blp.route("/me", methods=["DELETE"])
@blp.response(204)
@login_required
def delete_me():
    """Delete the account: personal data erased, tokens revoked; books stay anonymised."""
    service.delete_account(user=current_user())
    return ""


@blp.route("/users/<int:user_id>/guardian-consent", methods=["POST"])
@responds(403)
@blp.arguments(GuardianConsentSchema)
@blp.response(200, GuardianConsentRecordSchema)
@login_required
def record_guardian_consent(body, user_id: int):
    """An admin of a station the minor belongs to (first station or home station; its parent
    station's and association's admins too) records the guardian's consent, given in person:
    the guardian's name and relation. Others get 403 user_outside_station."""
    admin = current_user()
    # Same answer for an unknown user, so the check reveals nothing about who exists.
    if not administers_member(admin, user_id, level="station"):
        raise Forbidden(
            "This user does not belong to a station you administer.", code="user_outside_station"
        )
    return service.record_guardian_consent(user_id=user_id, admin=admin, **body)


def jsonable(value):
    """Exports hold datetimes from many domains: make them JSON, shown in Asia/Shanghai."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return to_shanghai(value).isoformat()
    return value
