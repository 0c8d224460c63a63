"""Filing a help request: validation, where it lands, no content check, the reporter's list."""

import pytest

from app.extensions import db
from app.stations.models import StationStatus
from app.users.models import User
from tests.help.factories import REPORTER_PHONE, count_rows


def test_filing_at_a_station_logs_the_submission(world):
    """A filed request is submitted at the named station, with one history line."""
    row = world.file(evidence_urls=["https://example.com/shot1.png"])
    assert row["status"] == "submitted"
    assert row["station_id"] == world.station.id
    assert row["evidence_urls"] == ["https://example.com/shot1.png"]
    assert [h["to_status"] for h in row["history"]] == ["submitted"]
    assert count_rows() == (1, 1)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"category": "spam"}, "category"),
        ({"category": None}, "category"),
        ({"description": ""}, "description"),
        ({"description": "   \n "}, "description"),
        ({"description": "骗" * 2001}, "description"),
        ({"contact_phone": "12345"}, "contact_phone"),
        ({"evidence_urls": ["javascript:alert(1)"]}, "evidence_urls"),
        ({"evidence_urls": [f"https://e.com/{i}.png" for i in range(10)]}, "evidence_urls"),
        ({"station_id": "x"}, "station_id"),
        ({"reporter_id": 1}, "reporter_id"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_writes_nothing(world, body, field):
    """Each bad field gets a 422 naming it; no request and no history row is written."""
    payload = {"category": "fraud", "description": "被骗了", "station_id": world.station.id}
    payload.update(body)
    response = world.reporter.post("/api/v1/help-requests", json=payload)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["details"]["fields"]
    assert count_rows() == (0, 0)


def test_missing_category_and_description_are_both_named(world):
    response = world.reporter.post("/api/v1/help-requests", json={})
    assert response.status_code == 422
    assert set(response.get_json()["error"]["details"]["fields"]) == {"category", "description"}
    assert count_rows() == (0, 0)


def test_an_unknown_station_is_a_field_error_and_writes_nothing(world):
    response = world.reporter.post(
        "/api/v1/help-requests",
        json={"category": "other", "description": "求助", "station_id": 987654},
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "station_not_found"
    assert error["details"]["fields"] == {"station_id": ["No such station."]}
    assert count_rows() == (0, 0)


def test_a_suspended_station_is_refused(world):
    world.station.status = StationStatus.SUSPENDED
    db.session.commit()
    response = world.reporter.post(
        "/api/v1/help-requests",
        json={"category": "other", "description": "求助", "station_id": world.station.id},
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "station_inactive"
    assert count_rows() == (0, 0)


def test_anonymous_filing_is_401(client, world):
    response = client.post("/api/v1/help-requests", json={"category": "other", "description": "x"})
    assert response.status_code == 401
    assert client.get("/api/v1/me/help-requests").status_code == 401
    assert count_rows() == (0, 0)


def test_without_station_it_goes_to_the_users_first_station(world):
    """A resident who came in through a station's entrance reports to that station."""
    user = db.session.get(User, world.reporter.user_id)
    user.first_station_id = world.sub_station.id
    db.session.commit()
    row = world.file(station_id=None)
    assert row["station_id"] == world.sub_station.id


def test_without_any_station_it_lands_in_the_unassigned_queue(world):
    """No station given and none known: the union admins' unassigned queue."""
    row = world.file(station_id=None)
    assert row["station_id"] is None
    listed = world.union_admin.get("/api/v1/help-requests/unassigned").get_json()
    assert [item["id"] for item in listed["items"]] == [row["id"]]
    assert world.admin.get("/api/v1/help-requests/unassigned").status_code == 403


def test_a_report_quoting_fraud_text_is_not_content_checked(world, wechat_standin):
    """Only handlers read a report, so it is never blocked by msg_sec_check (a fraud report
    quotes the fraud): text the stand-in would call risky is filed, and WeChat is not asked."""
    row = world.file(description="对方发来：RISKY 点击链接领取补贴 http://evil.example")
    assert row["status"] == "submitted"
    assert wechat_standin.calls("/wxa/msg_sec_check") == []


def test_the_reporter_sees_their_own_requests_with_status(world, factory):
    first = world.file(category="cyber_bullying", description="有人在群里辱骂我")
    second = world.accepted(category="personal_information_leak", description="信息被泄露")
    someone_else = factory.resident()
    world.file(api=someone_else, description="别人的举报")
    mine = world.reporter.get("/api/v1/me/help-requests").get_json()["items"]
    assert [(r["id"], r["status"]) for r in mine] == [
        (second["id"], "accepted"),
        (first["id"], "submitted"),
    ]
    assert mine[0]["reporter"]["contact_phone"] == "138****5678"
    assert REPORTER_PHONE not in str(mine)
    assert (
        someone_else.get("/api/v1/me/help-requests").get_json()["items"][0]["description"]
        == "别人的举报"
    )
