"""Test data for the gifts tests, behind the one-line fixtures of conftest.py. Tests import
these from here, never from a conftest."""

import uuid

from app.core.transactions import run_in_transaction
from app.extensions import db
from app.gifts import catalog
from app.gifts.models import GiftScope
from app.users.models import User
from tests.points.factories import fund  # noqa: F401  (re-exported for the gift tests)


def make_gift(actor_id: int, **values):
    """A gift created through the catalog service; returns its id."""
    data = {
        "name": values.pop("name", "测试礼品"),
        "price_points": values.pop("price_points", 10),
        "stock": values.pop("stock", 5),
        "per_user_limit": values.pop("per_user_limit", 1),
        "scope": values.pop("scope", GiftScope.NATIONAL),
        "sponsor": values.pop("sponsor", "测试支持单位"),
        **values,
    }
    gift = run_in_transaction(
        lambda: catalog.create_gift_step(actor=db.session.get(User, actor_id), data=data)
    )
    return gift.id


def key() -> str:
    return uuid.uuid4().hex
