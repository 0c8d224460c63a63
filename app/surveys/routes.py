from flask import Response, current_app, request, send_file
from flask_smorest import Blueprint
from sqlalchemy import select

from app.core.api import file_response, public, responds
from app.core.auth import can_admin_association, current_user, is_union_admin, login_required
from app.core.pagination import page_of_list, paginate
from app.core.schemas import PageArgs, page_schema
from app.core.time import to_shanghai, utcnow
from app.core.wechat import wechat
from app.errors import BadRequest, Forbidden, ServiceUnavailable
from app.extensions import db
from app.stations.access import require_association_admin, require_station_admin
from app.surveys import export, figures, imports, links, listing, service
from app.surveys.models import SubsidyLine, SurveyLink, SurveyResponse
from app.surveys.schemas import (
    CLIENT_ID,
    DraftSaveSchema,
    DraftSchema,
    ExportCreateSchema,
    ExportSchema,
    FiguresArgs,
    FiguresSchema,
    FlaggedArgs,
    LinkCreateSchema,
    LinkSchema,
    ResponseCreateSchema,
    ResponseSchema,
    ReviewSchema,
    SubsidyStatementsSchema,
    SurveyCreateSchema,
    SurveyListArgs,
    SurveyListItemSchema,
    SurveySchema,
    TargetOutSchema,
    TargetSchema,
)
from app.wechat import WeChatError

blp = Blueprint("surveys", __name__, url_prefix="/api/v1", description="Satisfaction survey")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.route("/surveys", methods=["POST"])
@responds(403, 404)
@blp.arguments(SurveyCreateSchema)
@blp.response(201, SurveySchema)
def create_survey(body):
    """Define a survey: association admins for their association, union admins national."""
    if body.get("association_id") is None:
        user = current_user()
        if not is_union_admin(user):
            raise Forbidden("Only the union defines a national survey.")
    else:
        user = require_association_admin(body["association_id"])
    return service.create_survey(created_by=user, data=body)


@blp.route("/surveys")
@responds(403)
@blp.arguments(SurveyListArgs, location="query")
@blp.response(200, page_schema(SurveyListItemSchema, "SurveyListPage"))
@login_required
def list_surveys(args):
    """The surveys the asker administers (union: all; association admins: their associations'
    and the national ones; station admins: those with a link for their station), newest first;
    `?status=upcoming|collecting|closed`, `?year=`."""
    return listing.list_surveys(
        user=current_user(),
        status=args.get("status"),
        year=args.get("year"),
        page=args["page"],
        per_page=args["per_page"],
    )


@blp.route("/surveys/questionnaire-imports", methods=["POST"])
@responds(400, 403, 422)
@login_required
def import_questionnaire():
    """Read a questionnaire from an uploaded XLSX, CSV or JSON file (multipart field `file`)."""
    user = current_user()
    if not (is_union_admin(user) or user.has_role("association_admin")):
        raise Forbidden("Questionnaires are imported by association or union admins.")
    upload = request.files.get("file")
    if upload is None:
        raise BadRequest("Upload the file in the form field 'file'.", code="file_missing")
    return {
        "questionnaire": imports.parse_questionnaire_file(
            filename=upload.filename, content=upload.read()
        )
    }


@blp.route("/surveys/<int:survey_id>")
@public
@blp.response(200, SurveySchema)
def get_survey(survey_id: int):
    """The questionnaire and windows (public: residents need them to answer)."""
    return service.get_survey(survey_id)


def _link_out(link: SurveyLink) -> dict:
    return {
        "id": link.id,
        "survey_id": link.survey_id,
        "scene": links.link_scene(link),
        "station_id": link.station_id,
        "association_id": link.association_id,
        "channel": link.channel,
        "qrcode_url": f"/api/v1/survey-links/{link.id}/qrcode",
        "created_at": link.created_at,
    }


def _require_link_admin(link_station_id, association_id):
    if link_station_id is not None:
        require_station_admin(link_station_id)
        return current_user()
    if association_id is None:
        user = current_user()
        if not is_union_admin(user):
            raise Forbidden("Say which association the link is for.")
        return user
    return require_association_admin(association_id)


@blp.route("/surveys/<int:survey_id>/links", methods=["POST"])
@responds(403)
@blp.arguments(LinkCreateSchema)
@blp.response(201, LinkSchema)
@blp.alt_response(200, schema=LinkSchema, description="The link existed already; unchanged.")
def create_link(body, survey_id: int):
    """A collection link (with its own scene) for a station, an association or a channel."""
    current_user()
    survey = service.get_survey(survey_id)
    user = _require_link_admin(
        body.get("station_id"), body.get("association_id") or survey.association_id
    )
    link, created = links.create_link(survey=survey, body=body, created_by=user)
    return _link_out(link), 201 if created else 200


@blp.route("/surveys/<int:survey_id>/links")
@responds(403)
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(LinkSchema, "SurveyLinkPage"))
def list_links(args, survey_id: int):
    """The survey's links the asker administers."""
    survey = service.get_survey(survey_id)
    scope = figures.scope_for(current_user())
    rows = db.session.scalars(
        select(SurveyLink)
        .where(SurveyLink.survey_id == survey.id, scope.clause(SurveyLink))
        .order_by(SurveyLink.id)
    )
    return page_of_list([_link_out(link) for link in rows], **args)


@blp.route("/survey-links/<int:link_id>/qrcode")
@responds(403, 503)
@file_response("image/png", description="The link's mini-program code.")
def link_qrcode(link_id: int):
    """PNG of the link's mini-program code (opens the entry page with the link's scene)."""
    current_user()
    link = links.get_link(link_id)
    _require_link_admin(link.station_id, link.association_id)
    try:
        png = wechat().get_wxa_code_unlimited(
            scene=links.link_scene(link),
            page=current_app.config["WECHAT_ENTRY_PAGE"],
            env_version=current_app.config["WECHAT_ENV_VERSION"],
        )
    except WeChatError as error:
        raise ServiceUnavailable(
            "WeChat could not make the code now; try again shortly.",
            code="wechat_unavailable",
            details={"errcode": error.errcode},
        ) from error
    return Response(png, mimetype="image/png")


@blp.route("/surveys/<int:survey_id>/drafts/<string:client_id>", methods=["PUT"])
@responds(409)
@blp.arguments(DraftSaveSchema)
@blp.response(200, DraftSchema)
@login_required
def save_draft(body, survey_id: int, client_id: str):
    """Save progress; resume later with GET."""
    _check_client_id(client_id)
    return service.save_draft(
        survey=service.get_survey(survey_id), user=current_user(), client_id=client_id, **body
    )


@blp.route("/surveys/<int:survey_id>/drafts/<string:client_id>")
@blp.response(200, DraftSchema)
@login_required
def get_draft(survey_id: int, client_id: str):
    """The saved progress of one attempt."""
    return service.get_draft(survey_id=survey_id, user_id=current_user().id, client_id=client_id)


def _check_client_id(client_id: str) -> None:
    try:
        CLIENT_ID(client_id)
    except Exception as error:
        raise BadRequest(
            "client_id is 8-64 of A-Za-z0-9_-.",
            code="client_id_invalid",
            details={"client_id": ["8-64 of A-Za-z0-9_-."]},
        ) from error


def _response_out(response: SurveyResponse, points_awarded=0, replayed=False) -> SurveyResponse:
    # Transient attributes of this answer only: the schema dumps them beside the columns.
    response.points_awarded, response.replayed = points_awarded, replayed
    return response


@blp.route("/surveys/<int:survey_id>/responses", methods=["POST"])
@responds(409, 410)
@blp.arguments(ResponseCreateSchema)
@blp.response(201, ResponseSchema)
@login_required
def submit_response(body, survey_id: int):
    """Submit once; the answer carries its validity flags. A re-send returns the same response."""
    result = service.submit_response(
        survey=service.get_survey(survey_id), user=current_user(), **body
    )
    out = _response_out(result.response, result.points_awarded, not result.created)
    return out, 201 if result.created else 200


@blp.route("/surveys/<int:survey_id>/responses")
@responds(403)
@blp.arguments(FlaggedArgs, location="query")
@blp.response(200, page_schema(ResponseSchema, "SurveyResponsePage"))
def list_responses(args, survey_id: int):
    """Flagged (auto-invalid) responses in the asker's scope, for review; newest first."""
    survey = service.get_survey(survey_id)
    scope = figures.scope_for(
        current_user(), station_id=args.get("station_id"), association_id=args.get("association_id")
    )
    statement = (
        select(SurveyResponse)
        .where(
            SurveyResponse.survey_id == survey.id,
            scope.clause(SurveyResponse),
            SurveyResponse.auto_valid.is_(False),
        )
        .order_by(SurveyResponse.id.desc())
    )
    return paginate(statement, page=args["page"], per_page=args["per_page"])


@blp.route("/survey-responses/<int:response_id>/review", methods=["POST"])
@responds(403, 409)
@blp.arguments(ReviewSchema)
@blp.response(200, ResponseSchema)
def review_response(body, response_id: int):
    """Mark a response valid or invalid with a reason: association admins of the response's
    association, or the union (a station is paid per valid answer, so it does not judge its own)."""
    user = current_user()
    response = service.get_response(response_id)
    if not can_admin_association(user, response.association_id or 0):
        raise Forbidden("Responses are reviewed by their association or the union.")
    reviewed = service.review_response(response_id=response_id, reviewer=user, **body)
    return _response_out(reviewed)


def _scope_from(args):
    return figures.scope_for(
        current_user(), station_id=args.get("station_id"), association_id=args.get("association_id")
    )


@blp.route("/surveys/<int:survey_id>/figures")
@responds(403)
@blp.arguments(FiguresArgs, location="query")
@blp.response(200, FiguresSchema)
def get_figures(args, survey_id: int):
    """Counts by day, station, association and collector; portrait; targets; subsidy estimate."""
    survey = service.get_survey(survey_id)
    scope = _scope_from(args)
    return figures.figures(
        survey=survey,
        scope=scope,
        day_from=args.get("day_from"),
        day_to=args.get("day_to"),
        top=args["top"],
    )


@blp.route("/surveys/<int:survey_id>/figures.xlsx")
@responds(403)
@file_response(XLSX, description="The figures as XLSX.")
@blp.arguments(FiguresArgs, location="query")
def get_figures_xlsx(args, survey_id: int):
    """The same figures as an XLSX download."""
    survey = service.get_survey(survey_id)
    data = figures.figures(
        survey=survey,
        scope=_scope_from(args),
        day_from=args.get("day_from"),
        day_to=args.get("day_to"),
        top=args["top"],
    )
    stamp = to_shanghai(utcnow()).strftime("%Y%m%d%H%M")
    return Response(
        export.figures_xlsx(data),
        mimetype=XLSX,
        headers={"Content-Disposition": f"attachment; filename=survey-{survey.id}-{stamp}.xlsx"},
    )


@blp.route("/surveys/<int:survey_id>/targets/<int:association_id>", methods=["PUT"])
@responds(403)
@blp.arguments(TargetSchema)
@blp.response(200, TargetOutSchema)
def set_target(body, survey_id: int, association_id: int):
    """Set an association's collection target (share of its region's netizens)."""
    require_association_admin(association_id)
    target = service.set_target(
        survey=service.get_survey(survey_id),
        association_id=association_id,
        region_netizens=body["region_netizens"],
        target_share_bp=int(body["target_share_percent"] * 100),
    )
    return {
        "association_id": target.association_id,
        "region_netizens": target.region_netizens,
        "target_share_percent": target.target_share_bp / 100,
        "target": target.target_count,
    }


def _export_out(item) -> dict:
    total = item.rows_total or 0
    return {
        "id": item.id,
        "survey_id": item.survey_id,
        "status": item.status,
        "rows_total": total,
        "rows_done": item.rows_done,
        "progress_percent": 100.0
        if item.status == "done"
        else round(100 * item.rows_done / total, 1)
        if total
        else 0.0,
        "error": item.error,
        "created_at": item.created_at,
        "finished_at": item.finished_at,
        "download_url": f"/api/v1/survey-exports/{item.id}/download"
        if item.status == "done"
        else None,
    }


@blp.route("/surveys/<int:survey_id>/exports", methods=["POST"])
@responds(403)
@blp.arguments(ExportCreateSchema)
@blp.response(202, ExportSchema)
def request_export(body, survey_id: int):
    """Export the responses in the asker's scope to XLSX in the background; watch the progress."""
    survey = service.get_survey(survey_id)
    item = export.request_export(
        survey=survey, scope=_scope_from(body), requested_by=current_user()
    )
    return _export_out(item)


def _own_export(export_id: int):
    item = export.get_export(export_id)
    if item.requested_by_id != current_user().id:
        raise Forbidden("This export belongs to someone else.")
    return item


@blp.route("/survey-exports/<int:export_id>")
@responds(403)
@blp.response(200, ExportSchema)
def get_export(export_id: int):
    """Progress of an export."""
    return _export_out(_own_export(export_id))


@blp.route("/survey-exports/<int:export_id>/download")
@responds(403, 409)
@file_response(XLSX, description="The responses as XLSX.")
def download_export(export_id: int):
    """The finished export file; 409 export_not_ready until then."""
    item = _own_export(export_id)
    return send_file(
        export.export_file(item),
        mimetype=XLSX,
        as_attachment=True,
        download_name=f"survey-{item.survey_id}-responses-{item.id}.xlsx",
    )


def _statement_lines(survey_id: int, args) -> list[SubsidyLine]:
    scope = _scope_from(args)
    return db.session.scalars(
        select(SubsidyLine)
        .where(SubsidyLine.survey_id == survey_id, scope.clause(SubsidyLine))
        .order_by(SubsidyLine.id)
    ).all()


@blp.route("/surveys/<int:survey_id>/subsidy-statements")
@responds(403)
@blp.arguments(FiguresArgs, location="query")
@blp.response(200, SubsidyStatementsSchema)
def subsidy_statements(args, survey_id: int):
    """Statement lines in the asker's scope (append-only history) and the current totals."""
    survey = service.get_survey(survey_id)
    lines = _statement_lines(survey.id, args)
    latest = {}
    for line in lines:
        latest[line.payee_key] = line
    return {
        "survey_id": survey.id,
        "lines": lines,
        "totals": [
            {
                "payee_key": key,
                "station_id": line.station_id,
                "association_id": line.association_id,
                "valid_count": line.valid_count,
                "total_fen": line.new_total_fen,
            }
            for key, line in sorted(latest.items())
        ],
        "total_fen": sum(line.new_total_fen for line in latest.values()),
    }


@blp.route("/surveys/<int:survey_id>/subsidy-statements.xlsx")
@responds(403)
@file_response(XLSX, description="The statement as XLSX.")
@blp.arguments(FiguresArgs, location="query")
def subsidy_statements_xlsx(args, survey_id: int):
    """The statement as XLSX: every line, and the totals per payee in fen and yuan."""
    survey = service.get_survey(survey_id)
    return Response(
        export.statement_xlsx(survey, _statement_lines(survey.id, args)),
        mimetype=XLSX,
        headers={"Content-Disposition": f"attachment; filename=survey-{survey.id}-subsidy.xlsx"},
    )
