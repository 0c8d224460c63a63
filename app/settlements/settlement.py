"""The kinds the settlement domain owns itself: the nightly ledger reconciliation."""

import logging
from datetime import date, timedelta

from app.core.time import shanghai_date, utcnow
from app.errors import ValidationFailed
from app.extensions import db
from app.points.reconcile import reconcile
from app.settlements.kinds import register_kind
from app.settlements.models import SettlementAlert

log = logging.getLogger(__name__)


def reconcile_scope(scope: dict) -> dict:
    """{"date": "YYYY-MM-DD"}: the day the check is for (one check per day); default yesterday."""
    unknown = set(scope) - {"date", "association_id"}
    if unknown:
        raise ValidationFailed(
            "Unknown scope fields.", details={"fields": {"scope": [f"Unknown: {sorted(unknown)}"]}}
        )
    day = scope.get("date") or (shanghai_date(utcnow()) - timedelta(days=1)).isoformat()
    try:
        date.fromisoformat(str(day))
    except ValueError:
        raise ValidationFailed(
            "The date must look like 2026-09-13.",
            details={"fields": {"scope.date": ["Not a date."]}},
        ) from None
    return {**scope, "date": str(day)}


def write_alerts(run) -> None:
    """In the transaction that closes the run: one alert row per problem, and a log line."""
    problems = reconcile()
    for problem in problems[:500]:
        db.session.add(
            SettlementAlert(
                run_id=run.id,
                check=problem.check[:64],
                message=str(problem)[:500],
                details=problem.as_dict(),
            )
        )
    if problems:
        log.error(
            "ledger reconciliation %s: %d problem(s): %s",
            run.scope.get("date"),
            len(problems),
            "; ".join(map(str, problems[:10])),
        )
    else:
        log.info("ledger reconciliation %s: clean", run.scope.get("date"))


register_kind(
    "reconcile",
    materialise=lambda scope: iter(()),
    apply=lambda item: None,
    validate_scope=reconcile_scope,
    on_complete=write_alerts,
    description="Nightly ledger reconciliation: an alert row per thing that does not add up.",
)
