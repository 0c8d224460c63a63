"""Jobs of the surveys domain: plain functions run by RQ. (The responses export job,
`export.run_export`, stays beside the writer it wraps.)"""

import logging

from sqlalchemy import select

from app.core.time import utcnow
from app.extensions import db
from app.settlements import engine, service
from app.surveys.models import Survey

log = logging.getLogger(__name__)


def start_closed_survey_subsidies() -> list[int]:
    """Start the subsidy run of every survey whose collection window has closed (a run is keyed by
    its scope, so a survey already settled is found, not settled again); returns the run ids."""
    if "survey_subsidy" not in engine.load_kinds():
        log.warning("survey subsidy skipped: kind not registered")
        return []
    closed = db.session.scalars(
        select(Survey.id).where(Survey.collection_ends_at <= utcnow()).order_by(Survey.id)
    ).all()
    return [
        service.start_run(
            kind="survey_subsidy", scope={"survey_id": survey_id}, created_by_id=None
        ).id
        for survey_id in closed
    ]
