"""GET /api/v1/surveys: the web console's survey list, scoped to what the asker administers."""

from datetime import timedelta

import pytest

from app.core.time import SHANGHAI, utcnow
from tests.support import assert_documented
from tests.surveys.factories import survey_body


def windows(starts, days=10) -> dict:
    return {
        "internal_test_starts_at": None,
        "internal_test_ends_at": None,
        "public_test_starts_at": None,
        "public_test_ends_at": None,
        "collection_starts_at": starts.isoformat(),
        "collection_ends_at": (starts + timedelta(days=days)).isoformat(),
    }


@pytest.fixture
def org(factory):
    a = factory.association(name="北京协会")
    b = factory.association(name="上海协会", region="上海市")
    s = factory.station(association=a)
    sub = factory.station(parent=s)
    f = factory.station(association=b)
    union = factory.union_admin()
    now = utcnow()
    made = {}
    for name, association, starts in (
        ("national_open", None, now - timedelta(days=1)),
        ("a_closed", a, now - timedelta(days=400)),
        ("a_upcoming", a, now + timedelta(days=30)),
        ("b_open", b, now - timedelta(days=2)),
    ):
        body = survey_body(
            association_id=association.id if association else None, title=name, **windows(starts)
        )
        response = union.post("/api/v1/surveys", json=body)
        assert response.status_code == 201, response.get_json()
        made[name] = response.get_json()["id"]
    # A link for S's sub-station on the national survey; one for F on B's.
    assert union.post(
        f"/api/v1/surveys/{made['national_open']}/links", json={"station_id": sub.id}
    ).status_code in (200, 201)
    assert union.post(
        f"/api/v1/surveys/{made['b_open']}/links", json={"station_id": f.id}
    ).status_code in (200, 201)
    return {"a": a, "b": b, "s": s, "f": f, "union": union, "ids": made}


def titles(client, query="") -> list[str]:
    response = client.get(f"/api/v1/surveys{query}")
    assert response.status_code == 200, response.get_json()
    return sorted(item["title"] for item in response.get_json()["items"])


def test_the_union_sees_every_survey_with_its_status(org, app):
    response = org["union"].get("/api/v1/surveys?per_page=2")
    body = response.get_json()
    assert body["total"] == 4 and len(body["items"]) == 2 and body["per_page"] == 2
    assert_documented(app, response, "GET", "/api/v1/surveys")
    statuses = {
        item["title"]: item["status"]
        for item in org["union"].get("/api/v1/surveys").get_json()["items"]
    }
    assert statuses == {
        "national_open": "collecting",
        "a_closed": "closed",
        "a_upcoming": "upcoming",
        "b_open": "collecting",
    }
    assert "questionnaire" not in body["items"][0]


def test_an_association_admin_sees_theirs_and_the_national_ones(org, factory):
    assert titles(factory.association_admin(org["a"])) == [
        "a_closed",
        "a_upcoming",
        "national_open",
    ]
    assert titles(factory.association_admin(org["b"])) == ["b_open", "national_open"]


def test_a_station_admin_sees_surveys_with_links_for_their_station(org, factory):
    assert titles(factory.station_admin(org["s"])) == ["national_open"]
    assert titles(factory.station_admin(org["f"])) == ["b_open"]
    assert titles(factory.station_admin(factory.station(association=org["a"]))) == []


def test_status_and_year_filters(org):
    union = org["union"]
    assert titles(union, "?status=collecting") == ["b_open", "national_open"]
    assert titles(union, "?status=closed") == ["a_closed"]
    assert titles(union, "?status=upcoming") == ["a_upcoming"]
    last_year = (utcnow() - timedelta(days=400)).astimezone(SHANGHAI).year
    assert "a_closed" in titles(union, f"?year={last_year}")
    assert titles(union, "?year=2001") == []


def test_residents_are_refused_and_anonymous_must_log_in(org, factory, client):
    response = factory.resident().get("/api/v1/surveys")
    assert response.status_code == 403
    assert client.get("/api/v1/surveys").status_code == 401


@pytest.mark.parametrize(
    "query", ["?status=open", "?year=1999", "?year=abc", "?per_page=101", "?page=0"]
)
def test_bad_filters_are_422(org, query):
    response = org["union"].get(f"/api/v1/surveys{query}")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_error"
