"""Test data for the volunteers tests, behind the one-line fixtures of conftest.py. Tests import
these from here, never from a conftest."""

from datetime import timedelta

from app.core.time import utcnow

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(body17: str = "11010519491231002") -> str:
    """A resident ID number with the right check character."""
    total = sum(int(d) * w for d, w in zip(body17, WEIGHTS, strict=True))
    return body17 + "10X98765432"[total % 11]


class World:
    """A station with two admins (maker and checker), helpers to make volunteers."""

    def __init__(self, factory, client):
        self.factory = factory
        self.client = client
        self.association = factory.association()
        self.station = factory.station(association=self.association)
        self.admin = factory.station_admin(self.station)
        self.checker = factory.station_admin(self.station)

    def volunteer(self, station=None, admin=None, **extra):
        """A logged-in client whose application was approved."""
        station = station or self.station
        admin = admin or (self.admin if station is self.station else None)
        person = self.factory.resident()
        body = {"station_id": station.id, "real_name": "张三", "phone": "13812345678", **extra}
        response = person.post("/api/v1/volunteer-applications", json=body)
        assert response.status_code == 201, response.get_json()
        approved = admin.post(f"/api/v1/volunteer-applications/{response.get_json()['id']}/approve")
        assert approved.status_code == 200, approved.get_json()
        return person

    def activity(self, *, start=None, hours=2, capacity=10, station=None, admin=None, **extra):
        start = start or utcnow() + timedelta(days=1)
        station = station or self.station
        admin = admin or self.admin
        body = {
            "title": "反诈宣讲进社区",
            "kind": "community",
            "place": "社区活动室",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=hours)).isoformat(),
            "capacity": capacity,
            **extra,
        }
        response = admin.post(f"/api/v1/stations/{station.id}/activities", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def on_site(self, activity) -> dict:
        """The body a volunteer's phone sends after scanning the activity's code on site."""
        return {"scene": activity["check_in_scene"]}


class Clock:
    """Sets the time the activities service sees (check-in, check-out, sign-up)."""

    def __init__(self, monkeypatch):
        import app.activities.service as activities

        self.now = None
        monkeypatch.setattr(activities, "utcnow", lambda: self.now or utcnow())

    def set(self, value):
        self.now = value
