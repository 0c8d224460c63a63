"""Test data for the surveys tests, behind the one-line fixtures of conftest.py. Tests import
these from here, never from a conftest."""

import itertools
from datetime import datetime, timedelta

from app.core.time import SHANGHAI
from app.surveys.demo import QUESTIONNAIRE

_clients = itertools.count(1)


def beijing(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


# Internal test Sep 8–9, public test Sep 11–12, collection Sep 13–22 (end exclusive: Sep 23 00:00).
WINDOWS = {
    "internal_test_starts_at": beijing(2023, 9, 8).isoformat(),
    "internal_test_ends_at": beijing(2023, 9, 10).isoformat(),
    "public_test_starts_at": beijing(2023, 9, 11).isoformat(),
    "public_test_ends_at": beijing(2023, 9, 13).isoformat(),
    "collection_starts_at": beijing(2023, 9, 13).isoformat(),
    "collection_ends_at": beijing(2023, 9, 23).isoformat(),
}


IN_COLLECTION = beijing(2023, 9, 15, 10, 0)


def survey_body(association_id=None, **overrides) -> dict:
    body = {
        "title": "2023 网民网络安全感满意度调查",
        "association_id": association_id,
        "questionnaire": QUESTIONNAIRE,
        **WINDOWS,
        "min_seconds": 60,
        "points": 20,
        "subsidy_fen_per_valid": 10,
    }
    body.update(overrides)
    return body


def answers(**overrides) -> dict:
    """A complete, varied (valid) set of answers; overrides replace or, with None, drop one."""
    result = {
        "age_band": "25_34",
        "occupation": "employee",
        "region": "urban",
        "satisfaction": {
            "fraud": "5",
            "privacy": "4",
            "minors": "4",
            "rumours": "3",
            "platform": "4",
        },
        "concerns": ["fraud", "leak"],
        "advice": "多开展进社区宣传",
    }
    for key, value in overrides.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self):
        return self.now


class World:
    """An association with two stations (one with a sub-station), a second association, admins,
    a survey of the first association and its links."""

    def __init__(self, factory, client, clock):
        self.factory, self.client, self.clock = factory, client, clock
        self.association = factory.association(name="北京网络空间安全协会")
        self.station = factory.station(association=self.association, name="右安门服务站")
        self.sub_station = factory.station(parent=self.station, name="翠林社区分站")
        self.other_station = factory.station(association=self.association, name="天坛服务站")
        self.other_association = factory.association(name="广东省网络空间安全协会", region="广东省")
        self.foreign_station = factory.station(association=self.other_association, name="广州站")
        self.association_admin = factory.association_admin(self.association)
        self.station_admin = factory.station_admin(self.station)
        self.union_admin = factory.union_admin()
        made = self.association_admin.post(
            "/api/v1/surveys", json=survey_body(association_id=self.association.id)
        )
        assert made.status_code == 201, made.get_json()
        self.survey = made.get_json()
        self.station_link = self.link(station_id=self.station.id)
        self.sub_station_link = self.link(station_id=self.sub_station.id)
        self.other_station_link = self.link(station_id=self.other_station.id)
        self.association_link = self.link(association_id=self.association.id)

    def link(self, **body) -> dict:
        made = self.association_admin.post(f"/api/v1/surveys/{self.survey['id']}/links", json=body)
        assert made.status_code in (200, 201), made.get_json()
        return made.get_json()

    def submit(self, user_client, link=None, client_id=None, started=None, answer_set=None):
        body = {
            "link_scene": (link or self.station_link)["scene"],
            "client_id": client_id or f"client-{next(_clients):06d}",
            "started_at": (started or self.clock.now - timedelta(minutes=5)).isoformat(),
            "answers": answer_set or answers(),
        }
        return user_client.post(f"/api/v1/surveys/{self.survey['id']}/responses", json=body)

    def figures(self, admin, **query):
        return admin.get(f"/api/v1/surveys/{self.survey['id']}/figures", query_string=query)


def flags_of(response) -> set[str]:
    return {item["flag"] for item in response.get_json()["flags"]}
