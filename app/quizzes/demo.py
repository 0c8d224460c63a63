"""Demo quizzes: the national bank of demo_bank.py, a year-long national campaign and the
lecturer/publicist assessment (测评). Idempotent."""

from datetime import timedelta

from sqlalchemy import select

from app.core.time import utcnow
from app.entrances.models import EntranceKind
from app.entrances.service import create_entrance
from app.extensions import db
from app.quizzes import leaderboard
from app.quizzes.bank import import_questions
from app.quizzes.demo_bank import BANK
from app.quizzes.models import QuizCampaign, Scope

NATIONAL_TITLE = "网络安全知识有奖问答（全国）"
ASSESSMENT_TITLE = "公益讲师/宣传员网络安全知识测评"


def bank_rows() -> list[tuple[int, dict]]:
    rows = []
    for number, (kind, category, difficulty, stem, options, answer, explanation) in enumerate(
        BANK, start=1
    ):
        rows.append(
            (
                number,
                {
                    "kind": kind,
                    "category": category,
                    "difficulty": difficulty,
                    "stem": stem,
                    "options": [
                        {"key": "ABCDEFGH"[i], "text": text} for i, text in enumerate(options or [])
                    ],
                    "answer": list(answer),
                    "explanation": explanation,
                },
            )
        )
    return rows


def _campaign(title: str, **settings) -> tuple[QuizCampaign, bool]:
    campaign = db.session.scalar(select(QuizCampaign).where(QuizCampaign.title == title))
    if campaign is not None:
        return campaign, False
    now = utcnow()
    campaign = QuizCampaign(
        title=title,
        scope=Scope.NATIONAL,
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(days=365),
        categories=[],
        **settings,
    )
    db.session.add(campaign)
    db.session.flush()
    create_entrance(kind=EntranceKind.QUIZ_CAMPAIGN, target_id=campaign.id)
    return campaign, True


def seed_demo(ctx: dict) -> list[str]:
    report = import_questions(
        rows=bank_rows(),
        scope=Scope.NATIONAL,
        association_id=None,
        station_id=None,
        created_by_id=None,
    )
    national, new_national = _campaign(
        NATIONAL_TITLE,
        description="定期问答征集活动：答对得宝盾，可在网安联小程序兑换礼品。",
        questions_per_attempt=10,
        time_limit_seconds=600,
        attempts_per_day=3,
        points_per_correct=2,
        perfect_bonus=10,
        daily_points_cap=60,
        ranking_bonuses=[
            {"rank_from": 1, "rank_to": 3, "points": 200},
            {"rank_from": 4, "rank_to": 10, "points": 100},
        ],
    )
    assessment, new_assessment = _campaign(
        ASSESSMENT_TITLE,
        description="申请公益讲师、公益宣传员前须通过本测评（80分及格）。",
        questions_per_attempt=20,
        time_limit_seconds=1200,
        attempts_per_day=2,
        points_per_correct=0,
        perfect_bonus=0,
        daily_points_cap=0,
        is_assessment=True,
        pass_mark=80,
        ranking_bonuses=[],
    )
    db.session.flush()
    # A new campaign's (empty) leaderboard is complete; an old one's is rebuilt on first read.
    for campaign, new in ((national, new_national), (assessment, new_assessment)):
        if new:
            leaderboard.mark_built(campaign.id)
    ctx["quiz_campaigns"] = {"national": national, "assessment": assessment}
    return [
        f"Quiz bank: {report.imported} questions added ({len(BANK)} in the demo bank); "
        f"campaigns #{national.id} {national.title} and #{assessment.id} {assessment.title}.",
    ]
