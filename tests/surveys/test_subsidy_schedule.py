"""When a survey's collection window closes, the daily job settles its subsidy, once."""

from datetime import timedelta

from sqlalchemy import select

from app.core.time import utcnow
from app.settlements.models import SettlementRun
from app.surveys.jobs import start_closed_survey_subsidies
from tests.surveys.factories import survey_body


def open_survey(world):
    now = utcnow()
    windows = {
        "internal_test_starts_at": (now - timedelta(days=6)).isoformat(),
        "internal_test_ends_at": (now - timedelta(days=5)).isoformat(),
        "public_test_starts_at": (now - timedelta(days=4)).isoformat(),
        "public_test_ends_at": (now - timedelta(days=3)).isoformat(),
        "collection_starts_at": (now - timedelta(days=2)).isoformat(),
        "collection_ends_at": (now + timedelta(days=8)).isoformat(),
    }
    body = survey_body(association_id=world.association.id, **windows)
    made = world.association_admin.post("/api/v1/surveys", json=body)
    assert made.status_code == 201, made.get_json()
    return made.get_json()


def test_only_closed_surveys_are_settled_and_only_once(world, db):
    still_open = open_survey(world)
    first = start_closed_survey_subsidies()
    second = start_closed_survey_subsidies()
    assert first == second and len(first) == 1
    runs = db.session.scalars(select(SettlementRun)).all()
    assert [(r.kind, r.scope) for r in runs] == [
        ("survey_subsidy", {"survey_id": world.survey["id"]})
    ]
    assert still_open["id"] not in {r.scope["survey_id"] for r in runs}
