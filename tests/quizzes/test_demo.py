"""The demo bank and campaigns seed once, and the bank is a real, playable bank."""

from sqlalchemy import func, select

from app.extensions import db
from app.quizzes.models import QuizCampaign, QuizQuestion


def test_seed_demo_ships_sixty_questions_and_two_campaigns_idempotently(app, client):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert "0 questions added" in second.output
    questions = db.session.scalars(select(QuizQuestion)).all()
    assert len(questions) >= 60
    assert all(q.explanation for q in questions)
    categories = {q.category for q in questions}
    for topic in ("网络安全法", "数据安全法", "个人信息保护法", "反电信网络诈骗法", "帮信罪"):
        assert topic in categories
    assert db.session.scalar(select(func.count()).select_from(QuizCampaign)) == 2
    api = client.login("demo_resident")
    campaigns = api.get("/api/v1/quiz-campaigns").get_json()["items"]
    assert {c["is_assessment"] for c in campaigns} == {True, False}
    national = next(c for c in campaigns if not c["is_assessment"])
    started = api.post(f"/api/v1/quiz-campaigns/{national['id']}/attempts")
    assert started.status_code == 201 and len(started.get_json()["questions"]) == 10
