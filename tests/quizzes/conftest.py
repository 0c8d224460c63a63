"""Quiz fixtures: a small national bank, a national campaign, and answer helpers."""

import pytest

from tests.quizzes.factories import make_campaign, make_questions


@pytest.fixture
def bank(app):
    return make_questions(12)


@pytest.fixture
def campaign(app, bank):
    return make_campaign()


@pytest.fixture
def start(client):
    """start(api, campaign) -> the start response JSON, asserting success."""

    def _start(api, campaign):
        response = api.post(f"/api/v1/quiz-campaigns/{campaign.id}/attempts")
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return _start
