"""Test data for the qualifications tests, behind the one-line fixtures of conftest.py. Tests import
these from here, never from a conftest."""

from tests.quizzes.factories import right_answers, wrong_answers

TEMPLATES = {
    "application_reviewed": "tmpl-application-reviewed",
    "hours_verified": "tmpl-hours-verified",
    "gift_ready": "tmpl-gift-ready",
}


def take_assessment(api, campaign, *, right: bool = True) -> dict:
    """Start an attempt through the quizzes API and submit right (or wrong) answers."""
    started = api.post(f"/api/v1/quiz-campaigns/{campaign.id}/attempts")
    assert started.status_code == 201, started.get_json()
    body = started.get_json()
    ids = [q["id"] for q in body["questions"]]
    answers = right_answers(ids) if right else wrong_answers(ids)
    result = api.post(
        f"/api/v1/quiz-attempts/{body['attempt_id']}/submit", json={"answers": answers}
    )
    assert result.status_code == 200, result.get_json()
    return result.get_json()


def application_body(association, **overrides) -> dict:
    body = {
        "kind": "lecturer",
        "association_id": association.id,
        "real_name": "王老师",
        "phone": "13912345678",
        "organisation": "右安门社区学校",
        "topics": ["反电信网络诈骗法", "个人信息保护"],
        "experience": "社区讲座三年",
        "publish": {"name": True, "organisation": True, "topics": True, "photo": False},
        "submit": True,
    }
    body.update(overrides)
    return body


def apply(api, association, **overrides) -> dict:
    response = api.post(
        "/api/v1/qualification-applications", json=application_body(association, **overrides)
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()
