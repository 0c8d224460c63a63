from flask import current_app
from flask_smorest import Blueprint

from app.core.api import responds
from app.core.auth import current_user, login_required
from app.core.pagination import page_of_list, paginate
from app.core.schemas import PageArgs
from app.errors import Forbidden
from app.stations.access import require_station_admin
from app.users.errors import PrivacyVersionOutdated
from app.volunteers import presenters, service
from app.volunteers.schemas import (
    ApplicationCreateSchema,
    ApplicationPageSchema,
    ApplicationQuerySchema,
    ApplicationSchema,
    ReasonSchema,
    VolunteerSchema,
)

blp = Blueprint(
    "volunteers", __name__, url_prefix="/api/v1", description="Volunteer applications and profiles"
)


@blp.route("/volunteer-applications", methods=["POST"])
@responds(404, 409, 503)
@blp.arguments(ApplicationCreateSchema)
@blp.response(201, ApplicationSchema)
@login_required
def apply(body):
    """Apply to a station as a volunteer; submitting the form accepts the privacy guide."""
    user = current_user()
    current_version = current_app.config["PRIVACY_GUIDE_VERSION"]
    version = body.get("privacy_version", current_version)
    if version != current_version:
        raise PrivacyVersionOutdated(
            f"The current privacy guide is {current_version}.", details={"current": current_version}
        )
    phone = body.get("phone") or service.phone_from_code(body["phone_code"])
    application = service.submit_application(
        user=user,
        station_id=body["station_id"],
        real_name=body["real_name"].strip(),
        phone=phone,
        privacy_version=version,
        id_number=body["id_number"].upper() if body.get("id_number") else None,
        skills=body["skills"],
        is_party_member=body["is_party_member"],
        availability=body.get("availability"),
    )
    return presenters.application(application, viewer=user)


@blp.route("/me/volunteer-applications")
@blp.arguments(PageArgs, location="query")
@blp.response(200, ApplicationPageSchema)
@login_required
def my_applications(args):
    """The user's own applications, newest first (their own data unmasked)."""
    user = current_user()
    rows = [presenters.application(a, viewer=user) for a in service.my_applications(user=user)]
    return page_of_list(rows, **args)


@blp.route("/me/volunteer")
@responds(403)
@blp.response(200, VolunteerSchema)
@login_required
def my_volunteer_profile():
    """The user's volunteer profile with station history (their own data unmasked)."""
    user = current_user()
    return presenters.volunteer(service.require_volunteer(user), viewer=user)


@blp.route("/stations/<int:station_id>/volunteer-applications")
@responds(403)
@blp.arguments(ApplicationQuerySchema, location="query")
@blp.response(200, ApplicationPageSchema)
@login_required
def station_applications(args, station_id):
    """A station's applications (`?status=pending`) for its admins; ID numbers masked."""
    require_station_admin(station_id)
    viewer = current_user()
    return paginate(
        service.station_applications(station_id=station_id, status=args.get("status")),
        page=args["page"],
        per_page=args["per_page"],
        present=lambda a: presenters.application(a, viewer=viewer),
    )


@blp.route("/volunteer-applications/<int:application_id>")
@responds(403)
@blp.response(200, ApplicationSchema)
@login_required
def get_application(application_id):
    """One application, to its applicant or the station's admins."""
    user = current_user()
    application = service.get_application(application_id)
    if application.user_id != user.id:
        require_station_admin(application.station_id)
    return presenters.application(application, viewer=user)


@blp.route("/volunteer-applications/<int:application_id>/approve", methods=["POST"])
@responds(400, 403, 409, 422)
@blp.response(200, ApplicationSchema)
@login_required
def approve(application_id):
    """Approve: the applicant becomes a volunteer of the station, with a volunteer number."""
    user = current_user()
    application = service.approve_application(application_id=application_id, reviewer=user)
    return presenters.application(application, viewer=user)


@blp.route("/volunteer-applications/<int:application_id>/reject", methods=["POST"])
@responds(403, 409)
@blp.arguments(ReasonSchema)
@blp.response(200, ApplicationSchema)
@login_required
def reject(body, application_id):
    """Reject with a reason."""
    user = current_user()
    application = service.reject_application(
        application_id=application_id, reviewer=user, reason=body["reason"]
    )
    return presenters.application(application, viewer=user)


@blp.route("/stations/<int:station_id>/volunteers/<int:user_id>")
@responds(403)
@blp.response(200, VolunteerSchema)
@login_required
def station_volunteer(station_id, user_id):
    """A volunteer of the station, for its admins (ID number masked)."""
    require_station_admin(station_id)
    profile = service.profile_of(user_id)
    if profile is None or profile.home_station_id != station_id:
        raise Forbidden("Not a volunteer of this station.", code="not_station_volunteer")
    return presenters.volunteer(profile, viewer=current_user())
