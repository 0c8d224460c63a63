"""A deleted account (DELETE /me) is no longer counted as a person anywhere: station figures,
activity sign-ups and the association's recruitment progress. The hours it served stay the
station's record."""

from datetime import timedelta

from app.core.time import utcnow


def figures(world):
    response = world.admin.get(f"/api/v1/stations/{world.station.id}/figures")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def verified_hours(world, volunteer, hours=2):
    start = utcnow().replace(microsecond=0) - timedelta(days=1)
    logged = volunteer.post(
        "/api/v1/service-hours",
        json={
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(hours=hours)).isoformat(),
            "description": "社区反诈宣讲",
        },
    )
    assert logged.status_code == 201, logged.get_json()
    verified = world.admin.post(f"/api/v1/service-hours/{logged.get_json()['id']}/verify")
    assert verified.status_code == 200, verified.get_json()


def test_station_figures_stop_counting_a_deleted_volunteer(world):
    """Volunteers and party members drop by one; the verified hours this year stay."""
    staying = world.volunteer(is_party_member=True)
    leaving = world.volunteer(is_party_member=True)
    verified_hours(world, leaving)
    before = figures(world)
    assert before["volunteers"] == 2 and before["party_members"] == 2
    assert leaving.delete("/api/v1/me").status_code == 204
    after = figures(world)
    assert after["volunteers"] == 1 and after["party_members"] == 1
    assert after["verified_minutes_this_year"] == before["verified_minutes_this_year"] == 120
    assert staying.get("/api/v1/me").status_code == 200


def test_a_deleted_account_gives_up_its_places_in_coming_activities(world):
    """Its sign-up no longer counts and its place goes to someone else; a past attendance
    stays as it was."""
    activity = world.activity(capacity=1)
    leaving, waiting = world.volunteer(), world.volunteer()
    assert leaving.post(f"/api/v1/activities/{activity['id']}/signups").status_code == 201
    full = waiting.post(f"/api/v1/activities/{activity['id']}/signups")
    assert full.get_json()["error"]["code"] == "activity_full"
    assert leaving.delete("/api/v1/me").status_code == 204
    shown = world.client.get(f"/api/v1/activities/{activity['id']}").get_json()
    assert shown["signed_up"] == 0
    assert waiting.post(f"/api/v1/activities/{activity['id']}/signups").status_code == 201


def test_recruitment_progress_does_not_count_a_deleted_volunteer(world, factory):
    admin = factory.association_admin(world.association)
    url = f"/api/v1/associations/{world.association.id}/recruitment-figures"
    leaving = world.volunteer()
    world.volunteer()
    assert admin.get(url).get_json()["current"]["volunteers"] == 2
    assert leaving.delete("/api/v1/me").status_code == 204
    assert admin.get(url).get_json()["current"]["volunteers"] == 1
