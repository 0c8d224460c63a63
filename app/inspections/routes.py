from flask import request, send_file
from flask_smorest import Blueprint
from sqlalchemy import select

from app.core.api import file_response, responds
from app.core.auth import (
    can_admin_association,
    can_admin_station,
    current_user,
    login_required,
)
from app.core.pagination import paginate
from app.errors import Forbidden, NotFound, ValidationFailed
from app.extensions import db
from app.inspections import access, service
from app.inspections.models import FindingStatus, Inspection, InspectionPhoto
from app.inspections.schemas import (
    AnswerSchema,
    ChecklistSchema,
    ChecklistUpdateSchema,
    DecisionSchema,
    FindingSchema,
    InspectionCreateSchema,
    InspectionFiguresSchema,
    InspectionListArgs,
    InspectionPageSchema,
    InspectionSchema,
    InspectorAppointSchema,
    InspectorSchema,
    PhotoSchema,
)
from app.stations.access import get_station
from app.stations.models import Association, Station
from app.volunteers.uploads import MAX_IMAGE_BYTES, image_path

blp = Blueprint(
    "inspections",
    __name__,
    url_prefix="/api/v1",
    description="Inspections (督导检查): findings, rectification answers, decisions",
)


def photo_view(photo: InspectionPhoto) -> dict:
    return {"id": photo.id, "url": f"/api/v1/inspection-photos/{photo.id}"}


def finding_view(finding) -> dict:
    return {
        "id": finding.id,
        "item_title": finding.item_title,
        "result": finding.result,
        "note": finding.note,
        "status": finding.status,
        "photos": [photo_view(p) for p in finding.photos],
        "responses": [
            {
                **{
                    key: getattr(r, key)
                    for key in (
                        "id",
                        "author_id",
                        "text",
                        "created_at",
                        "decision",
                        "decided_by_id",
                        "decided_at",
                        "decision_reason",
                    )
                },
                "photos": [photo_view(p) for p in r.photos],
            }
            for r in finding.responses
        ],
    }


def inspection_view(inspection: Inspection, *, with_findings: bool = True) -> dict:
    station = db.session.get(Station, inspection.station_id)
    data = {
        key: getattr(inspection, key)
        for key in (
            "id",
            "station_id",
            "association_id",
            "inspector_id",
            "inspected_on",
            "rectify_by",
            "summary",
            "status",
            "created_at",
            "closed_at",
        )
    }
    data.update(
        station_name=station.name,
        overdue=service.is_overdue(inspection),
        open_findings=sum(
            1
            for f in inspection.findings
            if f.status not in (FindingStatus.OK, FindingStatus.ACCEPTED)
        ),
    )
    if with_findings:
        data["findings"] = [finding_view(f) for f in inspection.findings]
    return data


def visible_inspection(inspection_id: int) -> Inspection:
    """404 unknown; 403 for anyone outside the inspection's association and station."""
    user = current_user()
    inspection = service.get_inspection(inspection_id)
    station = db.session.get(Station, inspection.station_id)
    if not access.may_see(user, inspection, station):
        raise Forbidden("This inspection is not in your scope.")
    return inspection


def association_for_admin(association_id: int) -> Association:
    user = current_user()
    association = db.session.get(Association, association_id)
    if association is None:
        raise NotFound("No such association.", code="association_not_found")
    if not can_admin_association(user, association_id):
        raise Forbidden("Only the association's admins do this.")
    return association


@blp.route("/associations/<int:association_id>/inspection-checklist")
@responds(403)
@blp.response(200, ChecklistSchema)
@login_required
def get_checklist(association_id):
    """The association's checklist template, to its admins and inspectors."""
    user = current_user()
    if db.session.get(Association, association_id) is None:
        raise NotFound("No such association.", code="association_not_found")
    if not access.may_inspect(user, association_id):
        raise Forbidden("Only the association's admins and inspectors see its checklist.")
    return {
        "association_id": association_id,
        "items": service.get_checklist(association_id=association_id),
    }


@blp.route("/associations/<int:association_id>/inspection-checklist", methods=["PUT"])
@responds(403)
@blp.arguments(ChecklistUpdateSchema)
@blp.response(200, ChecklistSchema)
@login_required
def put_checklist(body, association_id):
    """Replace the checklist (association admins); retired lines stay on past inspections."""
    association_for_admin(association_id)
    items = service.replace_checklist(
        actor=current_user(), association_id=association_id, titles=body["items"]
    )
    return {"association_id": association_id, "items": items}


@blp.route("/associations/<int:association_id>/inspectors", methods=["POST"])
@responds(403)
@blp.arguments(InspectorAppointSchema)
@blp.response(201, InspectorSchema)
@login_required
def appoint_inspector(body, association_id):
    """Appoint a user (by id) as one of the association's inspectors (督导组)."""
    association_for_admin(association_id)
    grant = service.appoint_inspector(
        actor=current_user(), association_id=association_id, user_id=body["user_id"]
    )
    return {
        "user_id": grant.user_id,
        "association_id": grant.association_id,
        "granted_at": grant.granted_at,
    }


@blp.route("/stations/<int:station_id>/inspections", methods=["POST"])
@responds(403, 409)
@blp.arguments(InspectionCreateSchema)
@blp.response(201, InspectionSchema)
@login_required
def create_inspection(body, station_id):
    """Record an inspection of the station: every checklist line ok or a finding with a note,
    and a rectification deadline for findings. Inspectors and admins of its association."""
    user = current_user()
    station = get_station(station_id)
    if not access.may_inspect(user, station.association_id):
        raise Forbidden("Only the association's inspectors inspect this station.")
    inspection = service.record_inspection(inspector=user, station=station, **body)
    return inspection_view(inspection)


@blp.route("/inspections")
@responds(403)
@blp.arguments(InspectionListArgs, location="query")
@blp.response(200, InspectionPageSchema)
@login_required
def list_inspections(args):
    """Inspections in your scope, newest first; filters: station_id, status, overdue."""
    user = access.require_inspections_viewer()
    statement = (
        select(Inspection)
        .join(Station, Station.id == Inspection.station_id)
        .where(access.visible_condition(user))
        .order_by(Inspection.id.desc())
    )
    if args.get("station_id"):
        statement = statement.where(Inspection.station_id == args["station_id"])
    if args.get("status"):
        statement = statement.where(Inspection.status == args["status"])
    if "overdue" in args:
        condition = service.overdue_condition(service.today())
        statement = statement.where(condition if args["overdue"] else ~condition)
    return paginate(
        statement,
        page=args["page"],
        per_page=args["per_page"],
        present=lambda row: inspection_view(row, with_findings=False),
    )


@blp.route("/inspections/<int:inspection_id>")
@responds(403)
@blp.response(200, InspectionSchema)
@login_required
def get_inspection(inspection_id):
    """One inspection with every finding, answer and decision (returned answers included)."""
    return inspection_view(visible_inspection(inspection_id))


@blp.route("/inspection-findings/<int:finding_id>/responses", methods=["POST"])
@responds(403, 409)
@blp.arguments(AnswerSchema)
@blp.response(201, FindingSchema)
@login_required
def answer_finding(body, finding_id):
    """The station's answer to a finding (station admins); photos follow via …/photos."""
    response = service.answer_finding(user=current_user(), finding_id=finding_id, **body)
    return finding_view(service.get_finding(response.finding_id))


@blp.route("/inspection-findings/<int:finding_id>/accept", methods=["POST"])
@responds(403, 409)
@blp.arguments(DecisionSchema)
@blp.response(200, FindingSchema)
@login_required
def accept_answer(body, finding_id):
    """Accept the pending answer (inspectors and admins of the association)."""
    finding = service.decide_response(
        user=current_user(), finding_id=finding_id, accept=True, reason=body.get("reason")
    )
    return finding_view(finding)


@blp.route("/inspection-findings/<int:finding_id>/return", methods=["POST"])
@responds(403, 409)
@blp.arguments(DecisionSchema)
@blp.response(200, FindingSchema)
@login_required
def return_answer(body, finding_id):
    """Return the pending answer with a reason; it stays in the record."""
    finding = service.decide_response(
        user=current_user(), finding_id=finding_id, accept=False, reason=body.get("reason")
    )
    return finding_view(finding)


@blp.route("/inspections/<int:inspection_id>/close", methods=["POST"])
@responds(403, 409)
@blp.response(200, InspectionSchema)
@login_required
def close_inspection(inspection_id):
    """Close the inspection; 409 findings_unaccepted while any finding is not accepted."""
    return inspection_view(
        service.close_inspection(user=current_user(), inspection_id=inspection_id)
    )


@blp.route("/inspection-findings/<int:finding_id>/photos", methods=["POST"])
@responds(403, 409, 413, 422)
@blp.response(201, PhotoSchema)
@login_required
def add_photo(finding_id):
    """Attach a photo (multipart field `image`, JPEG/PNG, ≤ 5 MB): the inspector to an open
    finding, the station to its pending answer."""
    upload = request.files.get("image")
    if upload is None:
        raise ValidationFailed(
            "Send the photo as multipart field `image`.",
            details={"fields": {"image": ["Missing."]}},
        )
    photo = service.attach_photo(
        user=current_user(), finding_id=finding_id, data=upload.read(MAX_IMAGE_BYTES + 1)
    )
    return photo_view(photo)


@blp.route("/inspection-photos/<int:photo_id>")
@responds(403)
@file_response("image/jpeg", "image/png", description="The photo.")
@login_required
def get_photo(photo_id):
    """A finding's or answer's photo, to those who may see the inspection."""
    photo = db.session.get(InspectionPhoto, photo_id)
    if photo is None:
        raise NotFound("No such photo.", code="photo_not_found")
    finding = service.get_finding(photo.finding_id)
    visible_inspection(finding.inspection_id)
    return send_file(image_path("inspections", photo.file), mimetype=photo.content_type, max_age=0)


@blp.route("/stations/<int:station_id>/inspection-figures")
@responds(403)
@blp.response(200, InspectionFiguresSchema)
@login_required
def station_figures(station_id):
    """Open, overdue and closed inspections of the station (with its sub-stations), to its
    admins and the association's inspectors and admins."""
    user = current_user()
    station = get_station(station_id)
    if not (can_admin_station(user, station) or access.may_inspect(user, station.association_id)):
        raise Forbidden("This station is not in your scope.")
    ids = [station.id] + list(
        db.session.scalars(select(Station.id).where(Station.parent_id == station.id))
    )
    return {"station_id": station.id, "association_id": None, **service.figures(station_ids=ids)}


@blp.route("/associations/<int:association_id>/inspection-figures")
@responds(403)
@blp.response(200, InspectionFiguresSchema)
@login_required
def association_figures(association_id):
    """Open, overdue and closed inspections of the association's stations."""
    user = current_user()
    if db.session.get(Association, association_id) is None:
        raise NotFound("No such association.", code="association_not_found")
    if not access.may_inspect(user, association_id):
        raise Forbidden("Only the association's admins and inspectors see this.")
    return {
        "station_id": None,
        "association_id": association_id,
        **service.figures(association_id=association_id),
    }
