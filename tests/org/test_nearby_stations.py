"""附近的服务站: GET /api/v1/stations?near=lat,lng orders by distance and shows it in metres;
admins set a station's coordinates (GCJ-02, from wx.chooseLocation) with PATCH."""

import pytest

# Around Beijing's 天安门 (GCJ-02): distances checked against the haversine formula by hand.
TIANANMEN = (39.908823, 116.397470)


def directory(client, query: str):
    response = client.get(f"/api/v1/stations?{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_nearest_first_with_distance_in_metres(factory, client):
    """The station 1.1 km away comes before the one 5.6 km away; the one without coordinates
    comes last, with no distance."""
    a = factory.association()
    far = factory.station(association=a, name="远站", latitude=39.958823, longitude=116.397470)
    unknown = factory.station(association=a, name="无坐标站")
    near = factory.station(association=a, name="近站", latitude=39.908823, longitude=116.410470)
    page = directory(client, f"near={TIANANMEN[0]},{TIANANMEN[1]}")
    assert [s["id"] for s in page["items"]] == [near.id, far.id, unknown.id]
    distances = [s["distance_m"] for s in page["items"]]
    # 0.013° of longitude at 39.9°N ≈ 1,109 m; 0.05° of latitude ≈ 5,560 m.
    assert 1_100 <= distances[0] <= 1_120
    assert 5_550 <= distances[1] <= 5_570
    assert distances[2] is None
    assert page["items"][0]["latitude"] == pytest.approx(39.908823)


def test_order_follows_distance_not_id_across_pages(factory, client):
    """Paging keeps the distance order: the nearest of five is on page 1 whatever its id."""
    a = factory.association()
    created = [
        factory.station(association=a, latitude=39.9 + 0.01 * k, longitude=116.4)
        for k in (4, 3, 2, 1, 0)
    ]
    first = directory(client, "near=39.9,116.4&per_page=2")
    second = directory(client, "near=39.9,116.4&per_page=2&page=2")
    assert first["total"] == 5
    ordered = [s["id"] for s in first["items"] + second["items"]]
    assert ordered == [created[4].id, created[3].id, created[2].id, created[1].id]


def test_without_near_the_directory_is_unchanged(factory, client):
    """No near: ordered by id, and no distance is invented."""
    a = factory.association()
    s1 = factory.station(association=a, latitude=40.0, longitude=116.0)
    s2 = factory.station(association=a)
    page = directory(client, "")
    assert [s["id"] for s in page["items"]] == [s1.id, s2.id]
    assert all(s.get("distance_m") is None for s in page["items"])


def test_near_combines_with_filters(factory, client):
    """near orders within the district filter; other districts stay out."""
    a = factory.association()
    inside = factory.station(association=a, district="东城区", latitude=39.92, longitude=116.41)
    factory.station(association=a, district="西城区", latitude=39.909, longitude=116.3975)
    page = directory(client, "near=39.908823,116.397470&district=东城区")
    assert [s["id"] for s in page["items"]] == [inside.id]


@pytest.mark.parametrize(
    "near",
    ["abc", "39.9", "39.9,", "91,116", "39.9,181", "39.9;116.4", "1e3,5", "39.9,116.4,3", " "],
)
def test_bad_near_is_a_clear_422(client, near):
    response = client.get(f"/api/v1/stations?near={near}")
    assert response.status_code == 422, (near, response.get_json())
    assert "near" in response.get_json()["error"]["details"]["fields"], response.get_json()


def test_station_admin_sets_coordinates(factory):
    """wx.chooseLocation's result is saved by PATCH and shown in the directory."""
    station = factory.station()
    admin = factory.station_admin(station)
    response = admin.patch(
        f"/api/v1/stations/{station.id}", json={"latitude": 31.2304, "longitude": 121.4737}
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["latitude"] == pytest.approx(31.2304)
    shown = admin.get(f"/api/v1/stations/{station.id}").get_json()
    assert shown["longitude"] == pytest.approx(121.4737)


@pytest.mark.parametrize(
    "body,field",
    [
        ({"latitude": 31.2}, "longitude"),
        ({"longitude": 121.4}, "latitude"),
        ({"latitude": 91, "longitude": 121.4}, "latitude"),
        ({"latitude": 31.2, "longitude": -181}, "longitude"),
        ({"latitude": "north", "longitude": 121.4}, "latitude"),
        ({"latitude": 31.2, "longitude": None}, "longitude"),
        ({"latitude": None}, "latitude"),
    ],
)
def test_bad_coordinates_are_refused_and_nothing_changes(factory, body, field):
    station = factory.station(latitude=30.0, longitude=120.0)
    admin = factory.station_admin(station)
    response = admin.patch(f"/api/v1/stations/{station.id}", json=body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["details"]["fields"], response.get_json()
    shown = admin.get(f"/api/v1/stations/{station.id}").get_json()
    assert (shown["latitude"], shown["longitude"]) == (30.0, 120.0)


def test_coordinates_cleared_together(factory):
    station = factory.station(latitude=30.0, longitude=120.0)
    admin = factory.station_admin(station)
    response = admin.patch(
        f"/api/v1/stations/{station.id}", json={"latitude": None, "longitude": None}
    )
    assert response.status_code == 200
    assert response.get_json()["latitude"] is None


def test_only_its_admins_move_a_station(factory):
    """A resident, another station's admin and another association's admin may not set it."""
    station = factory.station()
    other = factory.station()
    body = {"latitude": 31.2, "longitude": 121.4}
    for outsider in (
        factory.resident(),
        factory.station_admin(other),
        factory.association_admin(factory.association()),
    ):
        response = outsider.patch(f"/api/v1/stations/{station.id}", json=body)
        assert response.status_code in (403, 404), response.get_json()
