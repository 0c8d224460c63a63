"""The organisation tree: 网安联 → association → station or education base → sub-station."""

import enum
from datetime import datetime

from sqlalchemy import Double, ForeignKey, String
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


class PlaceType(enum.StrEnum):
    """Where a station is set up; the seed's four ways (设立分站) name these places."""

    GOVERNMENT_WINDOW = "government_window"  # 街道服务大厅, 派出所服务大厅
    PARTNER_INSTITUTION = "partner_institution"  # 枫桥服务站, 养老中心, 法律援助, 心理辅导 …
    COMMUNITY = "community"
    ENTERPRISE = "enterprise"  # 企事业单位
    SCHOOL = "school"  # 大中小学校
    MALL = "mall"  # 商超, 万达广场
    HOSPITAL = "hospital"
    INDUSTRIAL_PARK = "industrial_park"
    VILLAGE = "village"  # 行政村
    VILLAGE_COLLECTIVE = "village_collective"  # 村级集体经济组织
    VOLUNTEER_TEAM = "volunteer_team"  # a volunteer organisation's own team
    OTHER = "other"


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
    place_type: Mapped[str] = mapped_column(String(32), default=PlaceType.OTHER)
    address: Mapped[str | None] = mapped_column(String(255))
    contact_name: Mapped[str | None] = mapped_column(String(64))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    opening_hours: Mapped[str | None] = mapped_column(String(255))
    # Where to find it, in GCJ-02 (what wx.chooseLocation and wx.getLocation give); both or neither.
    latitude: Mapped[float | None] = mapped_column(Double)
    longitude: Mapped[float | None] = mapped_column(Double)
    # 党员志愿服务岗: the station hosts a party-member volunteer post.
    party_member_post: Mapped[bool] = mapped_column(default=False)
    suspended_at: Mapped[datetime | None]
    suspend_reason: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(onupdate=utcnow)


class AdminInvite(db.Model):
    """A one-time code that makes whoever claims it first an admin of a station.
    Only a hash of the code is kept, so a database reader cannot claim it."""

    __tablename__ = "station_admin_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A station invite names its station; an association admin invite its association.
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
