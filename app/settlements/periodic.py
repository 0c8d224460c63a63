"""The periodic settlement job: start (or find) the run of a kind for the current period. Apart
from app/settlements/jobs.py because it starts runs through the service, which enqueues those
jobs."""

import logging
from datetime import timedelta

from app.core.time import to_shanghai, utcnow
from app.settlements import engine, service
from app.settlements.jobs import job

log = logging.getLogger(__name__)


def yesterday() -> dict:
    return {"date": (to_shanghai(utcnow()).date() - timedelta(days=1)).isoformat()}


def this_hour() -> dict:
    return {"hour": to_shanghai(utcnow()).strftime("%Y-%m-%dT%H")}


# Named so that a periodic job's kwargs stay plain data.
SCOPE_BUILDERS = {"yesterday": yesterday, "this_hour": this_hour}


@job
def start_periodic(kind: str, scope_builder: str) -> int | None:
    """Start (or find) the run of `kind` for the current period; returns its id. Kinds that are
    not registered in this deployment are logged and skipped."""
    if kind not in engine.load_kinds():
        log.warning("periodic settlement %s skipped: kind not registered", kind)
        return None
    run = service.start_run(kind=kind, scope=SCOPE_BUILDERS[scope_builder](), created_by_id=None)
    return run.id
