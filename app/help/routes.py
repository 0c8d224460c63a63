from flask import request, send_file
from flask_smorest import Blueprint

from app.core.api import file_response, responds
from app.core.auth import current_user, login_required
from app.core.pagination import page_of_list, paginate
from app.core.schemas import PageArgs
from app.errors import Forbidden, NotFound, ValidationFailed
from app.help import presenters, service
from app.help.access import handles, require_station_handler, require_union_admin
from app.help.errors import NotHelpHandler
from app.help.schemas import (
    AcceptSchema,
    AssignSchema,
    CloseSchema,
    HelpFiguresSchema,
    HelpQuerySchema,
    HelpRequestCreateSchema,
    HelpRequestPageSchema,
    HelpRequestSchema,
    ReferSchema,
)
from app.stations.access import require_association_admin
from app.volunteers.uploads import MAX_IMAGE_BYTES, image_path

blp = Blueprint(
    "help",
    __name__,
    url_prefix="/api/v1",
    description="Help and reports channel (维权救助举报): filing, handling, supervision counts",
)


@blp.route("/help-requests", methods=["POST"])
@blp.arguments(HelpRequestCreateSchema)
@blp.response(201, HelpRequestSchema)
@login_required
def file_request(body):
    """File a help request or report; without station_id it goes to the user's first station,
    else to the unassigned queue that union admins handle."""
    user = current_user()
    row = service.file_request(
        reporter=user,
        category=body["category"],
        description=body["description"].strip(),
        station_id=body.get("station_id"),
        contact_phone=body.get("contact_phone"),
        evidence_urls=body["evidence_urls"],
    )
    return presenters.help_request(row, viewer=user, with_history=True)


@blp.route("/me/help-requests")
@blp.arguments(PageArgs, location="query")
@blp.response(200, HelpRequestPageSchema)
@login_required
def my_requests(args):
    """The user's own requests with their status, newest first."""
    user = current_user()
    rows = [presenters.help_request(row, viewer=user) for row in service.my_requests(user=user)]
    return page_of_list(rows, **args)


def _page(args, station_id):
    viewer = current_user()
    return paginate(
        service.station_requests(station_id=station_id, status=args.get("status")),
        page=args["page"],
        per_page=args["per_page"],
        present=lambda row: presenters.help_request(row, viewer=viewer),
    )


@blp.route("/stations/<int:station_id>/help-requests")
@responds(403)
@blp.arguments(HelpQuerySchema, location="query")
@blp.response(200, HelpRequestPageSchema)
@login_required
def station_requests(args, station_id):
    """A station's requests (`?status=submitted`), for its handlers (the station's admins)."""
    require_station_handler(station_id)
    return _page(args, station_id)


@blp.route("/help-requests/unassigned")
@responds(403)
@blp.arguments(HelpQuerySchema, location="query")
@blp.response(200, HelpRequestPageSchema)
@login_required
def unassigned_requests(args):
    """Requests filed with no station, for union admins to handle or assign."""
    require_union_admin()
    return _page(args, None)


@blp.route("/help-requests/<int:request_id>")
@responds(403)
@blp.response(200, HelpRequestSchema)
@login_required
def get_request(request_id):
    """One request with its history, to its handlers and its reporter."""
    user = current_user()
    row = service.get_request(request_id)
    if row.reporter_id != user.id and not handles(user, row):
        raise NotHelpHandler()
    return presenters.help_request(row, viewer=user, with_history=True)


@blp.route("/help-requests/<int:request_id>/evidence-image", methods=["POST"])
@responds(409, 413, 422)
@blp.response(200, HelpRequestSchema)
@login_required
def add_evidence_image(request_id):
    """Attach a photo (multipart field `image`, JPEG/PNG, ≤ 5 MB) to your own open request;
    a second photo replaces the first."""
    upload = request.files.get("image")
    if upload is None:
        raise ValidationFailed(
            "Send the photo as multipart field `image`.",
            details={"fields": {"image": ["Missing."]}},
        )
    user = current_user()
    row = service.attach_evidence_image(
        request_id=request_id, user=user, data=upload.read(MAX_IMAGE_BYTES + 1)
    )
    return presenters.help_request(row, viewer=user, with_history=True)


@blp.route("/help-requests/<int:request_id>/evidence-image")
@responds(403)
@file_response("image/jpeg", "image/png", description="The evidence photo.")
@login_required
def get_evidence_image(request_id):
    """The evidence photo, to the reporter and the request's handlers only."""
    user = current_user()
    row = service.get_request(request_id)
    if row.reporter_id != user.id and not handles(user, row):
        raise Forbidden("You do not handle this help request.", code="not_help_handler")
    if not row.evidence_image_file:
        raise NotFound("No evidence photo.", code="image_not_found")
    name = row.evidence_image_file
    mimetype = "image/png" if name.endswith(".png") else "image/jpeg"
    return send_file(image_path("help", name), mimetype=mimetype, max_age=0)


@blp.route("/help-requests/<int:request_id>/accept", methods=["POST"])
@responds(403, 409)
@blp.arguments(AcceptSchema)
@blp.response(200, HelpRequestSchema)
@login_required
def accept(body, request_id):
    """submitted → accepted."""
    user = current_user()
    row = service.accept_request(request_id=request_id, handler=user, note=body.get("note"))
    return presenters.help_request(row, viewer=user, with_history=True)


@blp.route("/help-requests/<int:request_id>/refer", methods=["POST"])
@responds(403, 409)
@blp.arguments(ReferSchema)
@blp.response(200, HelpRequestSchema)
@login_required
def refer(body, request_id):
    """accepted → referred to the police, the 网信 office (cac_office) or another body."""
    user = current_user()
    row = service.refer_request(
        request_id=request_id, handler=user, to=body["to"], note=body.get("note")
    )
    return presenters.help_request(row, viewer=user, with_history=True)


@blp.route("/help-requests/<int:request_id>/close", methods=["POST"])
@responds(403, 409)
@blp.arguments(CloseSchema)
@blp.response(200, HelpRequestSchema)
@login_required
def close(body, request_id):
    """accepted or referred → closed with an outcome the reporter reads."""
    user = current_user()
    row = service.close_request(
        request_id=request_id, handler=user, outcome=body["outcome"].strip()
    )
    return presenters.help_request(row, viewer=user, with_history=True)


@blp.route("/help-requests/<int:request_id>/assign", methods=["POST"])
@responds(403, 409)
@blp.arguments(AssignSchema)
@blp.response(200, HelpRequestSchema)
@login_required
def assign(body, request_id):
    """Hand a submitted request to a station: union admins from the unassigned queue, a station's
    handlers to the right station. The answer is a receipt without the case or the reporter:
    from now on the new station handles it."""
    user = current_user()
    row = service.assign_request(
        request_id=request_id, handler=user, station_id=body["station_id"], note=body.get("note")
    )
    return presenters.receipt(row)


@blp.route("/associations/<int:association_id>/help-figures")
@responds(403)
@blp.response(200, HelpFiguresSchema)
@login_required
def association_figures(association_id):
    """Counts by category and status per station, for the association's admins; no reporter."""
    require_association_admin(association_id)
    return service.association_figures(association_id=association_id)
