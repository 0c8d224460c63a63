"""The demo seed and the per-account filing limit."""

from app.demo import base
from app.help import demo
from app.help.models import HelpRequest
from tests.help.factories import count_rows


def test_seed_demo_is_idempotent(app, db, client):
    """Seeding twice leaves one accepted demo report, visible to the demo station admin."""
    for _ in range(2):
        ctx: dict = {}
        base.seed_demo(ctx)
        db.session.commit()
        lines = demo.seed_demo(ctx)
    assert "accepted" in lines[0]
    assert db.session.query(HelpRequest).count() == 1
    admin = client.login("demo_station_admin")
    listed = admin.get(f"/api/v1/stations/{ctx['station'].id}/help-requests").get_json()
    assert listed["items"][0]["status"] == "accepted"


def test_filing_is_limited_per_account(app, world):
    """Past the per-account limit a reporter gets 429 and nothing is written."""
    old = app.config["HELP_REQUEST_RATE_LIMIT"]
    app.config["HELP_REQUEST_RATE_LIMIT"] = "2/hour"
    try:
        world.file()
        world.file()
        response = world.reporter.post(
            "/api/v1/help-requests", json={"category": "other", "description": "第三条"}
        )
    finally:
        app.config["HELP_REQUEST_RATE_LIMIT"] = old
    assert response.status_code == 429
    assert count_rows() == (2, 2)
