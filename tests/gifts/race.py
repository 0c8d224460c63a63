"""A reusable race harness: a pool of worker threads, each with its own app context and session,
released together by a Barrier once per round, calling a redeem function directly (not HTTP,
so 200 rounds of 100+ threads fit in CI). Used by the race test against the real service and
against the naive read-then-write version, which it must catch."""

import queue
import random
import threading
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import select

from app.core.transactions import run_in_transaction
from app.errors import AppError
from app.extensions import db
from app.gifts.models import Gift
from app.points import service as points
from app.points.models import PointAccount, SystemAccount

PRICE = 10
LIMIT = 2
EXPECTED_REFUSALS = {"insufficient_points", "out_of_stock", "limit_reached"}


@contextmanager
def wide_pool(size: int):
    """Give the engine a pool as wide as the thread count (the default 5+10 would queue), keeping
    the pool's event hooks (READ COMMITTED on connect)."""
    engine = db.engine
    old = engine.pool
    engine.pool = type(old)(
        old._creator,
        pool_size=size,
        max_overflow=10,
        timeout=120,
        pre_ping=True,
        reset_on_return=old._reset_on_return,
        _dispatch=old.dispatch,
        dialect=old._dialect,
    )
    try:
        yield
    finally:
        engine.pool.dispose()
        engine.pool = old


class ThreadPoolHarness:
    """N threads started once; run_round(jobs) hands one job to each and releases them at once."""

    def __init__(self, app, threads: int):
        self.app = app
        self.size = threads
        self.barrier = threading.Barrier(threads)
        self.inboxes = [queue.Queue() for _ in range(threads)]
        self.results: queue.Queue = queue.Queue()
        self.threads = [
            threading.Thread(target=self._work, args=(inbox,), daemon=True)
            for inbox in self.inboxes
        ]
        for thread in self.threads:
            thread.start()

    def _work(self, inbox: queue.Queue) -> None:
        with self.app.app_context():
            while True:
                job = inbox.get()
                if job is None:
                    return
                index, fn = job
                self.barrier.wait()
                try:
                    outcome = fn()
                except AppError as error:
                    outcome = error.code
                except Exception as error:  # reported, never swallowed: the round fails
                    outcome = f"crash:{type(error).__name__}:{error}"
                finally:
                    db.session.remove()
                self.results.put((index, outcome))

    def run_round(self, jobs: list[Callable[[], object]]) -> list[object]:
        assert len(jobs) == self.size
        for index, (inbox, fn) in enumerate(zip(self.inboxes, jobs, strict=True)):
            inbox.put((index, fn))
        outcomes = [None] * self.size
        for _ in range(self.size):
            index, outcome = self.results.get(timeout=300)
            outcomes[index] = outcome
        return outcomes

    def stop(self) -> None:
        for inbox in self.inboxes:
            inbox.put(None)
        for thread in self.threads:
            thread.join(timeout=30)


@dataclass
class Round:
    gift_id: int
    stock: int
    funds: dict[int, int]
    allowed: dict[int, int]
    attempts: list[int]  # user id of each thread's attempt
    violations: list[str] = field(default_factory=list)


def set_wallets(targets: dict[int, int], round_no: int) -> None:
    """Bring each wallet to exactly its target with one adjustment each, in one transaction."""

    def work():
        for user_id, target in targets.items():
            delta = target - points.balance_of(user_id)
            common = dict(
                user_id=user_id,
                amount=abs(delta),
                idempotency_key=f"race:{round_no}:{user_id}",
                reason="race test funding",
            )
            if delta > 0:
                points.credit_user(source=SystemAccount.ADJUSTMENTS, **common)
            elif delta < 0:
                points.debit_user(sink=SystemAccount.ADJUSTMENTS, **common)

    run_in_transaction(work)


def plan_round(rng: random.Random, round_no: int, user_ids: list[int], threads: int, gift_id):
    """Fund wallets for only some redemptions and stock the gift below or above the demand."""
    funds = {u: rng.choice([0, 5, PRICE, PRICE + 5, 2 * PRICE, 3 * PRICE]) for u in user_ids}
    attempts = [user_ids[i % len(user_ids)] for i in range(threads)]
    per_user = Counter(attempts)
    allowed = {u: min(LIMIT, funds[u] // PRICE, per_user[u]) for u in user_ids}
    demand = sum(allowed.values())
    stock = max(0, demand - rng.randint(1, 8)) if round_no % 2 == 0 else demand + rng.randint(0, 5)
    set_wallets(funds, round_no)
    return Round(
        gift_id=gift_id(stock), stock=stock, funds=funds, allowed=allowed, attempts=attempts
    )


def check_round(plan: Round, outcomes: list) -> list[str]:
    """What the books must show after the round; returns the violations found."""
    problems = []
    won = Counter(u for u, o in zip(plan.attempts, outcomes, strict=True) if isinstance(o, int))
    refused = Counter(o for o in outcomes if not isinstance(o, int))
    odd = set(refused) - EXPECTED_REFUSALS
    if odd:
        problems.append(f"unexpected outcomes {dict(refused)}")
    expected = min(plan.stock, sum(plan.allowed.values()))
    if sum(won.values()) != expected:
        problems.append(
            f"{sum(won.values())} redemptions succeeded, stock and funds allow {expected}"
        )
    db.session.expire_all()
    stock = db.session.scalar(select(Gift.stock).where(Gift.id == plan.gift_id))
    if stock != plan.stock - sum(won.values()) or stock < 0:
        problems.append(f"stock {stock} after {sum(won.values())} of {plan.stock} taken")
    balances = dict(
        db.session.execute(
            select(PointAccount.user_id, PointAccount.balance).where(
                PointAccount.user_id.in_(plan.funds)
            )
        ).all()
    )
    for user_id, funded in plan.funds.items():
        if won[user_id] > plan.allowed[user_id]:
            problems.append(f"user {user_id} won {won[user_id]}, allowed {plan.allowed[user_id]}")
        if (
            balances.get(user_id, 0) != funded - PRICE * won[user_id]
            or balances.get(user_id, 0) < 0
        ):
            problems.append(
                f"user {user_id} balance {balances.get(user_id)} after {won[user_id]} wins"
            )
    if plan.stock >= sum(plan.allowed.values()) and won != +Counter(plan.allowed):
        problems.append("funds-bound round: someone did not get what they could afford")
    return problems
