"""Attempts: drawing questions, grading, crediting points once, and the user's history.

The guarantees live in the database: one open attempt per user and campaign (a unique
`open_slot`), one grading per attempt (a conditional UPDATE open → submitted/expired whose
rowcount is checked), attempts per day and the daily points cap in a per-day tally row (a
conditional UPDATE, and a row lock), and one credit per attempt (the ledger's idempotency key)."""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.core.time import shanghai_date, utcnow
from app.core.transactions import run_in_transaction, use_case
from app.errors import Conflict, NotFound
from app.extensions import db
from app.points.models import SystemAccount
from app.points.service import credit_user
from app.quizzes import leaderboard
from app.quizzes.campaigns import visible_campaign
from app.quizzes.models import (
    AttemptStatus,
    CampaignStatus,
    QuizAttempt,
    QuizCampaign,
    QuizDailyTally,
    QuizQuestion,
)
from app.quizzes.pools import question_pool
from app.users.models import User


def grace() -> timedelta:
    return timedelta(seconds=current_app.config["QUIZ_SUBMIT_GRACE_SECONDS"])


def _tally(*, user_id: int, campaign_id: int, day: date) -> QuizDailyTally:
    """The (user, campaign, day) tally row, created on first use (safe when two race)."""
    where = (
        QuizDailyTally.user_id == user_id,
        QuizDailyTally.campaign_id == campaign_id,
        QuizDailyTally.day == day,
    )
    row = db.session.scalar(select(QuizDailyTally).where(*where))
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = QuizDailyTally(user_id=user_id, campaign_id=campaign_id, day=day)
            db.session.add(row)
    except IntegrityError:
        row = db.session.scalar(select(QuizDailyTally).where(*where))
    return row


def _take_daily_attempt(*, user_id: int, campaign: QuizCampaign, day: date) -> None:
    """Count one more attempt today, or 409 when the day's attempts are used up."""
    row = _tally(user_id=user_id, campaign_id=campaign.id, day=day)
    result = db.session.execute(
        update(QuizDailyTally)
        .where(
            QuizDailyTally.id == row.id,
            QuizDailyTally.attempts_started < campaign.attempts_per_day,
        )
        .values(attempts_started=QuizDailyTally.attempts_started + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict(
            f"You have used today's {campaign.attempts_per_day} attempts; come back tomorrow.",
            code="daily_attempts_exhausted",
            details={"attempts_per_day": campaign.attempts_per_day},
        )


def _capped_award(*, user_id: int, campaign: QuizCampaign, day: date, earned: int) -> int:
    """Points still allowed today, added to the tally. Usually one conditional UPDATE (the whole
    award fits under the cap); only a submit that meets the cap reads the tally under its row
    lock to award the rest."""
    row = _tally(user_id=user_id, campaign_id=campaign.id, day=day)
    whole = db.session.execute(
        update(QuizDailyTally)
        .where(
            QuizDailyTally.id == row.id,
            QuizDailyTally.points_awarded + earned <= campaign.daily_points_cap,
        )
        .values(points_awarded=QuizDailyTally.points_awarded + earned)
        .execution_options(synchronize_session=False)
    )
    if whole.rowcount == 1:
        return earned
    awarded = db.session.scalar(
        select(QuizDailyTally.points_awarded)
        .where(QuizDailyTally.id == row.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    award = max(0, min(earned, campaign.daily_points_cap - awarded))
    if award:
        db.session.execute(
            update(QuizDailyTally)
            .where(QuizDailyTally.id == row.id)
            .values(points_awarded=QuizDailyTally.points_awarded + award)
            .execution_options(synchronize_session=False)
        )
    return award


def _expire(attempt: QuizAttempt, reason: str) -> None:
    db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.status == AttemptStatus.OPEN)
        .values(status=AttemptStatus.EXPIRED, open_slot=None, no_points_reason=reason)
        .execution_options(synchronize_session=False)
    )


def start_attempt(*, user: User, campaign_id: int, now: datetime | None = None) -> dict:
    """Draw the questions of a new attempt, or give back the open one (one open attempt per user
    and campaign); counts against the day's attempts. Commits once."""
    now = now or utcnow()
    campaign = visible_campaign(user=user, campaign_id=campaign_id)
    if campaign.status == CampaignStatus.CLOSED:
        raise Conflict("The campaign is closed.", code="campaign_closed")
    if now < campaign.starts_at:
        raise Conflict("The campaign has not started yet.", code="campaign_not_started")
    if now >= campaign.ends_at:
        raise Conflict("The campaign has ended.", code="campaign_ended")
    slot = f"{campaign.id}:{user.id}"

    def work() -> tuple[QuizAttempt, bool]:
        existing = db.session.scalar(select(QuizAttempt).where(QuizAttempt.open_slot == slot))
        if existing is not None:
            if now <= existing.deadline + grace():
                return existing, True
            _expire(existing, "abandoned")
        pool = question_pool(campaign)
        if len(pool) < campaign.questions_per_attempt:
            raise Conflict(
                "The campaign's question bank is too small for an attempt.",
                code="campaign_bank_too_small",
            )
        drawn = random.sample(pool, campaign.questions_per_attempt)
        try:
            with db.session.begin_nested():
                _take_daily_attempt(user_id=user.id, campaign=campaign, day=shanghai_date(now))
                attempt = QuizAttempt(
                    campaign_id=campaign.id,
                    user_id=user.id,
                    station_id=user.first_station_id,
                    open_slot=slot,
                    status=AttemptStatus.OPEN,
                    question_ids=drawn,
                    question_count=len(drawn),
                    started_at=now,
                    deadline=now + timedelta(seconds=campaign.time_limit_seconds),
                    pass_mark=campaign.pass_mark if campaign.is_assessment else None,
                )
                db.session.add(attempt)
        except IntegrityError:
            # A concurrent start won the slot (and its day count was never taken here).
            winner = db.session.scalar(select(QuizAttempt).where(QuizAttempt.open_slot == slot))
            if winner is None:
                raise
            return winner, True
        return attempt, False

    attempt, resumed = run_in_transaction(work)
    return {
        "attempt_id": attempt.id,
        "campaign_id": campaign.id,
        "deadline": attempt.deadline,
        "time_limit_seconds": campaign.time_limit_seconds,
        "resumed": resumed,
        "questions": public_questions(attempt.question_ids),
    }


def public_questions(question_ids: list[int]) -> list[dict]:
    """What a participant may see before submitting: no answer, no explanation."""
    rows = db.session.execute(
        select(
            QuizQuestion.id,
            QuizQuestion.kind,
            QuizQuestion.stem,
            QuizQuestion.options,
            QuizQuestion.category,
            QuizQuestion.difficulty,
        ).where(QuizQuestion.id.in_(question_ids))
    )
    by_id = {row.id: row._asdict() for row in rows}
    return [by_id[qid] for qid in question_ids if qid in by_id]


def _own_attempt(user: User, attempt_id: int) -> QuizAttempt:
    attempt = db.session.get(QuizAttempt, attempt_id, populate_existing=True)
    if attempt is None or attempt.user_id != user.id:
        raise NotFound("No such attempt.", code="attempt_not_found")
    return attempt


def _grade(question_ids: list[int], answers: dict[str, list[str]]):
    questions = {
        q.id: q
        for q in db.session.scalars(select(QuizQuestion).where(QuizQuestion.id.in_(question_ids)))
    }
    kept = {
        int(k): sorted({a.strip().upper() for a in v})
        for k, v in answers.items()
        if k.isdigit() and int(k) in question_ids
    }
    ignored = {k: "not_drawn" for k in answers if not (k.isdigit() and int(k) in question_ids)}
    graded = []
    for qid in question_ids:
        question = questions.get(qid)
        if question is None:
            continue
        given = kept.get(qid, [])
        graded.append(
            {
                "id": qid,
                "kind": question.kind,
                "stem": question.stem,
                "options": question.options,
                "category": question.category,
                "your_answer": given,
                "answer": sorted(question.answer),
                "correct": given == sorted(question.answer),
                "explanation": question.explanation,
            }
        )
    return graded, kept, ignored


@dataclass(frozen=True)
class Graded:
    """A committed grading: the answer for the user, and what the leaderboard needs after it."""

    view: dict
    campaign: QuizCampaign
    station_id: int | None


@use_case
def grade_attempt(
    *, user: User, attempt_id: int, answers: dict[str, list[str]], now: datetime
) -> Graded:
    """Grade an attempt once and credit its points once, within the daily cap. A second or
    concurrent submit is a 409; a late one, or one after the campaign closed, earns nothing;
    answers to questions not drawn are ignored and listed. One transaction."""
    attempt = _own_attempt(user, attempt_id)
    if attempt.status != AttemptStatus.OPEN:
        raise Conflict(
            "This attempt has already been submitted; it earns nothing again.",
            code="attempt_already_submitted",
            details={"status": attempt.status},
        )
    campaign = db.session.get(QuizCampaign, attempt.campaign_id)
    graded, kept, ignored = _grade(attempt.question_ids, answers)
    correct = sum(1 for g in graded if g["correct"])
    total = attempt.question_count or 1
    score = correct * 100 // total
    earned = correct * campaign.points_per_correct
    if correct == attempt.question_count:
        earned += campaign.perfect_bonus
    late = now > attempt.deadline + grace()
    reason = None
    if late:
        reason = "deadline_passed"
    elif campaign.status == CampaignStatus.CLOSED:
        reason = "campaign_closed"
    passed = None if attempt.pass_mark is None or late else score >= attempt.pass_mark
    result = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.status == AttemptStatus.OPEN)
        .values(
            status=AttemptStatus.EXPIRED if late else AttemptStatus.SUBMITTED,
            open_slot=None,
            submitted_at=now,
            answers={str(k): v for k, v in kept.items()},
            correct_count=correct,
            score=score,
            points_earned=earned,
            passed=passed,
            no_points_reason=reason,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict(
            "This attempt has already been submitted; it earns nothing again.",
            code="attempt_already_submitted",
        )
    awarded = 0
    if reason is None and earned > 0:
        awarded = _capped_award(
            user_id=user.id, campaign=campaign, day=shanghai_date(now), earned=earned
        )
        if awarded < earned:
            reason = "daily_cap_reached"
        db.session.execute(
            update(QuizAttempt)
            .where(QuizAttempt.id == attempt.id)
            .values(points_awarded=awarded, no_points_reason=reason)
            .execution_options(synchronize_session=False)
        )
        if awarded:
            credit_user(
                user_id=user.id,
                amount=awarded,
                source=SystemAccount.QUIZ_REWARDS,
                idempotency_key=f"quiz-attempt:{attempt.id}",
                reason=f"答题奖励：{campaign.title}",
                reference_type="quiz_attempt",
                reference_id=attempt.id,
            )
    view = {
        "attempt_id": attempt.id,
        "campaign_id": campaign.id,
        "status": AttemptStatus.EXPIRED if late else AttemptStatus.SUBMITTED,
        "submitted_at": now,
        "correct_count": correct,
        "question_count": attempt.question_count,
        "score": score,
        "points_earned": earned,
        "points_awarded": awarded,
        "no_points_reason": reason,
        "is_assessment": attempt.pass_mark is not None,
        "pass_mark": attempt.pass_mark,
        "passed": passed,
        "ignored_answers": ignored,
        "questions": graded,
    }
    return Graded(view=view, campaign=campaign, station_id=attempt.station_id)


def submit_attempt(
    *, user: User, attempt_id: int, answers: dict[str, list[str]], now: datetime | None = None
) -> dict:
    """grade_attempt, then, after its commit, the leaderboard: a Redis write that must neither
    undo nor hold up points already booked."""
    now = now or utcnow()
    graded = grade_attempt(user=user, attempt_id=attempt_id, answers=answers, now=now)
    if graded.view["status"] == AttemptStatus.SUBMITTED:
        leaderboard.record_attempt(
            campaign=graded.campaign,
            attempt_id=graded.view["attempt_id"],
            user_id=user.id,
            correct=graded.view["correct_count"],
            submitted_at=now,
            station_id=graded.station_id,
        )
    return graded.view


def attempt_view(*, user: User, attempt_id: int) -> dict:
    """An open attempt's questions (no answers) or a finished attempt's full result."""
    attempt = _own_attempt(user, attempt_id)
    base = {
        "attempt_id": attempt.id,
        "campaign_id": attempt.campaign_id,
        "status": attempt.status,
        "deadline": attempt.deadline,
        "submitted_at": attempt.submitted_at,
    }
    if attempt.status == AttemptStatus.OPEN:
        return {**base, "questions": public_questions(attempt.question_ids)}
    graded, _, _ = _grade(attempt.question_ids, attempt.answers or {})
    return {
        **base,
        "correct_count": attempt.correct_count,
        "question_count": attempt.question_count,
        "score": attempt.score,
        "points_earned": attempt.points_earned,
        "points_awarded": attempt.points_awarded,
        "no_points_reason": attempt.no_points_reason,
        "is_assessment": attempt.pass_mark is not None,
        "pass_mark": attempt.pass_mark,
        "passed": attempt.passed,
        "questions": graded,
    }


def attempt_history(*, user: User, page: int, per_page: int) -> dict:
    """The user's attempts, newest first, without questions."""
    statement = (
        select(QuizAttempt, QuizCampaign.title)
        .join(QuizCampaign, QuizCampaign.id == QuizAttempt.campaign_id)
        .where(QuizAttempt.user_id == user.id)
        .order_by(QuizAttempt.started_at.desc(), QuizAttempt.id.desc())
    )
    total = db.session.scalar(
        select(func.count()).select_from(QuizAttempt).where(QuizAttempt.user_id == user.id)
    )
    rows = db.session.execute(statement.limit(per_page).offset((page - 1) * per_page)).all()
    items = [{**_summary(attempt), "campaign_title": title} for attempt, title in rows]
    return {"items": items, "page": page, "per_page": per_page, "total": total}


def _summary(attempt: QuizAttempt) -> dict:
    return {
        name: getattr(attempt, name)
        for name in (
            "id",
            "campaign_id",
            "status",
            "started_at",
            "deadline",
            "submitted_at",
            "correct_count",
            "question_count",
            "score",
            "points_awarded",
            "no_points_reason",
            "passed",
        )
    }
