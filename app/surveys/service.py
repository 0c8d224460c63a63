"""Survey use cases: define a survey, issue collection links, save progress, submit a response
(flagged automatically, attributed for good to its link) and review flagged responses."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.core import contrib
from app.core.time import as_utc, shanghai_date, to_shanghai, utcnow
from app.core.transactions import use_case
from app.errors import Conflict, NotFound, ValidationFailed
from app.extensions import db
from app.points.models import SystemAccount
from app.points.service import credit_user
from app.stations.errors import AssociationNotFound
from app.stations.models import Association
from app.surveys import counters
from app.surveys.errors import SurveyNotFound, SurveyResponseNotFound
from app.surveys.links import link_for_scene
from app.surveys.models import (
    Flag,
    Survey,
    SurveyDraft,
    SurveyResponse,
    SurveyResponseReview,
    SurveyTarget,
)
from app.surveys.questionnaire import (
    check_answer_shapes,
    check_questionnaire,
    content_flags,
    portrait_values,
)
from app.users.models import User

# A phone's clock may run a little ahead of ours; beyond this a start time is not believable.
CLOCK_SKEW = timedelta(minutes=5)
WINDOWS = ("internal_test", "public_test", "collection")


def get_survey(survey_id: int) -> Survey:
    """The survey, or 404 survey_not_found."""
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise SurveyNotFound()
    return survey


def _check_windows(data: dict) -> None:
    problems = {}
    for name in WINDOWS:
        starts, ends = data.get(f"{name}_starts_at"), data.get(f"{name}_ends_at")
        if (starts is None) != (ends is None):
            problems[f"{name}_ends_at"] = ["Give both the start and the end of the window."]
        elif starts is not None and ends <= starts:
            problems[f"{name}_ends_at"] = ["The window must end after it starts."]
    if problems:
        raise ValidationFailed("The windows are not valid.", details={"fields": problems})


@use_case
def create_survey(*, created_by: User, data: dict) -> Survey:
    """Define a survey (questionnaire, windows, rules, points, subsidy rate). Commits."""
    check_questionnaire(data["questionnaire"])
    _check_windows(data)
    if data.get("association_id") is not None and not db.session.get(
        Association, data["association_id"]
    ):
        raise AssociationNotFound()
    survey = Survey(created_by_id=created_by.id, **data)
    db.session.add(survey)
    return survey


def _submitted(survey_id: int, user_id: int, client_id: str) -> SurveyResponse | None:
    return db.session.scalar(
        select(SurveyResponse).where(
            SurveyResponse.survey_id == survey_id,
            SurveyResponse.user_id == user_id,
            SurveyResponse.client_id == client_id,
        )
    )


@use_case
def save_draft(
    *,
    survey: Survey,
    user: User,
    client_id: str,
    link_scene: str | None,
    started_at: datetime | None,
    answers: dict,
) -> SurveyDraft:
    """Save answers so far (replacing the previous save); 409 once that attempt is submitted.
    Commits."""
    check_answer_shapes(survey.questionnaire, answers)
    if _submitted(survey.id, user.id, client_id) is not None:
        raise Conflict("This questionnaire was already submitted.", code="already_submitted")
    draft = get_draft(survey_id=survey.id, user_id=user.id, client_id=client_id, missing_ok=True)
    if draft is None:
        draft = SurveyDraft(survey_id=survey.id, user_id=user.id, client_id=client_id)
        try:
            with db.session.begin_nested():
                draft.answers, draft.link_scene, draft.started_at = answers, link_scene, started_at
                db.session.add(draft)
        except IntegrityError:
            draft = get_draft(survey_id=survey.id, user_id=user.id, client_id=client_id)
    draft.answers = answers
    draft.link_scene = link_scene or draft.link_scene
    draft.started_at = draft.started_at or started_at
    draft.updated_at = utcnow()
    return draft


def get_draft(
    *, survey_id: int, user_id: int, client_id: str, missing_ok: bool = False
) -> SurveyDraft | None:
    """The user's saved progress for one attempt, or 404 draft_not_found."""
    draft = db.session.scalar(
        select(SurveyDraft).where(
            SurveyDraft.survey_id == survey_id,
            SurveyDraft.user_id == user_id,
            SurveyDraft.client_id == client_id,
        )
    )
    if draft is None and not missing_ok:
        raise NotFound("Nothing saved for this questionnaire.", code="draft_not_found")
    return draft


def window_flag(survey: Survey, at: datetime) -> dict | None:
    """The outside-window flag for a submit time, naming the window it fell in, if any."""
    at = as_utc(at)
    if as_utc(survey.collection_starts_at) <= at < as_utc(survey.collection_ends_at):
        return None
    for name, label in (("internal_test", "internal test"), ("public_test", "public test")):
        starts, ends = getattr(survey, f"{name}_starts_at"), getattr(survey, f"{name}_ends_at")
        if starts is not None and as_utc(starts) <= at < as_utc(ends):
            return {
                "flag": Flag.OUTSIDE_WINDOW,
                "reason": f"Submitted during the {label} window; test answers do not count.",
            }
    when = "before" if at < as_utc(survey.collection_starts_at) else "after"
    return {
        "flag": Flag.OUTSIDE_WINDOW,
        "reason": f"Submitted {when} the collection window "
        f"({to_shanghai(survey.collection_starts_at):%Y-%m-%d %H:%M} to "
        f"{to_shanghai(survey.collection_ends_at):%Y-%m-%d %H:%M} Beijing time).",
    }


@dataclass
class Submitted:
    response: SurveyResponse
    created: bool
    points_awarded: int


def submit_response(
    *,
    survey: Survey,
    user: User,
    link_scene: str,
    client_id: str,
    started_at: datetime,
    answers: dict,
    now: datetime | None = None,
) -> Submitted:
    """Submit once: the response is attributed to its link for good and flagged (outside window,
    too fast, duplicate, straight-lining, incomplete); a re-send with the same client id returns
    the same response. A valid response credits its points once. Commits."""
    now = as_utc(now or utcnow())
    for attempt in range(3):
        try:
            return _submit(survey, user, link_scene, client_id, as_utc(started_at), answers, now)
        except IntegrityError:
            # A concurrent submit of this user committed first (the same attempt re-sent, or
            # another attempt that became the first): run again and see it.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@use_case
def _submit(survey, user, link_scene, client_id, started_at, answers, now) -> Submitted:
    existing = _submitted(survey.id, user.id, client_id)
    if existing is not None:
        return Submitted(existing, False, 0)
    link = link_for_scene(survey=survey, scene=link_scene)
    check_answer_shapes(survey.questionnaire, answers)
    if started_at > now + CLOCK_SKEW:
        raise ValidationFailed(
            "The start time is in the future.",
            code="started_at_in_future",
            details={"fields": {"started_at": ["Must not be later than now."]}},
        )
    duration = max(0, int((now - started_at).total_seconds()))
    flags = []
    outside = window_flag(survey, now)
    if outside:
        flags.append(outside)
    if duration < survey.min_seconds:
        flags.append(
            {
                "flag": Flag.TOO_FAST,
                "reason": f"Answered in {duration} s; at least {survey.min_seconds} s needed.",
            }
        )
    flags += content_flags(
        survey.questionnaire, answers, straight_line_min_rows=survey.straight_line_min_rows
    )
    # Only in-window responses compete for "first from this user": a tester's answer in the
    # test window does not make their real answer a duplicate. The unique key on first_user_id
    # settles a race between two attempts; the loser runs again and sees the winner.
    first = outside is None
    if first and _has_first(survey.id, user.id):
        first = False
        flags.append(_duplicate_flag())
    response = SurveyResponse(
        survey_id=survey.id,
        link_id=link.id,
        station_id=link.station_id,
        association_id=link.association_id,
        user_id=user.id,
        first_user_id=user.id if first else None,
        client_id=client_id,
        started_at=started_at,
        submitted_at=now,
        shanghai_day=shanghai_date(now),
        duration_seconds=duration,
        answers=answers,
        flags=flags,
        auto_valid=not flags,
        is_valid=not flags,
    )
    db.session.add(response)
    db.session.flush()
    counters.count_submitted(response, portrait_values(survey.questionnaire, answers))
    awarded = _credit_points(survey, response)
    draft = get_draft(survey_id=survey.id, user_id=user.id, client_id=client_id, missing_ok=True)
    if draft is not None:
        draft.submitted_response_id = response.id
    return Submitted(response, True, awarded)


def _has_first(survey_id: int, user_id: int) -> bool:
    return (
        db.session.scalar(
            select(SurveyResponse.id).where(
                SurveyResponse.survey_id == survey_id, SurveyResponse.first_user_id == user_id
            )
        )
        is not None
    )


def _duplicate_flag() -> dict:
    return {"flag": Flag.DUPLICATE, "reason": "This WeChat user already answered this survey."}


def _credit_points(survey: Survey, response: SurveyResponse) -> int:
    """Credit the survey's points for a valid response, once per response. Flushes."""
    if not response.is_valid or survey.points <= 0 or response.user_id is None:
        return 0
    result = credit_user(
        user_id=response.user_id,
        amount=survey.points,
        source=SystemAccount.SURVEY_REWARDS,
        idempotency_key=f"survey-response:{response.id}",
        reason=f"Valid answer to survey {survey.title}"[:255],
        reference_type="survey_response",
        reference_id=response.id,
    )
    return 0 if result.replayed else survey.points


def get_response(response_id: int) -> SurveyResponse:
    response = db.session.get(SurveyResponse, response_id)
    if response is None:
        raise SurveyResponseNotFound()
    return response


def review_response(*, response_id: int, reviewer: User, valid: bool, reason: str):
    """Mark a response valid or invalid with a reason; the automatic flags stay. Counters follow,
    and a response made valid earns its points (once, whatever happens later). Commits."""
    return _review(response_id, reviewer, valid, reason)


@use_case
def _review(response_id: int, reviewer: User, valid: bool, reason: str) -> SurveyResponse:
    response = db.session.scalar(
        select(SurveyResponse).where(SurveyResponse.id == response_id).with_for_update()
    )
    if response is None:
        raise SurveyResponseNotFound()
    survey = db.session.get(Survey, response.survey_id)
    was_valid = response.is_valid
    now = utcnow()
    db.session.add(
        SurveyResponseReview(
            response_id=response.id,
            valid=valid,
            was_valid=was_valid,
            reason=reason,
            reviewed_by_id=reviewer.id,
            reviewed_at=now,
        )
    )
    response.reviewed_valid, response.review_reason = valid, reason
    response.reviewed_by_id, response.reviewed_at = reviewer.id, now
    response.is_valid = valid
    if was_valid != valid:
        db.session.flush()
        counters.count_review(
            response, portrait_values(survey.questionnaire, response.answers), now_valid=valid
        )
        db.session.execute(
            update(Survey)
            .where(Survey.id == survey.id)
            .values(review_revision=Survey.review_revision + 1)
        )
        _credit_points(survey, response)
    return response


@use_case
def set_target(
    *, survey: Survey, association_id: int, region_netizens: int, target_share_bp: int
) -> SurveyTarget:
    """Set an association's target for the survey (share of its region's netizens). Commits."""
    if db.session.get(Association, association_id) is None:
        raise AssociationNotFound()
    target = db.session.get(SurveyTarget, (survey.id, association_id))
    if target is None:
        target = SurveyTarget(survey_id=survey.id, association_id=association_id)
        db.session.add(target)
    target.region_netizens, target.target_share_bp = region_netizens, target_share_bp
    target.updated_at = utcnow()
    return target


@contrib.export_section("survey_responses")
def export_responses(user: User) -> list[dict]:
    rows = db.session.scalars(select(SurveyResponse).where(SurveyResponse.user_id == user.id))
    return [
        {
            "survey_id": r.survey_id,
            "submitted_at": r.submitted_at,
            "answers": r.answers,
            "is_valid": r.is_valid,
        }
        for r in rows
    ]


@contrib.delete_hook
def forget_user(user: User) -> None:
    """Drafts go; responses stay in the statistics without the person (and without free text,
    which may identify them)."""
    for draft in db.session.scalars(select(SurveyDraft).where(SurveyDraft.user_id == user.id)):
        db.session.delete(draft)
    for response in db.session.scalars(
        select(SurveyResponse).where(SurveyResponse.user_id == user.id)
    ):
        survey = db.session.get(Survey, response.survey_id)
        text_ids = {q["id"] for q in survey.questionnaire["questions"] if q["type"] == "text"}
        response.answers = {k: v for k, v in response.answers.items() if k not in text_ids}
        response.user_id = None
    db.session.flush()
