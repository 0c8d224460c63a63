from flask import current_app, request
from flask_smorest import Blueprint

from app.core.api import responds
from app.core.auth import current_user, login_required
from app.core.pagination import page_of_list
from app.core.ratelimit import hit
from app.core.schemas import PageArgs
from app.errors import BadRequest, RateLimited
from app.quizzes import service
from app.quizzes.schemas import (
    AttemptPageSchema,
    AttemptResultSchema,
    AttemptStartedSchema,
    BankArgs,
    CampaignCreateSchema,
    CampaignFieldsSchema,
    CampaignPageSchema,
    CampaignSchema,
    ImportFormSchema,
    ImportReportSchema,
    LeaderboardArgs,
    LeaderboardSchema,
    QuestionCreateSchema,
    QuestionPageSchema,
    QuestionSchema,
    QuestionUpdateSchema,
    SubmitSchema,
)

blp = Blueprint("quizzes", __name__, url_prefix="/api/v1", description="Q&A quizzes for 宝盾")

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def with_scene(campaign):
    """The campaign with its entrance scene, for the admin and the share button."""
    campaign.entrance_scene = service.entrance_scene(campaign)
    return campaign


@blp.route("/quiz-campaigns")
@blp.arguments(PageArgs, location="query")
@blp.response(200, CampaignPageSchema)
@login_required
def list_campaigns(args):
    """Active campaigns the user may take part in: national, their association's, station's."""
    return page_of_list(service.active_campaigns(user=current_user()), **args)


@blp.route("/quiz-campaigns", methods=["POST"])
@responds(403, 404)
@blp.arguments(CampaignCreateSchema)
@blp.response(201, CampaignSchema)
@login_required
def create_campaign(body):
    """Create a campaign (admins of its scope); it gets its own entrance scene."""
    return with_scene(service.create_campaign(user=current_user(), data=body))


@blp.route("/admin/quiz-campaigns")
@blp.arguments(PageArgs, location="query")
@blp.response(200, CampaignPageSchema)
@login_required
def list_managed_campaigns(args):
    """Every campaign the admin manages, open or closed."""
    page = page_of_list(service.admin_campaigns(user=current_user()), **args)
    return {**page, "items": [with_scene(c) for c in page["items"]]}


@blp.route("/quiz-campaigns/<int:campaign_id>")
@blp.response(200, CampaignSchema)
@login_required
def get_campaign(campaign_id: int):
    """One campaign the user may see."""
    return with_scene(service.visible_campaign(user=current_user(), campaign_id=campaign_id))


@blp.route("/quiz-campaigns/<int:campaign_id>", methods=["PATCH"])
@responds(403, 409)
@blp.arguments(CampaignFieldsSchema)
@blp.response(200, CampaignSchema)
@login_required
def update_campaign(body, campaign_id: int):
    """Change a campaign's settings (admins of its scope)."""
    campaign = service.update_campaign(user=current_user(), campaign_id=campaign_id, changes=body)
    return with_scene(campaign)


@blp.route("/quiz-campaigns/<int:campaign_id>/close", methods=["POST"])
@responds(403, 409)
@blp.response(200, CampaignSchema)
@login_required
def close_campaign(campaign_id: int):
    """Close a campaign; ranking bonuses are then settled by `campaign_close`."""
    return with_scene(service.close_campaign(user=current_user(), campaign_id=campaign_id))


def limit_attempt_starts(user) -> None:
    """Per account and per station, never per address: a station answers from one Wi-Fi."""
    cfg = current_app.config
    if not hit(cfg["QUIZ_START_PER_ACCOUNT"], "quiz-start", "user", str(user.id)):
        raise RateLimited("You are starting attempts too quickly.", code="quiz_start_rate_limited")
    if user.first_station_id is not None and not hit(
        cfg["QUIZ_START_PER_STATION"],
        "quiz-start",
        "station",
        str(user.first_station_id),
    ):
        raise RateLimited(
            "Your station is starting too many attempts; try again shortly.",
            code="quiz_start_station_rate_limited",
        )


@blp.route("/quiz-campaigns/<int:campaign_id>/attempts", methods=["POST"])
@responds(409)
@blp.response(201, AttemptStartedSchema)
@login_required
def start_attempt(campaign_id: int):
    """Draw this attempt's questions (no answers, no explanations) with its deadline; an open
    attempt of the same campaign is given back instead of a new one."""
    user = current_user()
    limit_attempt_starts(user)
    return service.start_attempt(user=user, campaign_id=campaign_id)


@blp.route("/quiz-attempts/<int:attempt_id>/submit", methods=["POST"])
@responds(409)
@blp.arguments(SubmitSchema)
@blp.response(200, AttemptResultSchema)
@login_required
def submit_attempt(body, attempt_id: int):
    """Grade once: score, points awarded (within the daily cap), right answers, explanations."""
    return service.submit_attempt(
        user=current_user(), attempt_id=attempt_id, answers=body["answers"]
    )


@blp.route("/quiz-attempts/<int:attempt_id>")
@blp.response(200, AttemptResultSchema)
@login_required
def get_attempt(attempt_id: int):
    """An open attempt's questions, or a finished attempt's result."""
    return service.attempt_view(user=current_user(), attempt_id=attempt_id)


@blp.route("/me/quiz-attempts")
@blp.arguments(PageArgs, location="query")
@blp.response(200, AttemptPageSchema)
@login_required
def my_attempts(args):
    """The user's attempt history, newest first."""
    return service.attempt_history(user=current_user(), **args)


@blp.route("/quiz-campaigns/<int:campaign_id>/leaderboard")
@blp.arguments(LeaderboardArgs, location="query")
@blp.response(200, LeaderboardSchema)
@login_required
def leaderboard(args, campaign_id: int):
    """Top users by correct answers, or stations by participants or correct answers."""
    return service.leaderboard_view(user=current_user(), campaign_id=campaign_id, **args)


@blp.route("/quiz-questions")
@responds(403, 404)
@blp.arguments(BankArgs, location="query")
@blp.response(200, QuestionPageSchema)
@login_required
def list_questions(args):
    """One bank's questions with answers (admins)."""
    return service.list_questions(
        user=current_user(),
        scope=args["scope"],
        association_id=args.get("association_id"),
        station_id=args.get("station_id"),
        category=args.get("category"),
        page=args["page"],
        per_page=args["per_page"],
    )


@blp.route("/quiz-questions", methods=["POST"])
@responds(403, 404)
@blp.arguments(QuestionCreateSchema)
@blp.response(201, QuestionSchema)
@login_required
def create_question(body):
    """Add a question to a bank the admin manages; a duplicate stem is a 409."""
    scope = body.pop("scope")
    return service.create_question(
        user=current_user(),
        scope=scope,
        association_id=body.pop("association_id", None),
        station_id=body.pop("station_id", None),
        data=body,
    )


@blp.route("/quiz-questions/<int:question_id>")
@responds(403)
@blp.response(200, QuestionSchema)
@login_required
def get_question(question_id: int):
    """One question with its answer (admins of its bank)."""
    return service.get_question_for_admin(user=current_user(), question_id=question_id)


@blp.route("/quiz-questions/<int:question_id>", methods=["PATCH"])
@responds(403)
@blp.arguments(QuestionUpdateSchema)
@blp.response(200, QuestionSchema)
@login_required
def update_question(body, question_id: int):
    """Change a question (admins of its bank)."""
    return service.update_question(user=current_user(), question_id=question_id, changes=body)


@blp.route("/quiz-questions/<int:question_id>", methods=["DELETE"])
@responds(403)
@blp.response(200, QuestionSchema)
@login_required
def retire_question(question_id: int):
    """Retire a question: no longer drawn; past attempts keep it."""
    return service.retire_question(user=current_user(), question_id=question_id)


@blp.route("/quiz-questions/import", methods=["POST"])
@responds(403, 404, 409)
@blp.arguments(ImportFormSchema, location="form")
@blp.response(200, ImportReportSchema)
@login_required
def import_questions(form):
    """Upload an .xlsx or .csv bank (multipart field `file`): valid rows are imported, rejected
    rows are listed with their row number and reason."""
    user = current_user()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise BadRequest(
            "Send the bank as a multipart field named file.",
            code="import_file_missing",
            details={"file": ["Required."]},
        )
    content = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise BadRequest("The file is larger than 2 MB.", code="import_file_too_large")
    report = service.import_for_admin(
        user=user,
        content=content,
        filename=upload.filename,
        scope=form["scope"],
        association_id=form.get("association_id"),
        station_id=form.get("station_id"),
    )
    return report.as_dict()
