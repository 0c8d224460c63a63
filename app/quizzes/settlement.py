"""campaign_close: ranking bonuses of a closed campaign, settled by the settlement engine.

The ranking is read from the database, not Redis: users by correct answers over graded attempts,
ties to whoever reached their total first, then to the lower user id (the leaderboard's order)."""

from collections.abc import Iterator

from sqlalchemy import case, func, select

from app.errors import Conflict
from app.extensions import db
from app.points.models import SystemAccount
from app.points.service import credit_user
from app.quizzes.errors import CampaignNotFound
from app.quizzes.leaderboard import finished_ms
from app.quizzes.models import AttemptStatus, CampaignStatus, QuizAttempt, QuizCampaign
from app.settlements.kinds import ItemSpec, register_kind


def ranking(campaign: QuizCampaign) -> list[dict]:
    """[{rank, user_id, correct_answers, station_id}] for every user with a graded attempt."""
    rows = db.session.execute(
        select(
            QuizAttempt.user_id,
            func.sum(QuizAttempt.correct_count),
            func.max(case((QuizAttempt.correct_count > 0, QuizAttempt.submitted_at))),
            func.min(QuizAttempt.submitted_at),
            func.max(QuizAttempt.station_id),
        )
        .where(
            QuizAttempt.campaign_id == campaign.id,
            QuizAttempt.status == AttemptStatus.SUBMITTED,
        )
        .group_by(QuizAttempt.user_id)
    ).all()
    ordered = sorted(
        rows,
        key=lambda r: (-int(r[1]), finished_ms(campaign, r[2] or r[3]), r[0]),
    )
    return [
        {"rank": index + 1, "user_id": r[0], "correct_answers": int(r[1]), "station_id": r[4]}
        for index, r in enumerate(ordered)
    ]


def bonus_for(rank: int, rules: list[dict]) -> int:
    for rule in rules:
        if rule["rank_from"] <= rank <= rule["rank_to"]:
            return int(rule["points"])
    return 0


def materialise(scope: dict) -> Iterator[ItemSpec]:
    """One item per user whose rank earns a bonus, in rank order."""
    campaign = db.session.get(QuizCampaign, int(scope["campaign_id"]))
    if campaign is None:
        raise CampaignNotFound()
    if campaign.status != CampaignStatus.CLOSED:
        raise Conflict("Close the campaign before settling it.", code="campaign_not_closed")
    for row in ranking(campaign):
        points = bonus_for(row["rank"], campaign.ranking_bonuses or [])
        if points <= 0:
            continue
        yield ItemSpec(
            item_key=f"campaign:{campaign.id}:user:{row['user_id']}",
            amount=points,
            user_id=row["user_id"],
            station_id=row["station_id"],
            reference_type="quiz_campaign",
            reference_id=str(campaign.id),
            payload={"rank": row["rank"], "correct_answers": row["correct_answers"]},
        )


def _field(item, name: str):
    return item[name] if isinstance(item, dict) else getattr(item, name)


def apply(item) -> None:
    """Credit one ranking bonus, once per campaign and user. Flushes only."""
    campaign_id = int(_field(item, "reference_id"))
    user_id = int(_field(item, "user_id"))
    payload = _field(item, "payload") or {}
    campaign = db.session.get(QuizCampaign, campaign_id)
    credit_user(
        user_id=user_id,
        amount=int(_field(item, "amount")),
        source=SystemAccount.CAMPAIGN_BONUSES,
        idempotency_key=f"campaign-bonus:{campaign_id}:{user_id}",
        reason=f"{campaign.title} 排名第{payload.get('rank', '?')}名奖励",
        reference_type="quiz_campaign",
        reference_id=campaign_id,
    )


register_kind(
    "campaign_close",
    materialise=materialise,
    apply=apply,
    description="Ranking bonuses of a closed quiz campaign.",
)
