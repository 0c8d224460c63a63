"""Test data for the org tests, behind the one-line fixtures of conftest.py. Tests import
these from here, never from a conftest."""

from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.stations.models import Association, Station


@dataclass
class World:
    a: Association
    b: Association
    s: Station
    ss: Station
    s2: Station
    f: Station

    def target(self, name: str) -> Station:
        return {"station": self.s, "sub_station": self.ss}[name]


ROLES = [
    "anonymous",
    "resident",
    "admin_own",
    "admin_sibling",
    "admin_sub",
    "association_own",
    "association_foreign",
    "union",
]


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))
