"""The ledger core under concurrency, called the way other domains call it."""

import threading

import pytest

from app.core.transactions import run_in_transaction
from app.points import service as points
from app.points.models import SystemAccount
from app.points.reconcile import reconcile
from app.points.service import IdempotencyKeyReused, InsufficientPoints
from tests.points.factories import fund


def debit(user_id, amount, key):
    return run_in_transaction(
        lambda: points.debit_user(
            user_id=user_id,
            amount=amount,
            sink=SystemAccount.REDEMPTIONS,
            idempotency_key=key,
            reason="测试扣减",
        )
    )


def test_same_key_different_request_is_refused(factory):
    """A key already used for 10 points cannot be reused for 11 (409), and moves nothing."""
    user = factory.user()
    fund(user.id, 10, key="award:1")
    with pytest.raises(IdempotencyKeyReused):
        fund(user.id, 11, key="award:1")
    assert points.balance_of(user.id) == 10


@pytest.mark.mariadb
def test_concurrent_debits_never_overdraw(app, factory):
    """A 100-point wallet hit by 40 concurrent 10-point debits pays out exactly 10 of them."""
    user_id = factory.user().id  # ORM objects stay in this thread's session
    fund(user_id, 100)
    barrier = threading.Barrier(40)
    outcomes = []

    def spend(n):
        with app.app_context():
            barrier.wait()
            try:
                debit(user_id, 10, f"spend:{n}")
                outcomes.append("ok")
            except InsufficientPoints:
                outcomes.append("insufficient")
            finally:
                from app.extensions import db

                db.session.remove()

    threads = [threading.Thread(target=spend, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 10 and outcomes.count("insufficient") == 30
    assert points.balance_of(user_id) == 0
    assert reconcile() == []
