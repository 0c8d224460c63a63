"""Starting a survey_subsidy run: refused with 409 survey_still_collecting while the collection
window is open, before any run is recorded, so no run can hang in `materialising`."""

from datetime import timedelta

from sqlalchemy import func, select

from app.core.time import utcnow
from app.extensions import db
from app.settlements.models import SettlementRun
from app.surveys.models import Survey


def runs() -> int:
    return db.session.scalar(select(func.count()).select_from(SettlementRun))


def start(admin, world, scope):
    return admin.post(
        "/api/v1/admin/settlements",
        json={"kind": "survey_subsidy", "association_id": world.association.id, "scope": scope},
    )


def close_collection(survey_id, *, ends_at):
    survey = db.session.get(Survey, survey_id)
    survey.collection_ends_at = ends_at
    db.session.commit()


def test_a_start_while_collecting_is_409_and_records_no_run(world):
    """Before the window closes: 409 survey_still_collecting with the closing time, no run; a
    second try is refused the same way (no stuck run is handed back); after it closes the run
    settles."""
    survey_id = world.survey["id"]
    close_collection(survey_id, ends_at=utcnow() + timedelta(days=2))
    for _ in range(2):
        refused = start(world.association_admin, world, {"survey_id": survey_id})
        assert refused.status_code == 409, refused.get_json()
        error = refused.get_json()["error"]
        assert error["code"] == "survey_still_collecting"
        assert "collection_ends_at" in error["details"]
    assert runs() == 0
    close_collection(survey_id, ends_at=utcnow() - timedelta(minutes=1))
    started = start(world.association_admin, world, {"survey_id": survey_id})
    assert started.status_code == 202, started.get_json()
    assert started.get_json()["status"] == "done" and started.get_json()["error"] is None
    assert runs() == 1


def test_a_bad_subsidy_scope_is_refused_before_a_run_exists(world):
    """No survey id, a text id, a negative rate: 422 naming the field; an unknown survey 404."""
    for scope, field in (
        ({}, "scope.survey_id"),
        ({"survey_id": "one"}, "scope.survey_id"),
        ({"survey_id": world.survey["id"], "fen_per_valid": -1}, "scope.fen_per_valid"),
    ):
        response = start(world.association_admin, world, scope)
        assert response.status_code == 422, response.get_json()
        assert field in response.get_json()["error"]["details"]["fields"]
    unknown = start(world.association_admin, world, {"survey_id": 987654})
    assert unknown.status_code == 404
    assert unknown.get_json()["error"]["code"] == "survey_not_found"
    assert runs() == 0


def test_the_cli_refuses_too_while_collecting(app, world):
    close_collection(world.survey["id"], ends_at=utcnow() + timedelta(days=2))
    result = app.test_cli_runner().invoke(
        args=["settle", "survey_subsidy", "--scope", f"survey_id={world.survey['id']}"]
    )
    assert result.exit_code != 0
    assert "survey_still_collecting" in result.output or "not closed" in result.output
    assert runs() == 0
