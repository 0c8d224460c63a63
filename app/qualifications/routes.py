from flask_smorest import Blueprint

from app.core.api import public, responds
from app.core.auth import current_user, login_required
from app.qualifications import (
    directory,
    privacy,  # noqa: F401  (registers export and delete hooks)
    service,
)
from app.qualifications.models import ApplicationStatus, QualificationKind
from app.qualifications.schemas import (
    ApplicationCreateSchema,
    ApplicationListArgs,
    ApplicationListSchema,
    ApplicationPageSchema,
    ApplicationSchema,
    ApplicationUpdateSchema,
    DirectoryArgs,
    DirectoryPageSchema,
    ReasonSchema,
)

blp = Blueprint(
    "qualifications",
    __name__,
    url_prefix="/api/v1",
    description="Lecturer (公益讲师) and publicist (公益宣传员) applications, review and directory",
)


SHOWN_COLUMNS = (
    "id",
    "user_id",
    "association_id",
    "kind",
    "status",
    "real_name",
    "organisation",
    "experience",
    "photo_url",
    "intended_station_ids",
    "decision_reason",
    "revoke_reason",
    "created_at",
    "submitted_at",
    "decided_at",
    "revoked_at",
)


def mask_phone(phone: str | None) -> str | None:
    if not phone or len(phone) < 7:
        return phone
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def view(application, *, full_phone: bool = True, with_steps: bool = True) -> dict:
    """The application as its applicant or reviewer sees it."""
    if application.status in (ApplicationStatus.APPROVED, ApplicationStatus.REVOKED):
        assessment = {
            "passed": application.assessment_attempt_id is not None,
            "attempt_id": application.assessment_attempt_id,
            "score": application.assessment_score,
            "submitted_at": application.assessment_passed_at,
        }
    else:
        found = service.passed_assessment(application)
        assessment = {"passed": found is not None, **(found or {})}
    recommendation = None
    if application.recommended_by_station_id:
        recommendation = {
            "station_id": application.recommended_by_station_id,
            "confirmed": application.recommendation_confirmed_at is not None,
            "confirmed_at": application.recommendation_confirmed_at,
        }
    data = {column: getattr(application, column) for column in SHOWN_COLUMNS}
    data.update(
        phone=application.phone if full_phone else mask_phone(application.phone),
        topics=application.topic_names,
        recommendation=recommendation,
        publish={name: getattr(application, f"publish_{name}") for name in service.PUBLISH_FIELDS},
        assessment=assessment,
        assessment_score=assessment.get("score"),
    )
    if with_steps:
        data["steps"] = service.steps_of(application)
    return data


@blp.route("/qualification-applications", methods=["POST"])
@responds(404, 409)
@blp.arguments(ApplicationCreateSchema)
@blp.response(201, ApplicationSchema)
@login_required
def create_application(body):
    """Apply as lecturer or publicist to an association (`submit: false` saves a draft)."""
    submit = body.pop("submit")
    return view(service.create_application(user=current_user(), fields=body, submit=submit))


@blp.route("/qualification-applications")
@responds(403)
@blp.arguments(ApplicationListArgs, location="query")
@blp.response(200, ApplicationPageSchema)
@login_required
def list_applications(args):
    """Applications to review: association admins see their association's, union admins all."""
    result = service.list_for_admin(
        admin=current_user(),
        status=args.get("status"),
        kind=args.get("kind"),
        association_id=args.get("association_id"),
        page=args["page"],
        per_page=args["per_page"],
    )
    result["items"] = [view(a, full_phone=False, with_steps=False) for a in result["items"]]
    return result


@blp.route("/me/qualification-applications")
@blp.response(200, ApplicationListSchema)
@login_required
def my_applications():
    """The logged-in user's own applications and where each stands."""
    return {"items": [view(a) for a in service.my_applications(user=current_user())]}


@blp.route("/qualification-applications/<int:application_id>")
@responds(403)
@blp.response(200, ApplicationSchema)
@login_required
def get_application(application_id):
    """One application with its assessment result and its review log."""
    return view(service.get_for_viewer(viewer=current_user(), application_id=application_id))


@blp.route("/qualification-applications/<int:application_id>", methods=["PATCH"])
@responds(409)
@blp.arguments(ApplicationUpdateSchema)
@blp.response(200, ApplicationSchema)
@login_required
def update_application(body, application_id):
    """The applicant edits a draft or an application sent back for changes."""
    return view(
        service.update_application(user=current_user(), application_id=application_id, fields=body)
    )


@blp.route("/qualification-applications/<int:application_id>/submit", methods=["POST"])
@responds(409, 422)
@blp.response(200, ApplicationSchema)
@login_required
def submit_application(application_id):
    """Submit a draft or returned application for the association's review."""
    return view(service.submit_application(user=current_user(), application_id=application_id))


@blp.route("/qualification-applications/<int:application_id>/approve", methods=["POST"])
@responds(400, 403, 409, 422)
@blp.response(200, ApplicationSchema)
@login_required
def approve_application(application_id):
    """Approve (needs a passed assessment within a year); grants the lecturer/publicist role."""
    return view(service.approve(admin=current_user(), application_id=application_id))


@blp.route("/qualification-applications/<int:application_id>/reject", methods=["POST"])
@responds(403, 409)
@blp.arguments(ReasonSchema)
@blp.response(200, ApplicationSchema)
@login_required
def reject_application(body, application_id):
    """Reject a pending application with a reason."""
    return view(
        service.reject(admin=current_user(), application_id=application_id, reason=body["reason"])
    )


@blp.route("/qualification-applications/<int:application_id>/return", methods=["POST"])
@responds(403, 409)
@blp.arguments(ReasonSchema)
@blp.response(200, ApplicationSchema)
@login_required
def return_application(body, application_id):
    """Send a pending application back to the applicant for changes."""
    return view(
        service.return_for_changes(
            admin=current_user(), application_id=application_id, reason=body["reason"]
        )
    )


@blp.route("/qualification-applications/<int:application_id>/revoke", methods=["POST"])
@blp.route("/qualifications/<int:application_id>/revoke", methods=["POST"])
@responds(403, 409)
@blp.arguments(ReasonSchema)
@blp.response(200, ApplicationSchema)
@login_required
def revoke_qualification(body, application_id):
    """Revoke an approved qualification with a reason (the id is the approved application's)."""
    return view(
        service.revoke(admin=current_user(), application_id=application_id, reason=body["reason"])
    )


@blp.route(
    "/qualification-applications/<int:application_id>/recommendation/confirm", methods=["POST"]
)
@responds(403, 409)
@blp.response(200, ApplicationSchema)
@login_required
def confirm_recommendation(application_id):
    """The recommending station's admin confirms its recommendation (服务站推荐)."""
    application = service.confirm_recommendation(
        admin=current_user(), application_id=application_id
    )
    return view(application, full_phone=False)


@blp.route("/lecturers")
@public
@blp.arguments(DirectoryArgs, location="query")
@blp.response(200, DirectoryPageSchema)
def list_lecturers(args):
    """Public directory of approved lecturers: only what each agreed to publish."""
    return _directory(QualificationKind.LECTURER, args)


@blp.route("/publicists")
@public
@blp.arguments(DirectoryArgs, location="query")
@blp.response(200, DirectoryPageSchema)
def list_publicists(args):
    """Public directory of approved publicists: only what each agreed to publish."""
    return _directory(QualificationKind.PUBLICIST, args)


def _directory(kind, args):
    return directory.directory(
        kind=kind,
        association_id=args.get("association_id"),
        topic=args.get("topic"),
        page=args["page"],
        per_page=args["per_page"],
    )
