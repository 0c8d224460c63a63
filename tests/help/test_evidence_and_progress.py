"""A help request's photo evidence (private, like hours evidence) and the subscribe message that
tells the reporter each step of their case."""

import io

import pytest
from sqlalchemy import select

from app.extensions import db
from app.notifications.models import Notification

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def attach(client, request_id, data, name="photo.png"):
    return client.raw.post(
        f"/api/v1/help-requests/{request_id}/evidence-image",
        data={"image": (io.BytesIO(data), name)},
        headers={"Authorization": f"Bearer {client.token}"},
        content_type="multipart/form-data",
    )


def test_reporter_attaches_a_photo_that_only_reporter_and_handlers_see(world, client):
    row = world.file()
    response = attach(world.reporter, row["id"], PNG)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["has_evidence_image"] is True
    for viewer in (world.reporter, world.admin, world.other_admin):
        shown = viewer.get(f"/api/v1/help-requests/{row['id']}/evidence-image")
        assert shown.status_code == 200
        assert (shown.mimetype, shown.data) == ("image/png", PNG)
    # Supervisors see counts, never a case; other stations and residents see nothing.
    for outsider in (
        world.foreign_admin,
        world.association_admin,
        world.factory.resident(),
    ):
        refused = outsider.get(f"/api/v1/help-requests/{row['id']}/evidence-image")
        assert refused.status_code == 403, refused.get_json()
    assert client.get(f"/api/v1/help-requests/{row['id']}/evidence-image").status_code == 401


def test_a_second_photo_replaces_the_first(world):
    row = world.file()
    attach(world.reporter, row["id"], PNG)
    assert attach(world.reporter, row["id"], JPEG, "b.jpg").status_code == 200
    shown = world.admin.get(f"/api/v1/help-requests/{row['id']}/evidence-image")
    assert (shown.mimetype, shown.data) == ("image/jpeg", JPEG)


@pytest.mark.parametrize(
    "data,status,code",
    [
        (b"GIF89a" + b"\x00" * 10, 422, "image_type_unsupported"),
        (b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024), 413, "image_too_large"),
    ],
)
def test_bad_photos_are_refused_and_nothing_is_kept(world, data, status, code):
    row = world.file()
    response = attach(world.reporter, row["id"], data)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"]["code"] == code
    assert (
        world.admin.get(f"/api/v1/help-requests/{row['id']}").get_json()["has_evidence_image"]
        is False
    )


def test_only_the_reporter_attaches_and_not_after_closing(world):
    row = world.file()
    for other in (world.admin, world.factory.resident()):
        assert attach(other, row["id"], PNG).status_code == 404
    missing = world.reporter.raw.post(
        f"/api/v1/help-requests/{row['id']}/evidence-image",
        data={},
        headers={"Authorization": f"Bearer {world.reporter.token}"},
        content_type="multipart/form-data",
    )
    assert missing.status_code == 422
    assert "image" in missing.get_json()["error"]["details"]["fields"]
    world.admin.post(f"/api/v1/help-requests/{row['id']}/accept", json={})
    world.admin.post(f"/api/v1/help-requests/{row['id']}/close", json={"outcome": "已报警处理"})
    closed = attach(world.reporter, row["id"], PNG)
    assert closed.status_code == 409
    assert closed.get_json()["error"]["code"] == "help_request_wrong_status"


def messages_to(user_id):
    db.session.expire_all()
    return db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user_id, Notification.event == "help_progress")
        .order_by(Notification.id)
    ).all()


def test_each_step_tells_the_reporter_without_the_case_in_the_message(world):
    row = world.file()
    assert messages_to(world.reporter.user_id) == []
    world.admin.post(f"/api/v1/help-requests/{row['id']}/accept", json={"note": "内部备注"})
    world.admin.post(f"/api/v1/help-requests/{row['id']}/refer", json={"to": "police"})
    world.admin.post(f"/api/v1/help-requests/{row['id']}/close", json={"outcome": "已立案"})
    sent = messages_to(world.reporter.user_id)
    assert [m.data["phrase2"] for m in sent] == ["已受理", "已转交相关部门", "已办结"]
    assert {m.data["thing1"] for m in sent} == {"电信网络诈骗"}
    assert all(m.page == f"pages/help/mine/index?id={row['id']}" for m in sent)
    # Neither the description, the note, the outcome nor the phone travel in the message.
    for message in sent:
        flat = " ".join(message.data.values())
        for secret in ("安全账户", "内部备注", "已立案", "13812345678"):
            assert secret not in flat


def test_a_refused_step_sends_nothing(world):
    row = world.file()
    response = world.admin.post(f"/api/v1/help-requests/{row['id']}/close", json={"outcome": "x"})
    assert response.status_code == 409
    assert messages_to(world.reporter.user_id) == []
