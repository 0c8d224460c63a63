"""Test data for the help tests, behind the one-line fixtures of conftest.py. Tests import
these from here, never from a conftest."""

from sqlalchemy import func, select

from app.extensions import db
from app.help.models import HelpRequest, HelpRequestEvent
from app.users.models import User

REPORTER_NICKNAME = "举报人小李"


REPORTER_PHONE = "13812345678"


class World:
    def __init__(self, factory):
        self.factory = factory
        self.association = factory.association()
        self.station = factory.station(association=self.association)
        self.sub_station = factory.station(parent=self.station)
        self.admin = factory.station_admin(self.station)
        self.other_admin = factory.station_admin(self.station)
        self.sub_admin = factory.station_admin(self.sub_station)
        self.foreign_station = factory.station()
        self.foreign_admin = factory.station_admin(self.foreign_station)
        self.association_admin = factory.association_admin(self.association)
        self.union_admin = factory.union_admin()
        self.reporter = factory.resident()
        user = db.session.get(User, self.reporter.user_id)
        user.nickname = REPORTER_NICKNAME
        db.session.commit()

    def file(self, api=None, **body):
        """File a request (at the station unless told) and return its JSON."""
        body = {
            "category": "fraud",
            "description": "有人冒充客服让我转账到“安全账户”。",
            "contact_phone": REPORTER_PHONE,
            "station_id": self.station.id,
            **body,
        }
        response = (api or self.reporter).post("/api/v1/help-requests", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def accepted(self, **body):
        row = self.file(**body)
        response = self.admin.post(f"/api/v1/help-requests/{row['id']}/accept", json={})
        assert response.status_code == 200, response.get_json()
        return response.get_json()


def count_rows() -> tuple[int, int]:
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count()).select_from(HelpRequest)),
        db.session.scalar(select(func.count()).select_from(HelpRequestEvent)),
    )
