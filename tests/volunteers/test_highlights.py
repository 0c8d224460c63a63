"""Highlights pass WeChat's content check before anyone sees them; images stay private."""

import io
import os

from sqlalchemy import text

from app.activities.highlights import record_media_verdict
from app.activities.models import Highlight

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def setup(world):
    activity = world.activity()
    volunteer = world.volunteer()
    volunteer.post(f"/api/v1/activities/{activity['id']}/signups")
    return activity, volunteer


def post_text(client, activity, text_):
    return client.post(f"/api/v1/activities/{activity['id']}/highlights", json={"text": text_})


def post_image(client, activity, data, text_=None):
    form = {"image": (io.BytesIO(data), "photo.png")}
    if text_:
        form["text"] = text_
    return client.raw.post(
        f"/api/v1/activities/{activity['id']}/highlights",
        data=form,
        headers={"Authorization": f"Bearer {client.token}"},
        content_type="multipart/form-data",
    )


def public(world, activity):
    return world.client.get(f"/api/v1/activities/{activity['id']}/highlights").get_json()["items"]


def test_text_that_passes_is_shown(world):
    activity, volunteer = setup(world)
    response = post_text(volunteer, activity, "今天教会了二十位老人识别诈骗短信")
    assert response.status_code == 201
    assert (response.get_json()["text_check"], response.get_json()["status"]) == ("pass", "visible")
    assert [h["id"] for h in public(world, activity)] == [response.get_json()["id"]]


def test_text_under_review_is_held_for_an_admin(world):
    activity, volunteer = setup(world)
    held = post_text(volunteer, activity, "需要 REVIEW 的内容").get_json()
    assert (held["text_check"], held["status"]) == ("review", "held")
    assert public(world, activity) == []
    queue = world.admin.get(f"/api/v1/activities/{activity['id']}/highlights?status=held")
    assert [h["id"] for h in queue.get_json()["items"]] == [held["id"]]
    approved = world.admin.post(
        f"/api/v1/highlights/{held['id']}/moderate", json={"action": "approve"}
    )
    assert approved.get_json()["status"] == "visible"
    assert [h["id"] for h in public(world, activity)] == [held["id"]]


def test_risky_text_is_refused_and_nothing_is_stored(world, db):
    activity, volunteer = setup(world)
    response = post_text(volunteer, activity, "RISKY 内容")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "content_risky"
    assert db.session.execute(text("SELECT COUNT(*) FROM activity_highlights")).scalar() == 0


def test_when_wechat_cannot_be_reached_the_text_is_held(world, wechat_standin):
    activity, volunteer = setup(world)
    wechat_standin.fail_next("/wxa/msg_sec_check", -1, times=20)
    held = post_text(volunteer, activity, "正常内容").get_json()
    assert (held["text_check"], held["status"]) == ("unavailable", "held")
    assert public(world, activity) == []


def test_an_image_waits_for_the_verdict_and_is_private_until_then(world, app, db):
    activity, volunteer = setup(world)
    response = post_image(volunteer, activity, PNG)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["image_check"], body["status"]) == ("pending", "held")
    highlight = db.session.get(Highlight, body["id"])
    assert highlight.media_trace_id
    assert os.path.exists(
        os.path.join(app.config["UPLOAD_DIR"], "highlights", highlight.image_file)
    )
    image_url = f"/api/v1/highlights/{body['id']}/image"
    assert world.client.get(image_url).status_code == 404
    assert world.admin.get(image_url).status_code == 200
    assert volunteer.get(image_url).status_code == 200
    record_media_verdict(trace_id=highlight.media_trace_id, suggest="pass")
    shown = world.client.get(image_url)
    assert shown.status_code == 200
    assert shown.mimetype == "image/png" and shown.data == PNG
    assert [h["id"] for h in public(world, activity)] == [body["id"]]


def test_a_risky_image_is_refused_and_cannot_be_approved(world, db):
    activity, volunteer = setup(world)
    body = post_image(volunteer, activity, JPEG, text_="活动照片").get_json()
    trace_id = db.session.get(Highlight, body["id"]).media_trace_id
    record_media_verdict(trace_id=trace_id, suggest="risky")
    approve = world.admin.post(
        f"/api/v1/highlights/{body['id']}/moderate", json={"action": "approve"}
    )
    assert approve.status_code == 409
    assert approve.get_json()["error"]["code"] == "highlight_refused"
    assert public(world, activity) == []


def test_only_jpeg_or_png_up_to_5_mb(world, db):
    activity, volunteer = setup(world)
    gif = post_image(volunteer, activity, b"GIF89a" + b"\x00" * 10)
    assert gif.status_code == 422
    assert gif.get_json()["error"]["code"] == "image_type_unsupported"
    big = post_image(volunteer, activity, PNG + b"\x00" * (5 * 1024 * 1024))
    assert big.status_code == 413
    assert big.get_json()["error"]["code"] == "image_too_large"
    assert db.session.execute(text("SELECT COUNT(*) FROM activity_highlights")).scalar() == 0


def test_the_station_admin_can_hide_a_highlight_and_strangers_cannot(world):
    activity, volunteer = setup(world)
    shown = post_text(volunteer, activity, "现场照片").get_json()
    foreign = world.factory.station_admin(world.factory.station())
    url = f"/api/v1/highlights/{shown['id']}/moderate"
    assert foreign.post(url, json={"action": "hide"}).status_code == 403
    assert world.admin.post(url, json={"action": "hide"}).get_json()["status"] == "hidden"
    assert public(world, activity) == []


def test_only_participants_and_the_station_post(world):
    activity, _ = setup(world)
    stranger = world.volunteer()
    response = post_text(stranger, activity, "路过")
    assert response.status_code == 403
    assert post_text(world.admin, activity, "站点发布").status_code == 201


def test_the_station_queue_gathers_held_highlights_of_all_its_activities(world):
    """GET /stations/{id}/highlights?status=held: the admin's moderation queue across the
    station's activities, with each check's verdict; another station's stay out."""
    activity, volunteer = setup(world)
    second = world.activity()
    held = post_text(volunteer, activity, "需要 REVIEW 的内容").get_json()
    shown = post_text(volunteer, activity, "今天教会了老人识别诈骗短信").get_json()
    other_station = world.factory.station(association=world.association)
    other_admin = world.factory.station_admin(other_station)
    queue = world.admin.get(f"/api/v1/stations/{world.station.id}/highlights?status=held")
    assert queue.status_code == 200, queue.get_json()
    items = queue.get_json()["items"]
    assert [h["id"] for h in items] == [held["id"]]
    assert (items[0]["text_check"], items[0]["activity_id"]) == ("review", activity["id"])
    everything = world.admin.get(f"/api/v1/stations/{world.station.id}/highlights")
    assert {h["id"] for h in everything.get_json()["items"]} == {held["id"], shown["id"]}
    assert second["station_id"] == world.station.id
    empty = other_admin.get(f"/api/v1/stations/{other_station.id}/highlights?status=held")
    assert empty.get_json()["items"] == []


def test_only_the_stations_admins_see_its_queue(world, client):
    setup(world)
    url = f"/api/v1/stations/{world.station.id}/highlights?status=held"
    association_admin = world.factory.association_admin(world.association)
    assert association_admin.get(url).status_code == 200
    foreign = world.factory.station_admin(world.factory.station())
    for outsider in (foreign, world.factory.resident(), world.volunteer()):
        assert outsider.get(url).status_code == 403
    assert client.get(url).status_code == 401
    assert world.admin.get("/api/v1/stations/999999/highlights").status_code == 404
    bad = world.admin.get(f"/api/v1/stations/{world.station.id}/highlights?status=maybe")
    assert bad.status_code == 422
