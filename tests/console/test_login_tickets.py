"""Web console scan-to-login (扫码登录): ticket, code, confirm by an admin, one token, sessions."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.auth.models import AuthToken
from app.console.models import LoginTicket
from app.core.time import utcnow
from app.extensions import db
from tests.support import ApiClient, assert_documented

TICKETS = "/api/v1/console/login-tickets"
BROWSER = "Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36"


def new_ticket(client, address="203.0.113.7") -> dict:
    response = client.raw.post(
        TICKETS, headers={"User-Agent": BROWSER}, environ_base={"REMOTE_ADDR": address}
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def poll(client, ticket):
    return client.raw.get(f"{TICKETS}/{ticket}")


@pytest.fixture
def station(factory):
    return factory.station()


def test_a_ticket_stores_only_a_hash_and_its_scene_resolves_as_a_console_login(client, app):
    """201 {ticket, scene, expires_at}; the scene routes the mini-program to the confirm page,
    with when, which browser and which address asked."""
    created = new_ticket(client)
    assert len(created["ticket"]) >= 40 and 6 <= len(created["scene"]) <= 32
    assert "+08:00" in created["expires_at"]
    row = db.session.scalar(select(LoginTicket))
    assert created["ticket"] not in (row.ticket_hash, row.scene)
    entrance = client.get(f"/api/v1/entrances/{created['scene']}")
    assert entrance.status_code == 200
    body = entrance.get_json()
    assert body["kind"] == "console_login"
    assert body["details"]["status"] == "pending"
    assert body["details"]["user_agent"] == BROWSER
    assert body["details"]["ip"] == "203.0.113.7"
    assert "+08:00" in body["details"]["requested_at"]
    assert "ticket" not in str(body)
    assert_documented(app, entrance, "GET", "/api/v1/entrances/{scene}")


def test_the_qrcode_is_a_png_of_the_scene_for_the_entry_page(client, wechat_standin):
    created = new_ticket(client)
    response = client.get(f"{TICKETS}/{created['ticket']}/qrcode")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG")
    sent = wechat_standin.calls("/wxa/getwxacodeunlimit")[-1][2]
    assert sent["scene"] == created["scene"] and sent["page"] == "pages/entry/index/index"
    assert client.get(f"{TICKETS}/{'x' * 43}/qrcode").status_code == 404


def test_an_admin_confirms_and_the_first_poll_alone_gets_a_console_token(
    client, factory, station, app
):
    created = new_ticket(client)
    pending = poll(client, created["ticket"])
    assert pending.get_json()["status"] == "pending" and "token" not in pending.get_json()
    assert_documented(app, pending, "GET", "/api/v1/console/login-tickets/{ticket}")
    admin = factory.station_admin(station)
    confirmed = admin.post(f"{TICKETS}/{created['scene'].lower()}/confirm")
    assert confirmed.status_code == 200, confirmed.get_json()
    assert confirmed.get_json() == {"status": "confirmed"}
    assert_documented(app, confirmed, "POST", "/api/v1/console/login-tickets/{scene}/confirm")
    first = poll(client, created["ticket"])
    body = first.get_json()
    assert body["status"] == "confirmed" and body["token"]
    assert body["expires_in"] == 10 * 3600
    assert body["user"]["id"] == admin.user_id
    assert_documented(app, first, "GET", "/api/v1/console/login-tickets/{ticket}")
    second = poll(client, created["ticket"]).get_json()
    assert second["status"] == "used" and "token" not in second
    console = ApiClient(client.raw, token=body["token"])
    me = console.get("/api/v1/me")
    assert me.status_code == 200 and me.get_json()["id"] == admin.user_id
    token = db.session.scalar(select(AuthToken).where(AuthToken.kind == "console"))
    lifetime = token.expires_at - token.created_at
    assert lifetime == timedelta(hours=10)
    assert token.user_agent == BROWSER and token.ip == "203.0.113.7"  # the asking browser


def test_a_confirmed_ticket_cannot_be_confirmed_again(client, factory, station):
    created = new_ticket(client)
    factory.station_admin(station).post(f"{TICKETS}/{created['scene']}/confirm")
    again = factory.union_admin().post(f"{TICKETS}/{created['scene']}/confirm")
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "login_ticket_used"
    poll(client, created["ticket"])
    after_use = factory.union_admin().post(f"{TICKETS}/{created['scene']}/confirm")
    assert after_use.status_code == 409


def test_a_resident_is_refused_in_chinese_and_the_ticket_stays_pending(client, factory, app):
    created = new_ticket(client)
    response = factory.resident().post(f"{TICKETS}/{created['scene']}/confirm")
    assert response.status_code == 403
    error = response.get_json()["error"]
    assert error["code"] == "console_admin_only" and "管理员" in error["message"]
    assert_documented(app, response, "POST", "/api/v1/console/login-tickets/{scene}/confirm")
    assert poll(client, created["ticket"]).get_json()["status"] == "pending"


def test_anonymous_confirm_is_401(client):
    created = new_ticket(client)
    assert client.post(f"{TICKETS}/{created['scene']}/confirm").status_code == 401


def test_a_ticket_past_its_lifetime_is_expired_and_cannot_be_confirmed(client, factory):
    created = new_ticket(client)
    db.session.execute(update(LoginTicket).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert poll(client, created["ticket"]).get_json()["status"] == "expired"
    response = factory.union_admin().post(f"{TICKETS}/{created['scene']}/confirm")
    assert response.status_code == 410
    assert response.get_json()["error"]["code"] == "login_ticket_expired"
    assert client.get(f"{TICKETS}/{created['ticket']}/qrcode").status_code == 410
    assert poll(client, created["ticket"]).get_json()["status"] == "expired"
    assert db.session.scalar(select(AuthToken).where(AuthToken.kind == "console")) is None


def test_a_sixth_console_session_is_refused(client, factory):
    admin = factory.union_admin()
    for _ in range(5):
        created = new_ticket(client)
        assert admin.post(f"{TICKETS}/{created['scene']}/confirm").status_code == 200
        assert poll(client, created["ticket"]).get_json()["token"]
    sixth = new_ticket(client)
    response = admin.post(f"{TICKETS}/{sixth['scene']}/confirm")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "too_many_console_sessions"
    # Logging one console out frees a slot.
    console_id = admin.get("/api/v1/me/sessions").get_json()[0]["id"]
    assert admin.delete(f"/api/v1/me/sessions/{console_id}").status_code == 204
    assert admin.post(f"{TICKETS}/{sixth['scene']}/confirm").status_code == 200


def test_unknown_tickets_and_bad_scenes(client, factory):
    assert poll(client, "nope").status_code == 404
    assert poll(client, "a" * 300).status_code == 404
    admin = factory.union_admin()
    assert admin.post(f"{TICKETS}/ZZZZZZZZ/confirm").status_code == 404
    bad = admin.post(f"{TICKETS}/not-a-scene!/confirm")
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "scene_malformed"


def test_requests_and_polls_are_rate_limited(client, app):
    app.config["RATELIMIT_CONSOLE_TICKETS_PER_ADDRESS"] = "2/minute"
    app.config["RATELIMIT_CONSOLE_POLLS_PER_TICKET"] = "3/minute"
    try:
        created = new_ticket(client, address="198.51.100.1")
        new_ticket(client, address="198.51.100.1")
        third = client.raw.post(TICKETS, environ_base={"REMOTE_ADDR": "198.51.100.1"})
        assert third.status_code == 429
        assert new_ticket(client, address="198.51.100.2")["ticket"]  # another address
        statuses = [poll(client, created["ticket"]).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
    finally:
        app.config["RATELIMIT_CONSOLE_TICKETS_PER_ADDRESS"] = "20/minute"
        app.config["RATELIMIT_CONSOLE_POLLS_PER_TICKET"] = "60/minute"


def test_sessions_list_and_revoke_only_ones_own(client, factory):
    admin = factory.union_admin()
    created = new_ticket(client)
    admin.post(f"{TICKETS}/{created['scene']}/confirm")
    console = ApiClient(client.raw, token=poll(client, created["ticket"]).get_json()["token"])
    sessions = console.get("/api/v1/me/sessions").get_json()
    assert [s["kind"] for s in sessions] == ["console", "app"]
    assert sessions[0]["current"] is True and sessions[1]["current"] is False
    assert sessions[0]["user_agent"] == BROWSER
    assert all("token" not in key for s in sessions for key in s)
    other = factory.union_admin()
    assert other.delete(f"/api/v1/me/sessions/{sessions[0]['id']}").status_code == 404
    assert console.get("/api/v1/me").status_code == 200
    assert admin.delete(f"/api/v1/me/sessions/{sessions[0]['id']}").status_code == 204
    assert console.get("/api/v1/me").status_code == 401
    assert admin.delete(f"/api/v1/me/sessions/{sessions[0]['id']}").status_code == 404
    assert client.get("/api/v1/me/sessions").status_code == 401


def test_logout_revokes_the_console_session(client, factory):
    admin = factory.association_admin(factory.association())
    created = new_ticket(client)
    admin.post(f"{TICKETS}/{created['scene']}/confirm")
    console = ApiClient(client.raw, token=poll(client, created["ticket"]).get_json()["token"])
    assert console.post("/api/v1/auth/logout").status_code == 204
    assert console.get("/api/v1/me").status_code == 401
    assert admin.get("/api/v1/me").status_code == 200


def test_a_stale_last_seen_is_refreshed_on_use(client, factory):
    admin = factory.union_admin()
    long_ago = utcnow() - timedelta(hours=1)
    db.session.execute(update(AuthToken).values(last_seen_at=long_ago))
    db.session.commit()
    admin.get("/api/v1/me")
    db.session.expire_all()
    seen = db.session.scalar(select(AuthToken)).last_seen_at
    assert seen > long_ago + timedelta(minutes=30)


@pytest.mark.mariadb
def test_concurrent_polls_hand_out_exactly_one_token(client, factory, app):
    created = new_ticket(client)
    factory.union_admin().post(f"{TICKETS}/{created['scene']}/confirm")
    barrier = threading.Barrier(6)
    results = []

    def one_poll():
        with app.app_context():
            barrier.wait()
            response = app.test_client().get(f"{TICKETS}/{created['ticket']}")
            results.append(response.get_json())

    threads = [threading.Thread(target=one_poll) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tokens = [r["token"] for r in results if "token" in r]
    assert len(tokens) == 1, results
    assert sorted(r["status"] for r in results) == ["confirmed"] + ["used"] * 5
    assert len(db.session.scalars(select(AuthToken).where(AuthToken.kind == "console")).all()) == 1
