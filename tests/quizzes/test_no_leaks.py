"""Before a submit, no quiz endpoint gives a participant an answer or an explanation."""

from app.extensions import db
from app.quizzes.models import QuizQuestion

FORBIDDEN_KEYS = {"answer", "explanation", "your_answer", "correct"}


def keys_in(value) -> set[str]:
    if isinstance(value, dict):
        found = set(value)
        for item in value.values():
            found |= keys_in(item)
        return found
    if isinstance(value, list):
        found = set()
        for item in value:
            found |= keys_in(item)
        return found
    return set()


def test_no_answer_or_explanation_appears_before_submit(factory, campaign, bank):
    """Every quiz endpoint a participant can call, with an attempt open, is swept for answer and
    explanation keys and for the explanation texts themselves."""
    api = factory.resident()
    cid = campaign.id
    started = api.post(f"/api/v1/quiz-campaigns/{cid}/attempts")
    assert started.status_code == 201
    attempt_id = started.get_json()["attempt_id"]
    question_id = bank[0].id
    calls = [
        ("POST", f"/api/v1/quiz-campaigns/{cid}/attempts"),  # resumes the open attempt
        ("GET", "/api/v1/quiz-campaigns"),
        ("GET", f"/api/v1/quiz-campaigns/{cid}"),
        ("GET", f"/api/v1/quiz-attempts/{attempt_id}"),
        ("GET", "/api/v1/me/quiz-attempts"),
        ("GET", f"/api/v1/quiz-campaigns/{cid}/leaderboard?scope=users"),
        ("GET", f"/api/v1/quiz-campaigns/{cid}/leaderboard?scope=stations"),
        ("GET", "/api/v1/admin/quiz-campaigns"),
        ("GET", "/api/v1/quiz-questions"),
        ("GET", f"/api/v1/quiz-questions/{question_id}"),
        ("PATCH", f"/api/v1/quiz-questions/{question_id}"),
        ("DELETE", f"/api/v1/quiz-questions/{question_id}"),
        ("POST", "/api/v1/quiz-questions"),
        ("PATCH", f"/api/v1/quiz-campaigns/{cid}"),
        ("POST", f"/api/v1/quiz-campaigns/{cid}/close"),
        ("GET", "/api/v1/me/export"),
    ]
    explanations = [q.explanation for q in db.session.query(QuizQuestion)]
    bodies = [started]
    for method, path in calls:
        response = api.request(method, path, json={} if method in ("POST", "PATCH") else None)
        assert response.status_code < 500, (method, path)
        bodies.append(response)
    for response in bodies:
        data = response.get_json()
        if isinstance(data, dict) and "error" in data:
            # A validation error names the request's fields, which is no leak.
            data["error"]["details"].pop("fields", None)
        assert not keys_in(data) & FORBIDDEN_KEYS, (response.request.path, data)
        text = response.get_data(as_text=True)
        assert not any(e in text for e in explanations), response.request.path
    # The sweep is able to see a leak: the submit answer does carry them.
    result = api.post(f"/api/v1/quiz-attempts/{attempt_id}/submit", json={"answers": {}})
    assert keys_in(result.get_json()) & FORBIDDEN_KEYS == FORBIDDEN_KEYS
