"""Users and their roles. A role may be scoped to a station or an association."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db


class Role(enum.StrEnum):
    RESIDENT = "resident"
    VOLUNTEER = "volunteer"
    PUBLICIST = "publicist"
    LECTURER = "lecturer"
    STATION_ADMIN = "station_admin"
    ASSOCIATION_ADMIN = "association_admin"
    UNION_ADMIN = "union_admin"
    INSPECTOR = "inspector"  # 督导组, scoped to an association


class AgeBand(enum.StrEnum):
    UNKNOWN = "unknown"
    UNDER_14 = "under_14"
    FROM_14_TO_17 = "14_17"
    ADULT = "18_plus"


class GuardianRelation(enum.StrEnum):
    FATHER = "father"
    MOTHER = "mother"
    GRANDPARENT = "grandparent"
    LEGAL_GUARDIAN = "legal_guardian"  # 其他监护人 (appointed by law or a court)


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), unique=True)
    unionid: Mapped[str | None] = mapped_column(String(64))
    nickname: Mapped[str | None] = mapped_column(String(64))
    # The station whose entrance the user first came through (PRODUCT.md §2).
    first_station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    age_band: Mapped[str] = mapped_column(String(16), default=AgeBand.UNKNOWN)
    # An under-14's guardian consent is recorded by an admin of the minor's station who saw the
    # guardian, never by the minor (README, Privacy): who consented, as what, and who recorded it.
    guardian_consent_at: Mapped[datetime | None]
    guardian_name: Mapped[str | None] = mapped_column(String(64))
    guardian_relation: Mapped[str | None] = mapped_column(String(16))
    guardian_consent_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    privacy_version: Mapped[str | None] = mapped_column(String(32))
    privacy_accepted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]

    roles: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user",
        primaryjoin="and_(User.id == RoleGrant.user_id, RoleGrant.revoked_at.is_(None))",
        viewonly=True,
        lazy="selectin",
    )

    @property
    def is_minor(self) -> bool:
        return self.age_band in (AgeBand.UNDER_14, AgeBand.FROM_14_TO_17)

    @property
    def needs_guardian_consent(self) -> bool:
        """Under-14s need a guardian's consent before photos or public listing (§10)."""
        return self.age_band == AgeBand.UNDER_14 and self.guardian_consent_at is None

    @property
    def may_be_listed_publicly(self) -> bool:
        """14–17 get conservative defaults (no public name or photo); under-14s need consent."""
        if self.age_band == AgeBand.FROM_14_TO_17:
            return False
        if self.age_band == AgeBand.UNDER_14:
            return self.guardian_consent_at is not None
        return True

    def has_role(self, role: str) -> bool:
        return any(grant.role == role for grant in self.roles)


class RoleGrant(db.Model):
    """A role held by a user, scoped to a station or an association. Revoked, never deleted."""

    __tablename__ = "role_grants"
    __table_args__ = (Index("ix_role_grants_user_role", "user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    role: Mapped[str] = mapped_column(String(32))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoke_reason: Mapped[str | None] = mapped_column(String(255))

    user: Mapped[User] = relationship(back_populates="roles", foreign_keys=[user_id])
