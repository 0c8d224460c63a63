"""The contract between the settlement engine and the domains that settle through it.

A domain registers a kind in its own `settlement.py` (listed in app.domains.SETTLEMENT_MODULES):

    register_kind("service_hours", materialise=hours_to_credit, apply=credit_hour_record)

`materialise(scope)` reads the source data and yields ItemSpecs in a deterministic order; the same
source data always gives the same item keys, so a run materialised twice has the same items.
`apply(item)` posts one item inside the chunk's transaction, flushing only; it must be idempotent
(its ledger transfer carries an idempotency key built from the item), because a chunk may run
again after a crash. `item` is an `Item`: the ItemSpec fields plus the run it belongs to;
`item.idempotency_key` is "settle:<kind>:<item_key>", so an item key that names its cause (an hour
record, a redemption) is credited once across every run of the kind.

Optional hooks, all defaulting to None:
- `apply_many(items)`: posts a whole chunk at once (set-based SQL, see app.points.bulk); used
  instead of `apply` when given. Same rules: flush only, idempotent.
- `validate_scope(scope) -> dict`: checks and normalises an admin's scope; raises
  app.errors.ValidationFailed.
- `on_complete(run)`: runs once, in the transaction that marks the run done (the reconcile kind
  writes its alerts there).

Set-based hooks for big runs, used on MySQL/MariaDB only (the embedded SQLite default keeps
`materialise` and `apply_many`/`apply`, which a kind must still give):
- `materialise_sql(scope) -> (sql, params)`: one SELECT over the source data with the columns
  item_key, amount, user_id, station_id, association_id, reference_type, reference_id and
  `position` (unique, deterministic: the item order). The engine inserts its rows into
  settlement_items with ONE `INSERT ... SELECT` instead of fetching them into Python. Bind
  parameters are `:name` (write a literal colon followed by a word character as `\\:`); amounts
  must be whole numbers; items have no payload. A duplicate item key fails the run's start.
- `apply_sql(chunk)`: posts the chunk's items straight from settlement_items with set-based SQL
  (see app.points.bulk.credit_items); `chunk` is a ChunkRef. Used instead of `apply_many`/`apply`.
  Same rules: flush only, idempotent."""

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


@dataclass(frozen=True, slots=True)
class Item:
    """A materialised item as `apply` and `apply_many` see it."""

    id: int
    run_id: int
    kind: str
    item_key: str
    amount: int
    user_id: int | None
    station_id: int | None
    association_id: int | None
    reference_type: str | None
    reference_id: str | None
    payload: dict[str, Any] | None

    @property
    def idempotency_key(self) -> str:
        return f"settle:{self.kind}:{self.item_key}"


@dataclass(frozen=True, slots=True)
class ChunkRef:
    """The chunk an `apply_sql` hook posts: its items are settlement_items(run_id, chunk_no)."""

    run_id: int
    chunk_no: int
    kind: str

    @property
    def key_prefix(self) -> str:
        """Prefix of its items' idempotency keys: key = key_prefix + item_key."""
        return f"settle:{self.kind}:"


@dataclass(frozen=True)
class Kind:
    name: str
    materialise: Callable[[dict], Iterable[ItemSpec]]
    apply: Callable[[Any], None]
    description: str = ""
    apply_many: Callable[[list[Item]], None] | None = None
    validate_scope: Callable[[dict], dict] | None = None
    on_complete: Callable[[Any], None] | None = None
    materialise_sql: Callable[[dict], tuple[str, dict[str, Any]]] | None = None
    apply_sql: Callable[[ChunkRef], None] | None = None


KINDS: dict[str, Kind] = {}


def register_kind(
    name: str,
    *,
    materialise,
    apply,
    description: str = "",
    apply_many=None,
    validate_scope=None,
    on_complete=None,
    materialise_sql=None,
    apply_sql=None,
) -> Kind:
    """Declare a settlement kind; registering the same name again replaces it (module reloads)."""
    kind = Kind(
        name=name,
        materialise=materialise,
        apply=apply,
        description=description,
        apply_many=apply_many,
        validate_scope=validate_scope,
        on_complete=on_complete,
        materialise_sql=materialise_sql,
        apply_sql=apply_sql,
    )
    KINDS[name] = kind
    return kind
