"""Qualification fixtures: an association with its admin, an applicant, the assessment campaign
(a real assessment-flagged quiz campaign), and helpers to apply and pass the assessment."""

import pytest

from app.entrances.models import EntranceKind
from app.entrances.service import create_entrance
from app.extensions import db
from app.quizzes.models import Scope
from tests.quizzes.conftest import make_campaign, make_questions, right_answers, wrong_answers

TEMPLATES = {
    "application_reviewed": "tmpl-application-reviewed",
    "hours_verified": "tmpl-hours-verified",
    "gift_ready": "tmpl-gift-ready",
}


@pytest.fixture(autouse=True)
def _templates(app, monkeypatch):
    monkeypatch.setitem(app.config, "WECHAT_TEMPLATE_IDS", dict(TEMPLATES))
    monkeypatch.setitem(app.config, "NOTIFICATION_RETRY_INTERVALS", [0, 0])


@pytest.fixture
def association(factory):
    return factory.association()


@pytest.fixture
def station(factory, association):
    return factory.station(association=association)


@pytest.fixture
def admin(factory, association):
    return factory.association_admin(association)


@pytest.fixture
def station_scene(app, station):
    entrance = create_entrance(
        kind=EntranceKind.STATION, target_id=station.id, station_id=station.id
    )
    db.session.commit()
    return entrance.scene


@pytest.fixture
def newcomer(client, station_scene):
    """newcomer(openid) -> a client for a user who came in through the station's code; an
    association's assessment is open to the people of its stations."""
    counter = iter(range(1, 10_000))

    def _login(openid: str | None = None):
        return client.login(openid or f"newcomer_{next(counter):04d}", scene=station_scene)

    return _login


@pytest.fixture
def applicant(newcomer):
    return newcomer("applicant_one")


@pytest.fixture
def assessment(app, association):
    """The association's assessment (测评) campaign: 5 questions, pass mark 80%."""
    make_questions(8, bank_key=f"association:{association.id}")
    return make_campaign(
        title="公益讲师测评",
        scope=Scope.ASSOCIATION,
        association_id=association.id,
        is_assessment=True,
        pass_mark=80,
        points_per_correct=0,
        perfect_bonus=0,
    )


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
