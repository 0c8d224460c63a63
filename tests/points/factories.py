"""Test data for the points tests, behind the one-line fixtures of conftest.py. Tests import
these from here, never from a conftest."""

import itertools
import uuid

from app.core.transactions import run_in_transaction
from app.points import service as points
from app.points.models import SystemAccount

_keys = itertools.count(1)


def fund(user_id: int, amount: int, key: str | None = None):
    """Credit a wallet from quiz rewards in its own transaction."""
    return run_in_transaction(
        lambda: points.credit_user(
            user_id=user_id,
            amount=amount,
            source=SystemAccount.QUIZ_REWARDS,
            idempotency_key=key or f"test-fund:{next(_keys)}",
            reason="测试奖励",
            reference_type="quiz_attempt",
            reference_id=next(_keys),
        )
    )


def new_key() -> str:
    return uuid.uuid4().hex
