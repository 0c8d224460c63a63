"""Station scenes: resolve, rotate (old answers 410), QR code cached per scene, login
attribution, and that a scene grants nothing."""

import pytest
from sqlalchemy import select

from app.core.wechat import wechat
from app.extensions import db
from app.users.models import User
from app.wechat import WeChatClient

WXACODE = "/wxa/getwxacodeunlimit"


def scene_of(factory, station) -> str:
    return factory.union_admin().get(f"/api/v1/stations/{station.id}").get_json()["scene"]


@pytest.mark.parametrize("scene", ["abc", "ABCDEFGHI", "ABC-DEF", "ÄBCDEFG"])
def test_a_scene_of_the_wrong_shape_is_400(scene, client):
    """Scenes are 6-8 of 0-9A-Z; anything else is a 400 scene_malformed."""
    response = client.get(f"/api/v1/entrances/{scene}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "scene_malformed"


def test_an_unknown_scene_is_404(client, world):
    """A well-formed scene nobody issued is a 404."""
    response = client.get("/api/v1/entrances/ZZZZZZZZ")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "entrance_not_found"


def test_rotation_retires_the_old_scene(world, factory, client):
    """After a rotation the old scene answers 410 and the new one opens the same station."""
    admin = factory.station_admin(world.s)
    old = scene_of(factory, world.s)
    rotated = admin.post(f"/api/v1/stations/{world.s.id}/scene/rotate")
    assert rotated.status_code == 200
    new = rotated.get_json()["scene"]
    assert new != old
    gone = client.get(f"/api/v1/entrances/{old}")
    assert gone.status_code == 410
    assert gone.get_json()["error"]["code"] == "entrance_rotated"
    assert client.get(f"/api/v1/entrances/{new}").get_json()["station"]["id"] == world.s.id
    assert admin.get(f"/api/v1/stations/{world.s.id}").get_json()["scene"] == new
    log = factory.union_admin().get("/api/v1/audit-log?action=station.scene_rotate").get_json()
    assert log["items"][0]["before"] == {"scene": old}
    assert log["items"][0]["after"] == {"scene": new}


def test_qrcode_is_made_once_per_scene_and_remade_after_rotation(world, factory, wechat_standin):
    """The PNG comes from getwxacodeunlimit with the scene and entrance page, is cached, and a
    rotation makes the next request fetch a code for the new scene."""
    admin = factory.station_admin(world.s)
    first = admin.get(f"/api/v1/stations/{world.s.id}/qrcode")
    assert first.status_code == 200 and first.mimetype == "image/png"
    assert first.data.startswith(b"\x89PNG")
    second = admin.get(f"/api/v1/stations/{world.s.id}/qrcode")
    assert second.data == first.data
    calls = wechat_standin.calls(WXACODE)
    assert len(calls) == 1
    sent = calls[0][2]
    assert sent["scene"] == scene_of(factory, world.s)
    assert sent["page"] == "pages/entry/index/index"
    assert sent["env_version"] == "release"
    new_scene = admin.post(f"/api/v1/stations/{world.s.id}/scene/rotate").get_json()["scene"]
    third = admin.get(f"/api/v1/stations/{world.s.id}/qrcode")
    assert third.status_code == 200
    calls = wechat_standin.calls(WXACODE)
    assert len(calls) == 2 and calls[1][2]["scene"] == new_scene
    assert third.data != first.data


def test_qrcode_when_wechat_is_unreachable_is_503(world, factory, app, redis):
    """No WeChat, no code: a 503 JSON error, and nothing is cached."""
    admin = factory.station_admin(world.s)
    app.extensions["wechat"] = WeChatClient(
        "wx-standin-appid", "standin-secret", base_url="http://127.0.0.1:9", redis=redis
    )
    assert wechat().base_url == "http://127.0.0.1:9"
    response = admin.get(f"/api/v1/stations/{world.s.id}/qrcode")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "wechat_unavailable"
    assert not redis.keys("qrcode:*")


def test_login_with_a_scene_records_the_first_station_only(world, factory, client):
    """The first scene a user comes through is kept; later scenes do not overwrite it."""
    first = client.login("scanner_1", scene=scene_of(factory, world.ss))
    client.login("scanner_1", scene=scene_of(factory, world.f))
    db.session.expire_all()
    user = db.session.get(User, first.user_id)
    assert user.first_station_id == world.ss.id


def test_login_with_a_rotated_scene_attributes_nothing(world, factory, client):
    """A retired scene ties nobody to the station."""
    old = scene_of(factory, world.s)
    factory.union_admin().post(f"/api/v1/stations/{world.s.id}/scene/rotate")
    user_id = client.login("late_scanner", scene=old).user_id
    db.session.expire_all()
    assert db.session.get(User, user_id).first_station_id is None


def test_possessing_a_scene_grants_nothing(world, factory, client):
    """A user who came in through a station's code is no admin of it."""
    scanner = client.login("curious_scanner", scene=scene_of(factory, world.s))
    assert scanner.get(f"/api/v1/stations/{world.s.id}/qrcode").status_code == 403
    assert scanner.patch(f"/api/v1/stations/{world.s.id}", json={"name": "x"}).status_code == 403
    assert "scene" not in scanner.get(f"/api/v1/stations/{world.s.id}").get_json()
    user = db.session.scalar(select(User).where(User.id == scanner.user_id))
    assert user.roles == []
