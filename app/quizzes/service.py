"""The quizzes domain's use cases, for routes, the CLI and other domains.

Other domains import from here: `passed_assessment` (qualification applications) is the one
they need."""

from datetime import datetime

from sqlalchemy import or_, select

from app.core import contrib
from app.extensions import db
from app.quizzes import leaderboard
from app.quizzes.attempts import (
    attempt_history,
    attempt_view,
    public_questions,
    start_attempt,
    submit_attempt,
)
from app.quizzes.bank import (
    create_question,
    get_question_for_admin,
    import_for_admin,
    import_questions,
    list_questions,
    retire_question,
    update_question,
)
from app.quizzes.campaigns import (
    active_campaigns,
    admin_campaigns,
    close_campaign,
    create_campaign,
    entrance_scene,
    update_campaign,
    visible_campaign,
)
from app.quizzes.models import AttemptStatus, QuizAttempt, QuizCampaign, Scope
from app.stations.models import Station
from app.users.models import User

__all__ = [
    "active_campaigns",
    "admin_campaigns",
    "attempt_history",
    "attempt_view",
    "close_campaign",
    "create_campaign",
    "create_question",
    "entrance_scene",
    "get_question_for_admin",
    "import_for_admin",
    "import_questions",
    "list_questions",
    "passed_assessment",
    "public_questions",
    "retire_question",
    "start_attempt",
    "submit_attempt",
    "update_campaign",
    "update_question",
    "visible_campaign",
]


def passed_assessment(
    *, user_id: int, since: datetime, association_id: int | None = None
) -> dict | None:
    """The user's newest passed attempt of an assessment campaign submitted at or after `since`
    (national ones, or the association's when association_id is given), as
    {attempt_id, campaign_id, score, pass_mark, submitted_at}; None when there is none."""
    statement = (
        select(QuizAttempt)
        .join(QuizCampaign, QuizCampaign.id == QuizAttempt.campaign_id)
        .where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.status == AttemptStatus.SUBMITTED,
            QuizAttempt.passed.is_(True),
            QuizAttempt.submitted_at >= since,
            QuizCampaign.is_assessment.is_(True),
        )
        .order_by(QuizAttempt.submitted_at.desc(), QuizAttempt.id.desc())
        .limit(1)
    )
    if association_id is not None:
        statement = statement.where(
            or_(
                QuizCampaign.scope == Scope.NATIONAL,
                QuizCampaign.association_id == association_id,
            )
        )
    attempt = db.session.scalar(statement)
    if attempt is None:
        return None
    return {
        "attempt_id": attempt.id,
        "campaign_id": attempt.campaign_id,
        "score": attempt.score,
        "pass_mark": attempt.pass_mark,
        "submitted_at": attempt.submitted_at,
    }


@contrib.export_section("quiz_attempts")
def export_attempts(user) -> list[dict]:
    """The user's attempts and their answers, for the personal-data export."""
    rows = db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.user_id == user.id).order_by(QuizAttempt.id)
    )
    return [
        {
            "id": a.id,
            "campaign_id": a.campaign_id,
            "status": a.status,
            "started_at": a.started_at,
            "submitted_at": a.submitted_at,
            "answers": a.answers,
            "score": a.score,
            "points_awarded": a.points_awarded,
        }
        for a in rows
    ]


def leaderboard_view(*, user, campaign_id: int, scope: str, by: str, limit: int) -> dict:
    """The campaign's top users or stations, with names, and the asking user's own place.
    Minors' nicknames are not shown (PRODUCT.md §10)."""
    campaign = visible_campaign(user=user, campaign_id=campaign_id)
    if scope == "stations":
        rows = leaderboard.top_stations(campaign, by=by, limit=limit)
        names = dict(
            db.session.execute(
                select(Station.id, Station.name).where(
                    Station.id.in_([r["station_id"] for r in rows])
                )
            ).all()
        )
        for row in rows:
            row["name"] = names.get(row["station_id"], "")
        return {"campaign_id": campaign.id, "scope": scope, "by": by, "items": rows, "me": None}
    rows = leaderboard.top_users(campaign, limit=limit)
    me = leaderboard.rank_of(campaign, user.id)
    wanted = {r["user_id"] for r in rows} | ({me["user_id"]} if me else set())
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(wanted)))}
    for row in [*rows, *([me] if me else [])]:
        person = people.get(row["user_id"])
        shown = person and person.nickname and person.may_be_listed_publicly
        row["name"] = person.nickname if shown else f"网友{row['user_id'] % 10000:04d}"
    return {"campaign_id": campaign.id, "scope": scope, "by": "correct", "items": rows, "me": me}
