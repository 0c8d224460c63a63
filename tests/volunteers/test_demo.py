"""The demo seed gives demo_volunteer a station, hours (one verified) and an activity."""

from app.activities import demo
from app.activities.models import Activity
from app.demo import base
from app.hours.models import ServiceHourRecord
from app.volunteers.models import VolunteerProfile


def test_seed_demo_is_idempotent(app, db, client):
    for _ in range(2):
        ctx: dict = {}
        base.seed_demo(ctx)
        db.session.commit()
        lines = demo.seed_demo(ctx)
        db.session.commit()
    assert "demo_volunteer" in lines[0]
    assert db.session.query(VolunteerProfile).count() == 1
    assert db.session.query(ServiceHourRecord).count() == 3
    assert db.session.query(Activity).count() == 1
    me = client.login("demo_volunteer").get("/api/v1/me").get_json()
    assert (me["verified_minutes"], me["star_level"]) == (180, 0)
    assert me["home_station_id"] == ctx["station"].id
