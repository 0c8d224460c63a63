from flask import Response, request, send_file
from flask_smorest import Blueprint

from app.core.api import file_response, responds
from app.core.auth import current_user, login_required
from app.core.pagination import paginate
from app.core.schemas import PageArgs, page_schema
from app.errors import NotFound, ValidationFailed
from app.hours import roster, service, totals
from app.hours.models import ServiceHourRecord
from app.hours.presenters import present
from app.hours.schemas import (
    CorrectionRequestCreateSchema,
    CorrectionRequestPageSchema,
    CorrectionRequestSchema,
    CorrectionSchema,
    FiguresSchema,
    HourReasonSchema,
    HourRecordPageSchema,
    HourRecordSchema,
    ManualHoursSchema,
    RecordQuerySchema,
    RequestQuerySchema,
    RosterEntrySchema,
)
from app.stations.access import require_station_admin
from app.volunteers.uploads import MAX_IMAGE_BYTES, image_path

blp = Blueprint("hours", __name__, url_prefix="/api/v1", description="Service-hour records")


def paged(statement, args):
    page = paginate(statement, page=args["page"], per_page=args["per_page"])
    page["items"] = present(page["items"])
    return page


def visible_record(record_id: int) -> ServiceHourRecord:
    """The record for its volunteer or the station's admins; 404 for anyone else."""
    record = service.get_record(record_id)
    if record.user_id != current_user().id:
        require_station_admin(record.station_id)
    return record


@blp.route("/service-hours", methods=["POST"])
@responds(403, 409)
@blp.arguments(ManualHoursSchema)
@blp.response(201, HourRecordSchema)
@login_required
def log_hours(body):
    """Log hours by hand (ISO 8601 with offset), pending until the home station verifies."""
    record = service.log_manual_hours(user=current_user(), **body)
    return present([record])[0]


@blp.route("/service-hours/<int:record_id>/evidence-image", methods=["POST"])
@responds(409, 413, 422)
@blp.response(200, HourRecordSchema)
@login_required
def add_evidence_image(record_id):
    """Attach a photo (multipart field `image`, JPEG/PNG, ≤ 5 MB) to your pending record."""
    upload = request.files.get("image")
    if upload is None:
        raise ValidationFailed(
            "Send the photo as multipart field `image`.",
            details={"fields": {"image": ["Missing."]}},
        )
    record = service.attach_evidence_image(
        record_id=record_id, user=current_user(), data=upload.read(MAX_IMAGE_BYTES + 1)
    )
    return present([record])[0]


@blp.route("/service-hours/<int:record_id>/evidence-image")
@responds(403)
@file_response("image/jpeg", "image/png", description="The evidence photo.")
@login_required
def get_evidence_image(record_id):
    """The evidence photo, to the volunteer and the station's admins only."""
    record = visible_record(record_id)
    if not record.evidence_image_file:
        raise NotFound("No evidence photo.", code="image_not_found")
    name = record.evidence_image_file
    mimetype = "image/png" if name.endswith(".png") else "image/jpeg"
    return send_file(image_path("evidence", name), mimetype=mimetype, max_age=0)


@blp.route("/service-hours/<int:record_id>")
@responds(403)
@blp.response(200, HourRecordSchema)
@login_required
def get_record(record_id):
    """One record, to its volunteer or the station's admins."""
    return present([visible_record(record_id)])[0]


@blp.route("/me/service-hours")
@blp.arguments(RecordQuerySchema, location="query")
@blp.response(200, HourRecordPageSchema)
@login_required
def my_hours(args):
    """Your records with their states; `counts` marks the ones in your verified total."""
    return paged(service.user_records(user_id=current_user().id, status=args.get("status")), args)


@blp.route("/stations/<int:station_id>/service-hours")
@responds(403)
@blp.arguments(RecordQuerySchema, location="query")
@blp.response(200, HourRecordPageSchema)
@login_required
def station_hours(args, station_id):
    """A station's records (`?status=pending`), for its admins."""
    require_station_admin(station_id)
    return paged(service.station_records(station_id=station_id, status=args.get("status")), args)


@blp.route("/service-hours/<int:record_id>/verify", methods=["POST"])
@responds(403, 409, 422)
@blp.response(200, HourRecordSchema)
@login_required
def verify(record_id):
    """Verify a pending record (not your own, not one you entered)."""
    return present([service.verify_record(record_id=record_id, reviewer=current_user())])[0]


@blp.route("/service-hours/<int:record_id>/reject", methods=["POST"])
@responds(403, 409)
@blp.arguments(HourReasonSchema)
@blp.response(200, HourRecordSchema)
@login_required
def reject(body, record_id):
    """Reject a pending record with a reason."""
    record = service.reject_record(
        record_id=record_id, reviewer=current_user(), reason=body["reason"]
    )
    return present([record])[0]


@blp.route("/service-hours/<int:record_id>/corrections", methods=["POST"])
@responds(403, 409)
@blp.arguments(CorrectionSchema)
@blp.response(201, HourRecordSchema)
@login_required
def correct(body, record_id):
    """File a correction of a verified record: a new pending record linked to it."""
    correction = service.correct_record(record_id=record_id, author=current_user(), **body)
    return present([correction])[0]


@blp.route("/service-hours/<int:record_id>/correction-requests", methods=["POST"])
@responds(409)
@blp.arguments(CorrectionRequestCreateSchema)
@blp.response(201, CorrectionRequestSchema)
@login_required
def ask_correction(body, record_id):
    """Ask your station to correct one of your verified records."""
    return service.request_correction(record_id=record_id, user=current_user(), **body)


@blp.route("/stations/<int:station_id>/correction-requests")
@responds(403)
@blp.arguments(RequestQuerySchema, location="query")
@blp.response(200, CorrectionRequestPageSchema)
@login_required
def station_requests(args, station_id):
    """Correction requests for a station's admins (`?status=open`)."""
    require_station_admin(station_id)
    return paginate(
        service.station_requests(station_id=station_id, status=args.get("status")),
        page=args["page"],
        per_page=args["per_page"],
    )


@blp.route("/correction-requests/<int:request_id>/decline", methods=["POST"])
@responds(403, 409)
@blp.arguments(HourReasonSchema)
@blp.response(200, CorrectionRequestSchema)
@login_required
def decline_request(body, request_id):
    """Decline a correction request with a reason."""
    return service.decline_correction_request(
        request_id=request_id, reviewer=current_user(), reason=body["reason"]
    )


@blp.route("/stations/<int:station_id>/figures")
@responds(403)
@blp.response(200, FiguresSchema)
@login_required
def figures(station_id):
    """Volunteers, party members, verified hours this month and year, pending reviews."""
    require_station_admin(station_id)
    return totals.station_figures(station_id=station_id)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.route("/stations/<int:station_id>/roster")
@responds(403)
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(RosterEntrySchema, "RosterPage"))
@login_required
def station_roster(args, station_id: int):
    """The station's current volunteers with verified hours and star level (its admins, its
    association's, the union). Minors' phone and given name are masked except for the
    station's own admins."""
    station = require_station_admin(station_id)
    rows = roster.roster_rows(station=station, viewer=current_user())
    start = (args["page"] - 1) * args["per_page"]
    return {
        "items": rows[start : start + args["per_page"]],
        "page": args["page"],
        "per_page": args["per_page"],
        "total": len(rows),
    }


@blp.route("/stations/<int:station_id>/roster.xlsx")
@responds(403)
@file_response(XLSX, description="The roster with Chinese headers.")
@login_required
def station_roster_xlsx(station_id: int):
    """The whole roster as XLSX (same masking as the list)."""
    station = require_station_admin(station_id)
    rows = roster.roster_rows(station=station, viewer=current_user())
    response = Response(roster.roster_xlsx(station=station, rows=rows), mimetype=XLSX)
    response.headers["Content-Disposition"] = f'attachment; filename="roster-{station.id}.xlsx"'
    response.headers["Cache-Control"] = "no-store"
    return response
