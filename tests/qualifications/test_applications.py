"""Applying: drafts, one open application per kind, clear errors that write nothing."""

from sqlalchemy import func, select

from app.extensions import db
from app.qualifications.models import QualificationApplication
from tests.qualifications.factories import application_body, apply


def count_applications() -> int:
    return db.session.scalar(select(func.count()).select_from(QualificationApplication))


def test_a_draft_is_private_until_submitted(admin, applicant, association, station):
    draft = apply(applicant, association, submit=False, topics=[])
    assert draft["status"] == "draft"
    assert admin.get("/api/v1/qualification-applications").get_json()["items"] == []
    assert admin.get(f"/api/v1/qualification-applications/{draft['id']}").status_code == 404

    incomplete = applicant.post(f"/api/v1/qualification-applications/{draft['id']}/submit")
    assert incomplete.status_code == 422
    assert incomplete.get_json()["error"]["code"] == "application_incomplete"

    path = f"/api/v1/qualification-applications/{draft['id']}"
    edited = applicant.patch(
        path,
        json={"topics": ["反诈"], "intended_station_ids": [station.id]},
    )
    assert edited.status_code == 200 and edited.get_json()["topics"] == ["反诈"]
    submitted = applicant.post(path + "/submit").get_json()
    assert submitted["status"] == "pending"
    listed = admin.get("/api/v1/qualification-applications?status=pending").get_json()
    assert [item["id"] for item in listed["items"]] == [draft["id"]]
    assert listed["items"][0]["phone"] == "139****5678"  # masked in lists
    assert admin.get(path).get_json()["phone"] == "13912345678"  # the reviewer opens it


def test_one_open_application_per_kind(applicant, association):
    apply(applicant, association, submit=False)
    second = applicant.post(
        "/api/v1/qualification-applications", json=application_body(association)
    )
    assert second.status_code == 409
    assert second.get_json()["error"]["code"] == "application_open"
    assert apply(applicant, association, kind="publicist")["kind"] == "publicist"
    assert count_applications() == 2


def test_bad_input_is_refused_per_field_and_writes_nothing(applicant, association, factory):
    foreign_station = factory.station(association=factory.association())
    cases = [
        ({"phone": "12345"}, "phone"),
        ({"kind": "speaker"}, "kind"),
        ({"nickname": "x"}, "nickname"),
        ({"topics": ["x" * 40]}, "topics"),
        ({"photo_url": "http://example.com/a.png"}, "photo_url"),
        ({"intended_station_ids": [foreign_station.id]}, "intended_station_ids"),
        ({"recommended_by_station_id": foreign_station.id}, "recommended_by_station_id"),
    ]
    for override, field in cases:
        response = applicant.post(
            "/api/v1/qualification-applications", json=application_body(association, **override)
        )
        assert response.status_code == 422, (override, response.get_json())
        assert field in response.get_json()["error"]["details"]["fields"], override
    missing = applicant.post(
        "/api/v1/qualification-applications",
        json=application_body(association, association_id=999999),
    )
    assert missing.status_code == 404
    no_topics = applicant.post(
        "/api/v1/qualification-applications", json=application_body(association, topics=[])
    )
    assert no_topics.get_json()["error"]["code"] == "application_incomplete"
    assert count_applications() == 0


def test_a_station_confirms_its_recommendation(factory, applicant, association, station):
    application = apply(applicant, association, recommended_by_station_id=station.id)
    assert application["recommendation"] == {
        "station_id": station.id,
        "confirmed": False,
        "confirmed_at": None,
    }
    path = f"/api/v1/qualification-applications/{application['id']}/recommendation/confirm"
    other_station_admin = factory.station_admin(factory.station(association=association))
    assert other_station_admin.post(path).status_code == 403
    confirmed = factory.station_admin(station).post(path)
    assert confirmed.status_code == 200
    assert confirmed.get_json()["recommendation"]["confirmed"] is True
    assert confirmed.get_json()["phone"] == "139****5678"


def test_applications_need_a_login(client, association):
    response = client.post("/api/v1/qualification-applications", json=application_body(association))
    assert response.status_code == 401


def test_deleting_the_account_erases_the_application_and_leaves_the_directory(
    client, admin, applicant, association, assessment
):
    from tests.qualifications.factories import take_assessment

    take_assessment(applicant, assessment)
    application = apply(applicant, association)
    admin.post(f"/api/v1/qualification-applications/{application['id']}/approve")
    exported = applicant.get("/api/v1/me/export").get_json()["qualification_applications"]
    assert exported[0]["phone"] == "13912345678"
    assert applicant.delete("/api/v1/me").status_code == 204
    assert client.get("/api/v1/lecturers").get_json()["items"] == []
    kept = admin.get(f"/api/v1/qualification-applications/{application['id']}").get_json()
    assert (kept["status"], kept["real_name"], kept["phone"], kept["topics"]) == (
        "revoked",
        "",
        "",
        [],
    )
