"""The station directory's keyword search: GET /api/v1/stations?q=..."""

from urllib.parse import quote


def ids(client, q: str, **filters) -> set[int]:
    extra = "".join(f"&{key}={value}" for key, value in filters.items())
    response = client.get(f"/api/v1/stations?q={quote(q)}{extra}")
    assert response.status_code == 200, response.get_json()
    return {s["id"] for s in response.get_json()["items"]}


def test_keyword_matches_name_district_or_address(factory, client):
    """q finds a station by a part of its name, its district or its address."""
    a = factory.association()
    youanmen = factory.station(
        association=a,
        name="右安门街道网络安全志愿服务站",
        district="丰台区",
        address="右安门东街1号",
    )
    haidian = factory.station(
        association=a, name="首师大附中教育基地", district="海淀区", address="北洼路33号"
    )
    chaoyang = factory.station(
        association=a, name="望京服务站", district="朝阳区", address="阜通东大街6号"
    )
    assert ids(client, "右安门") == {youanmen.id}
    assert ids(client, "海淀") == {haidian.id}
    assert ids(client, "阜通东") == {chaoyang.id}
    assert ids(client, "服务站") == {youanmen.id, chaoyang.id}
    assert ids(client, "不存在的关键词") == set()


def test_keyword_ignores_case_and_surrounding_spaces(factory, client):
    """q is matched case-insensitively, and a keyword of spaces filters nothing."""
    a = factory.association()
    cbd = factory.station(association=a, name="CBD Cyber Safety Station", district="朝阳区")
    other = factory.station(association=a, name="右安门服务站", district="丰台区")
    assert ids(client, "cbd cyber") == {cbd.id}
    assert ids(client, "  SAFETY ") == {cbd.id}
    assert ids(client, "   ") == {cbd.id, other.id}


def test_wildcards_in_the_keyword_are_literal(factory, client):
    """A % or _ typed in q matches that character only, never 'anything'."""
    a = factory.association()
    percent = factory.station(association=a, name="100%反诈服务站", district="丰台区")
    underscore = factory.station(association=a, name="A_B服务站", district="丰台区")
    plain = factory.station(association=a, name="AXB服务站", district="丰台区")
    assert ids(client, "%") == {percent.id}
    assert ids(client, "A_B") == {underscore.id}
    assert ids(client, "_") == {underscore.id}
    assert ids(client, "/") == set()
    assert plain.id in ids(client, "服务站")


def test_keyword_combines_with_the_other_filters(factory, client):
    """q narrows within the district and kind filters; the total counts the matches."""
    a = factory.association()
    fengtai = factory.station(association=a, name="右安门服务站", district="丰台区")
    factory.station(association=a, name="右安门教育基地", district="丰台区", kind="education_base")
    factory.station(association=a, name="右安门外服务站", district="西城区")
    response = client.get(f"/api/v1/stations?q={quote('右安门')}&district={quote('丰台区')}")
    body = response.get_json()
    assert body["total"] == 2
    assert ids(client, "右安门", district=quote("丰台区"), kind="service_station") == {fengtai.id}


def test_suspended_stations_stay_hidden_from_a_keyword_search(factory, client):
    """Searching does not reveal a suspended station to the public."""
    a = factory.association()
    factory.station(association=a, name="右安门服务站", district="丰台区", status="suspended")
    assert ids(client, "右安门") == set()


def test_an_overlong_keyword_is_a_field_error(client):
    """q longer than 100 characters is a 422 naming q, not a 500."""
    response = client.get("/api/v1/stations?q=" + "x" * 101)
    assert response.status_code == 422
    assert "q" in response.get_json()["error"]["details"]["fields"]
