"""The question pool a campaign draws from, cached briefly per process.

Starting an attempt reads the pool on every start; the bank and campaigns change rarely. Changes
made in this process drop the cache at once (`forget()`); other processes see them within
QUIZ_POOL_CACHE_SECONDS."""

import time

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.quizzes import scoping
from app.quizzes.models import QuizCampaign, QuizQuestion

_pools: dict[int, tuple[float, list[int]]] = {}


def forget() -> None:
    """Drop every cached pool (the bank or a campaign changed)."""
    _pools.clear()


def question_pool(campaign: QuizCampaign) -> list[int]:
    """Ids of the active questions the campaign draws from, cached briefly per process."""
    ttl = current_app.config["QUIZ_POOL_CACHE_SECONDS"]
    cached = _pools.get(campaign.id)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    statement = select(QuizQuestion.id).where(
        QuizQuestion.bank_key.in_(scoping.banks_for_campaign(campaign)),
        QuizQuestion.active.is_(True),
    )
    if campaign.categories:
        statement = statement.where(QuizQuestion.category.in_(campaign.categories))
    ids = list(db.session.scalars(statement))
    if ttl and len(ids) >= campaign.questions_per_attempt:
        _pools[campaign.id] = (time.monotonic() + ttl, ids)
    return ids
