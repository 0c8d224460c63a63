"""The organisation tree: 网安联 → association → station or education base → sub-station."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db


class StationKind(enum.StrEnum):
    SERVICE_STATION = "service_station"
    EDUCATION_BASE = "education_base"
    SUB_STATION = "sub_station"


class StationStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


class Association(db.Model):
    __tablename__ = "associations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    region: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Station(db.Model):
    __tablename__ = "stations"

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    # Sub-stations hang under a station; admins of the parent see them too.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32), default=StationKind.SERVICE_STATION)
    status: Mapped[str] = mapped_column(String(16), default=StationStatus.ACTIVE)
    district: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
