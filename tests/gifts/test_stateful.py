"""A hypothesis state machine drives random sequences of award, claw-back, redeem, replay,
cancel, fulfil, expire and restock against a plain-Python model of the books, and checks after
every step that wallets, stock and redemption states match the model and that the ledger
reconciles."""

import itertools
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from app.core.time import utcnow
from app.core.transactions import run_in_transaction
from app.errors import AppError
from app.extensions import db
from app.gifts import catalog, service
from app.gifts.models import Gift, Redemption
from app.points import service as points
from app.points.reconcile import reconcile
from app.users.models import User
from tests.gifts.factories import make_gift

_keys = itertools.count(1)
GIFTS = [  # (price, stock, per-user limit)
    (10, 3, 1),
    (25, 2, 2),
]


def code_of(call) -> str | None:
    try:
        call()
    except AppError as error:
        db.session.rollback()
        return error.code
    return None


@pytest.mark.slow  # ~13 s on MariaDB: hundreds of random redemption sequences
def test_random_sequences_keep_the_books_right(factory, org):
    admin_id, union_id = org["station_admin"].user_id, org["union"].user_id
    station = org["station"]

    class Books(RuleBasedStateMachine):
        redemptions = Bundle("redemptions")

        def __init__(self):
            super().__init__()
            self.users = [factory.user().id for _ in range(3)]
            self.balance = dict.fromkeys(self.users, 0)
            self.gifts = []
            self.stock, self.price, self.limit = {}, {}, {}
            for price, stock, limit in GIFTS:
                gift_id = make_gift(
                    union_id,
                    price_points=price,
                    stock=stock,
                    per_user_limit=limit,
                    pickup_station_ids=[station],
                )
                self.gifts.append(gift_id)
                self.stock[gift_id], self.price[gift_id], self.limit[gift_id] = stock, price, limit
            self.model: dict[int, dict] = {}  # redemption id -> what we expect of it

        def held(self, user_id, gift_id):
            return sum(
                r["quantity"]
                for r in self.model.values()
                if r["user"] == user_id
                and r["gift"] == gift_id
                and r["status"] in ("pending_pickup", "fulfilled")
            )

        def adjust(self, user_id, amount):
            return points.adjust(
                user_id=user_id,
                amount=amount,
                reason="stateful",
                admin_id=union_id,
                idempotency_key=f"hyp:{next(_keys)}",
            )

        @rule(who=st.integers(0, 2), amount=st.integers(1, 60))
        def award(self, who, amount):
            user_id = self.users[who]
            self.adjust(user_id, amount)
            self.balance[user_id] += amount

        @rule(who=st.integers(0, 2), amount=st.integers(1, 60))
        def claw_back(self, who, amount):
            user_id = self.users[who]
            code = code_of(lambda: self.adjust(user_id, -amount))
            if amount > self.balance[user_id]:
                assert code == "insufficient_points"
            else:
                assert code is None
                self.balance[user_id] -= amount

        @rule(
            target=redemptions,
            who=st.integers(0, 2),
            which=st.integers(0, 1),
            quantity=st.integers(1, 2),
        )
        def redeem(self, who, which, quantity):
            user_id, gift_id = self.users[who], self.gifts[which]
            key = f"hyp-redeem:{next(_keys)}"
            cost = self.price[gift_id] * quantity
            if self.stock[gift_id] < quantity:
                expected = "out_of_stock"
            elif self.balance[user_id] < cost:
                expected = "insufficient_points"
            elif self.held(user_id, gift_id) + quantity > self.limit[gift_id]:
                expected = "limit_reached"
            else:
                expected = None
            result = {}

            def call():
                result["id"] = run_in_transaction(
                    lambda: service.redeem_step(
                        user_id=user_id, gift_id=gift_id, idempotency_key=key, quantity=quantity
                    )
                ).id

            assert code_of(call) == expected
            if expected is not None:
                return None
            self.balance[user_id] -= cost
            self.stock[gift_id] -= quantity
            self.model[result["id"]] = {
                "user": user_id,
                "gift": gift_id,
                "quantity": quantity,
                "key": key,
                "status": "pending_pickup",
            }
            return result["id"]

        @rule(redemption=redemptions)
        def replay(self, redemption):
            if redemption is None:
                return
            r = self.model[redemption]
            again = run_in_transaction(
                lambda: service.redeem_step(
                    user_id=r["user"],
                    gift_id=r["gift"],
                    idempotency_key=r["key"],
                    quantity=r["quantity"],
                )
            )
            assert again.id == redemption
            reused = code_of(
                lambda: run_in_transaction(
                    lambda: service.redeem_step(
                        user_id=r["user"],
                        gift_id=r["gift"],
                        idempotency_key=r["key"],
                        quantity=r["quantity"] + 1,
                    )
                )
            )
            assert reused == "idempotency_key_reused"

        @rule(redemption=redemptions)
        def cancel(self, redemption):
            if redemption is None:
                return
            r = self.model[redemption]
            code = code_of(
                lambda: run_in_transaction(
                    lambda: service.cancel_step(redemption_id=redemption, user_id=r["user"])
                )
            )
            if r["status"] == "pending_pickup":
                assert code is None
                self.give_back(r, "cancelled")
            else:
                assert code == "redemption_not_pending"

        @rule(redemption=redemptions)
        def fulfil(self, redemption):
            if redemption is None:
                return
            r = self.model[redemption]
            pickup_code = db.session.get(Redemption, redemption).pickup_code
            code = code_of(
                lambda: run_in_transaction(
                    lambda: service.fulfil_step(
                        station_id=station, pickup_code=pickup_code, admin_id=admin_id
                    )
                )
            )
            if r["status"] == "pending_pickup":
                assert code is None
                r["status"] = "fulfilled"
            else:
                assert code == "pickup_code_invalid"

        @rule(days=st.sampled_from([0, 15]))
        def expire(self, days):
            service.expire_due_redemptions(utcnow() + timedelta(days=days))
            if days:
                for r in self.model.values():
                    if r["status"] == "pending_pickup":
                        self.give_back(r, "expired")

        @rule(which=st.integers(0, 1), units=st.integers(1, 3))
        def restock(self, which, units):
            gift_id = self.gifts[which]
            actor = db.session.get(User, union_id)
            run_in_transaction(
                lambda: catalog.adjust_stock_step(
                    actor=actor, gift_id=gift_id, delta=units, note="stateful"
                )
            )
            self.stock[gift_id] += units

        def give_back(self, r, status):
            r["status"] = status
            self.balance[r["user"]] += self.price[r["gift"]] * r["quantity"]
            self.stock[r["gift"]] += r["quantity"]

        @invariant()
        def books_match_the_model(self):
            db.session.expire_all()
            for user_id, expected in self.balance.items():
                assert points.balance_of(user_id) == expected
            for gift_id, expected in self.stock.items():
                assert db.session.get(Gift, gift_id).stock == expected
            if self.model:
                statuses = dict(
                    db.session.execute(
                        select(Redemption.id, Redemption.status).where(
                            Redemption.id.in_(self.model)
                        )
                    ).all()
                )
                assert statuses == {rid: r["status"] for rid, r in self.model.items()}
            assert reconcile() == []

    run_state_machine_as_test(
        Books,
        settings=settings(
            max_examples=20,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
