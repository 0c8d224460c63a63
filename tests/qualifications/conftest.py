"""Qualification fixtures: an association with its admin, an applicant, the assessment campaign
(a real assessment-flagged quiz campaign), and helpers to apply and pass the assessment."""

import pytest

from app.entrances.models import EntranceKind
from app.entrances.service import create_entrance
from app.extensions import db
from app.quizzes.models import Scope
from tests.qualifications.factories import TEMPLATES
from tests.quizzes.factories import make_campaign, make_questions


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
