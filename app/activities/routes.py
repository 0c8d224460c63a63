from flask import g, request, send_file
from flask_smorest import Blueprint

from app.activities import (
    highlights,
    personal_data,  # noqa: F401  (registers its export section)
    service,
)
from app.activities.models import ACTIVITY_KINDS
from app.activities.schemas import (
    ActivityCreateSchema,
    ActivityPageSchema,
    ActivityQuerySchema,
    ActivitySchema,
    BulkLogSchema,
    BulkResultSchema,
    CheckInSchema,
    HighlightPageSchema,
    HighlightQuerySchema,
    HighlightSchema,
    ModerateSchema,
    SignupSchema,
)
from app.core.api import file_response, public, responds
from app.core.auth import can_admin_station, current_user, login_required
from app.core.pagination import page_of_list, paginate
from app.core.schemas import PageArgs, page_schema
from app.errors import ValidationFailed
from app.extensions import db
from app.hours.presenters import present
from app.stations.access import require_station_admin
from app.stations.models import Station
from app.volunteers.uploads import MAX_IMAGE_BYTES

blp = Blueprint("activities", __name__, url_prefix="/api/v1", description="Activities")


def present_activity(activity, *, admin: bool | None = None) -> dict:
    if admin is None:
        viewer = g.get("current_user")
        station = db.session.get(Station, activity.station_id)
        admin = viewer is not None and can_admin_station(viewer, station)
    # The scene is printed on site; handing it out remotely would allow check-in from anywhere.
    return {
        **{c.key: getattr(activity, c.key) for c in activity.__table__.columns},
        "kind_label": ACTIVITY_KINDS.get(activity.kind),
        "signed_up": service.signed_up_count(activity.id),
        "check_in_scene": service.check_in_scene(activity.id) if admin else None,
    }


@blp.route("/stations/<int:station_id>/activities", methods=["POST"])
@responds(403)
@blp.arguments(ActivityCreateSchema)
@blp.response(201, ActivitySchema)
@login_required
def create(body, station_id):
    """Create an activity of the station, with its own check-in code."""
    station = require_station_admin(station_id)
    activity = service.create_activity(station=station, author=current_user(), **body)
    return present_activity(activity, admin=True)


@blp.route("/activities")
@public
@blp.arguments(ActivityQuerySchema, location="query")
@blp.response(200, ActivityPageSchema)
def list_activities(args):
    """Public list of activities, soonest first; filter by station, association, kind, dates."""
    return paginate(
        service.list_activities(
            **{
                k: args.get(k)
                for k in ActivityQuerySchema().fields
                if k not in ("page", "per_page")
            }
        ),
        page=args["page"],
        per_page=args["per_page"],
        present=present_activity,
    )


@blp.route("/activities/<int:activity_id>")
@public
@blp.response(200, ActivitySchema)
def get_activity(activity_id):
    """One activity; its check-in scene only for the station's admins."""
    return present_activity(service.get_activity(activity_id))


@blp.route("/activities/<int:activity_id>/signups", methods=["POST"])
@responds(403, 409)
@blp.response(201, SignupSchema)
@login_required
def sign_up(activity_id):
    """Sign up (volunteers; capacity and clashes with your other sign-ups are checked)."""
    return service.sign_up(activity_id=activity_id, user=current_user())


@blp.route("/activities/<int:activity_id>/signups/cancel", methods=["POST"])
@responds(409)
@blp.response(200, SignupSchema)
@login_required
def cancel(activity_id):
    """Cancel your sign-up before checking in."""
    return service.cancel_signup(activity_id=activity_id, user=current_user())


@blp.route("/activities/<int:activity_id>/signups")
@responds(403)
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(SignupSchema, "ActivitySignupPage"))
@login_required
def signups(args, activity_id):
    """Sign-ups and attendance, for the station's admins."""
    require_station_admin(service.get_activity(activity_id).station_id)
    return page_of_list(service.signups_of(activity_id), **args)


@blp.route("/activities/<int:activity_id>/check-in", methods=["POST"])
@responds(403, 409, 410)
@blp.arguments(CheckInSchema)
@blp.response(200, SignupSchema)
@login_required
def check_in(body, activity_id):
    """Check in on site: send the `scene` scanned from the activity's code (required)."""
    return service.check_in(activity_id=activity_id, user=current_user(), scene=body["scene"])


@blp.route("/activities/<int:activity_id>/check-out", methods=["POST"])
@responds(403, 409, 410)
@blp.arguments(CheckInSchema)
@blp.response(200, SignupSchema)
@login_required
def check_out(body, activity_id):
    """Check out on site (the scanned `scene` again); presence in the window becomes a pending
    hour record."""
    return service.check_out(activity_id=activity_id, user=current_user(), scene=body["scene"])


@blp.route("/activities/<int:activity_id>/signups/<int:user_id>/check-in", methods=["POST"])
@responds(403, 409)
@blp.response(200, SignupSchema)
@login_required
def check_in_by_admin(activity_id, user_id):
    """A station admin of the activity checks a signed-up volunteer in by hand (recorded as
    `checked_in_by_id`); nobody checks themselves in this way."""
    require_station_admin(service.get_activity(activity_id).station_id)
    return service.check_in_by_admin(activity_id=activity_id, user_id=user_id, admin=current_user())


@blp.route("/activities/<int:activity_id>/signups/<int:user_id>/check-out", methods=["POST"])
@responds(403, 409)
@blp.response(200, SignupSchema)
@login_required
def check_out_by_admin(activity_id, user_id):
    """A station admin checks a volunteer out by hand (`checked_out_by_id`); the hour record is
    authored by that admin, so another admin verifies it."""
    require_station_admin(service.get_activity(activity_id).station_id)
    return service.check_out_by_admin(
        activity_id=activity_id, user_id=user_id, admin=current_user()
    )


@blp.route("/activities/<int:activity_id>/service-hours", methods=["POST"])
@responds(403, 409)
@blp.arguments(BulkLogSchema)
@blp.response(201, BulkResultSchema)
@login_required
def bulk_log(body, activity_id):
    """Log hours for the activity's attendees in one step (pending another admin's check)."""
    require_station_admin(service.get_activity(activity_id).station_id)
    result = service.bulk_log(activity_id=activity_id, author=current_user(), **body)
    return {"created": present(result["created"]), "skipped": result["skipped"]}


@blp.route("/activities/<int:activity_id>/highlights", methods=["POST"])
@responds(403, 413, 422)
@blp.response(201, HighlightSchema)
@login_required
def post_highlight(activity_id):
    """Post a highlight as multipart (`text`, `image` JPEG/PNG ≤ 5 MB) or JSON {text}."""
    if request.mimetype == "multipart/form-data":
        text = request.form.get("text")
        upload = request.files.get("image")
        image = upload.read(MAX_IMAGE_BYTES + 1) if upload else None
    else:
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or set(body) - {"text"}:
            raise ValidationFailed(details={"fields": {"text": ["Send {text} or multipart."]}})
        text, image = body.get("text"), None
    if text is not None and len(text) > 2000:
        raise ValidationFailed(details={"fields": {"text": ["At most 2000 characters."]}})
    return highlights.create_highlight(
        activity_id=activity_id, author=current_user(), text=text, image=image
    )


@blp.route("/activities/<int:activity_id>/highlights")
@public
@blp.arguments(HighlightQuerySchema, location="query")
@blp.response(200, HighlightPageSchema)
def list_highlights(args, activity_id):
    """Visible highlights; the station's admins also see held ones (`?status=held`)."""
    statement = highlights.list_highlights(
        activity_id=activity_id, viewer=g.get("current_user"), status=args.get("status")
    )
    return paginate(statement, page=args["page"], per_page=args["per_page"])


@blp.route("/stations/<int:station_id>/highlights")
@responds(403)
@blp.arguments(HighlightQuerySchema, location="query")
@blp.response(200, HighlightPageSchema)
@login_required
def station_highlights(args, station_id):
    """The station's highlights over all its activities, for its admins: `?status=held` is the
    moderation queue (held for WeChat's verdict or for an admin), with each check's verdict."""
    require_station_admin(station_id)
    statement = highlights.station_highlights(station_id=station_id, status=args.get("status"))
    return paginate(statement, page=args["page"], per_page=args["per_page"])


@blp.route("/highlights/<int:highlight_id>/image")
@public
@file_response("image/jpeg", "image/png", description="The highlight's photo.")
def highlight_image(highlight_id):
    """The image, if the highlight is visible (or you are its author or the station's admin)."""
    path, mimetype = highlights.image_for_viewer(
        highlight_id=highlight_id, viewer=g.get("current_user"), token=request.args.get("token")
    )
    return send_file(path, mimetype=mimetype, max_age=0)


@blp.route("/highlights/<int:highlight_id>/moderate", methods=["POST"])
@responds(403, 409)
@blp.arguments(ModerateSchema)
@blp.response(200, HighlightSchema)
@login_required
def moderate(body, highlight_id):
    """Station admins approve a held highlight or hide any."""
    return highlights.moderate(highlight_id=highlight_id, admin=current_user(), **body)
