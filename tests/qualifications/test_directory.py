"""The public directory shows only approved people and only what each agreed to publish;
minors are never shown by name or photo."""

import pytest

from tests.qualifications.factories import apply, take_assessment

PHOTO = "https://cdn.example.com/p.png"


@pytest.fixture
def approve_new(newcomer, admin, association, assessment):
    """approve_new(openid, **application fields) -> (client, approved application)."""

    def _approve(openid, **overrides):
        person = newcomer(openid)
        if overrides.pop("minor", False):
            assert person.patch("/api/v1/me", json={"age_band": "14_17"}).status_code == 200
        take_assessment(person, assessment)
        application = apply(person, association, **overrides)
        response = admin.post(f"/api/v1/qualification-applications/{application['id']}/approve")
        assert response.status_code == 200, response.get_json()
        return person, response.get_json()

    return _approve


def test_only_published_fields_are_shown(client, approve_new):
    approve_new(
        "open_one",
        real_name="李讲师",
        photo_url=PHOTO,
        publish={"name": True, "organisation": True, "topics": True, "photo": True},
    )
    approve_new(
        "quiet_one",
        real_name="赵讲师",
        photo_url=PHOTO,
        publish={"name": False, "organisation": False, "topics": False, "photo": False},
    )
    response = client.get("/api/v1/lecturers")
    assert response.status_code == 200
    entries = {e["name"]: e for e in response.get_json()["items"]}
    assert set(entries) == {"李讲师", None}
    assert entries["李讲师"]["organisation"] == "右安门社区学校"
    assert entries["李讲师"]["photo_url"] == PHOTO
    quiet = entries[None]
    assert (quiet["organisation"], quiet["topics"], quiet["photo_url"]) == (None, [], None)
    body = response.get_data(as_text=True)
    for secret in ("赵讲师", "13912345678", "社区讲座三年"):
        assert secret not in body


def test_a_minor_is_never_listed_by_name_or_photo(client, approve_new):
    approve_new(
        "young_one",
        kind="publicist",
        real_name="小明",
        photo_url=PHOTO,
        publish={"name": True, "organisation": True, "topics": True, "photo": True},
        minor=True,
    )
    [entry] = client.get("/api/v1/publicists").get_json()["items"]
    assert (entry["name"], entry["photo_url"]) == (None, None)
    assert entry["topics"] == ["反电信网络诈骗法", "个人信息保护"]
    assert "小明" not in client.get("/api/v1/publicists").get_data(as_text=True)


def test_a_topic_filter_matches_only_published_topics(client, approve_new):
    approve_new("shows_topics", real_name="甲", topics=["反诈"])
    approve_new(
        "hides_topics",
        real_name="乙",
        topics=["反诈"],
        publish={"name": True, "organisation": False, "topics": False, "photo": False},
    )
    names = [e["name"] for e in client.get("/api/v1/lecturers?topic=反诈").get_json()["items"]]
    assert names == ["甲"]
    assert client.get("/api/v1/lecturers?topic=无此主题").get_json()["items"] == []


def test_only_approved_unrevoked_people_of_the_kind_and_association_are_listed(
    client, factory, admin, association, newcomer, approve_new
):
    _, kept = approve_new("kept_one", real_name="甲")
    _, revoked = approve_new("revoked_one", real_name="乙")
    admin.post(f"/api/v1/qualifications/{revoked['id']}/revoke", json={"reason": "停止服务"})
    apply(newcomer("pending_one"), association, real_name="丙")
    approve_new("publicist_one", kind="publicist", real_name="丁")
    listed = client.get("/api/v1/lecturers").get_json()
    assert [e["name"] for e in listed["items"]] == ["甲"] and listed["total"] == 1
    own = client.get(f"/api/v1/lecturers?association_id={association.id}").get_json()
    assert [e["id"] for e in own["items"]] == [kept["id"]]
    other = factory.association()
    assert client.get(f"/api/v1/lecturers?association_id={other.id}").get_json()["items"] == []
    assert [e["name"] for e in client.get("/api/v1/publicists").get_json()["items"]] == ["丁"]
