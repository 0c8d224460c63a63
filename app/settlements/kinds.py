"""The contract between the settlement engine and the domains that settle through it.

A domain registers a kind in its own `settlement.py` (listed in app.domains.SETTLEMENT_MODULES):

    register_kind("service_hours", materialise=hours_to_credit, apply=credit_hour_record)

`materialise(scope)` reads the source data and yields ItemSpecs in a deterministic order; the same
source data always gives the same item keys, so a run materialised twice has the same items.
`apply(item)` posts one item inside the chunk's transaction, flushing only; it must be idempotent
(its ledger transfer carries an idempotency key built from the item), because a chunk may run
again after a crash."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ItemSpec:
    item_key: str  # unique within the run, deterministic, e.g. "hour:123"
    amount: int  # points, or fen for money kinds; an integer, never a float
    user_id: int | None = None
    station_id: int | None = None
    association_id: int | None = None
    reference_type: str | None = None
    reference_id: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    name: str
    materialise: Callable[[dict], Iterable[ItemSpec]]
    apply: Callable[[Any], None]
    description: str = ""


KINDS: dict[str, Kind] = {}


def register_kind(name: str, *, materialise, apply, description: str = "") -> Kind:
    """Declare a settlement kind; registering the same name again replaces it (module reloads)."""
    kind = Kind(name=name, materialise=materialise, apply=apply, description=description)
    KINDS[name] = kind
    return kind
