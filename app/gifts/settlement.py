"""Settlement kind `redemption_expiry`: unclaimed redemptions past their deadline give their
points and stock back. One item per redemption, so a retried chunk expires each at most once."""

from collections.abc import Iterable
from datetime import datetime

from app.core.time import utcnow
from app.extensions import db
from app.gifts import service
from app.gifts.models import Redemption
from app.settlements.kinds import ItemSpec, register_kind


def _now(scope: dict) -> datetime:
    value = scope.get("now") or scope.get("until")
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value or utcnow()


def materialise(scope: dict) -> Iterable[ItemSpec]:
    """One item per pending redemption due at scope['now'] (default: now), in id order."""
    now = _now(scope)
    for redemption_id in service.due_redemption_ids(now):
        redemption = db.session.get(Redemption, redemption_id)
        yield ItemSpec(
            item_key=f"redemption:{redemption_id}",
            amount=redemption.points_spent,
            user_id=redemption.user_id,
            station_id=redemption.pickup_station_id,
            reference_type="redemption",
            reference_id=str(redemption_id),
            payload={"redemption_id": redemption_id, "now": now.isoformat()},
        )


def apply(item) -> None:
    """Expire one redemption if still pending and due; refunds carry the redemption's key, so a
    repeated apply (or a cancel that won the race) changes nothing. Flushes only."""
    payload = item.payload if hasattr(item, "payload") else item["payload"]
    service.expire_step(
        redemption_id=int(payload["redemption_id"]),
        now=datetime.fromisoformat(payload["now"]),
    )


register_kind(
    "redemption_expiry",
    materialise=materialise,
    apply=apply,
    description="Expire unclaimed redemptions: refund points and restock.",
)
