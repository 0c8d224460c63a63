"""WeChat's signed push delivers image verdicts; nobody else can."""

import hashlib
import time

import pytest

from app.activities.models import Highlight
from tests.volunteers.test_highlights import PNG, post_image, public, setup

PUSH = "/api/v1/wechat/events"
TOKEN = "push-token-for-tests"


@pytest.fixture
def push_token(app):
    app.config["WECHAT_PUSH_TOKEN"] = TOKEN
    yield TOKEN
    app.config["WECHAT_PUSH_TOKEN"] = None


def signed(token=TOKEN, timestamp=None, nonce="n0nce"):
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()
    return f"?signature={signature}&timestamp={timestamp}&nonce={nonce}"


def verdict(trace_id, suggest):
    return {
        "ToUserName": "gh_x",
        "Event": "wxa_media_check",
        "trace_id": trace_id,
        "version": 2,
        "result": {"suggest": suggest, "label": 100},
    }


def held_image(world, db):
    activity, volunteer = setup(world)
    body = post_image(volunteer, activity, PNG).get_json()
    return activity, db.session.get(Highlight, body["id"])


def test_a_signed_pass_verdict_shows_the_image(world, db, client, push_token):
    activity, highlight = held_image(world, db)
    response = client.post(PUSH + signed(), json=verdict(highlight.media_trace_id, "pass"))
    assert response.status_code == 200 and response.get_data(as_text=True) == "success"
    assert [h["id"] for h in public(world, activity)] == [highlight.id]


def test_a_signed_risky_verdict_refuses_the_image(world, db, client, push_token):
    activity, highlight = held_image(world, db)
    client.post(PUSH + signed(), json=verdict(highlight.media_trace_id, "risky"))
    db.session.expire_all()
    assert db.session.get(Highlight, highlight.id).image_check == "risky"
    assert public(world, activity) == []


@pytest.mark.parametrize(
    "query",
    [
        signed(token="someone-else"),
        signed(timestamp=int(time.time()) - 3600),
        "?signature=x&timestamp=1&nonce=n",
    ],
)
def test_a_forged_or_stale_push_changes_nothing(world, db, client, push_token, query):
    activity, highlight = held_image(world, db)
    response = client.post(PUSH + query, json=verdict(highlight.media_trace_id, "pass"))
    assert response.status_code == 403
    assert public(world, activity) == []


def test_a_push_without_its_signature_is_a_validation_error(client, push_token):
    response = client.post(PUSH, json={"Event": "wxa_media_check"})
    assert response.status_code == 422


def test_without_a_configured_token_push_is_refused(client):
    response = client.post(PUSH + signed(), json={"Event": "wxa_media_check"})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "push_not_configured"


def test_the_server_check_echoes_echostr(client, push_token):
    response = client.get(PUSH + signed() + "&echostr=hello123")
    assert response.status_code == 200 and response.get_data(as_text=True) == "hello123"
