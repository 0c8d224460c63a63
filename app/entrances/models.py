"""Entrances (专属入口): a short scene carried by a mini-program code, pointing at one thing."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db


class EntranceKind(enum.StrEnum):
    STATION = "station"
    ACTIVITY = "activity"
    SURVEY_LINK = "survey_link"
    QUIZ_CAMPAIGN = "quiz_campaign"
    CONSOLE_LOGIN = "console_login"  # a web console login ticket (app.console)


class Entrance(db.Model):
    __tablename__ = "entrances"
    __table_args__ = (Index("ix_entrances_target", "kind", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scene: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int]
    # The station a user coming through this entrance is attributed to, when there is one.
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A rotated scene answers 410 so old printed codes say clearly that they are retired.
    rotated_at: Mapped[datetime | None]
