"""Test data for the quizzes tests, behind the one-line fixtures of conftest.py. Tests import
these from here, never from a conftest."""

from datetime import timedelta

from app.core.time import utcnow
from app.extensions import db
from app.quizzes.bank import check_question, stem_hash
from app.quizzes.models import QuizCampaign, QuizQuestion, Scope


def make_questions(count: int, *, category: str = "网络安全法", bank_key: str = "national"):
    rows = []
    for index in range(count):
        fields = check_question(
            {
                "kind": "single" if index % 3 else "multiple",
                "stem": f"测试题{category}{index}：下列哪项正确？",
                "options": [{"key": k, "text": f"选项{k}{index}"} for k in "ABCD"],
                "answer": ["B"] if index % 3 else ["A", "C"],
                "explanation": f"解析{index}：因为法律如此规定。",
                "category": category,
                "difficulty": 1,
            }
        )
        scope = bank_key.split(":")[0]
        question = QuizQuestion(
            scope=scope,
            association_id=int(bank_key.split(":")[1]) if scope == "association" else None,
            station_id=int(bank_key.split(":")[1]) if scope == "station" else None,
            bank_key=bank_key,
            stem_hash=stem_hash(fields["stem"]),
            **fields,
        )
        db.session.add(question)
        rows.append(question)
    db.session.commit()
    return rows


def make_campaign(**settings) -> QuizCampaign:
    now = utcnow()
    values = {
        "title": "测试问答活动",
        "scope": Scope.NATIONAL,
        "starts_at": now - timedelta(hours=1),
        "ends_at": now + timedelta(days=30),
        "categories": [],
        "questions_per_attempt": 5,
        "time_limit_seconds": 300,
        "attempts_per_day": 3,
        "points_per_correct": 2,
        "perfect_bonus": 5,
        "daily_points_cap": 100,
        "ranking_bonuses": [],
    }
    values.update(settings)
    campaign = QuizCampaign(**values)
    db.session.add(campaign)
    db.session.commit()
    return campaign


def right_answers(question_ids) -> dict:
    by_id = {
        q.id: q for q in db.session.query(QuizQuestion).filter(QuizQuestion.id.in_(question_ids))
    }
    return {str(qid): list(by_id[qid].answer) for qid in question_ids}


def wrong_answers(question_ids) -> dict:
    return {str(qid): ["D"] for qid in question_ids}
