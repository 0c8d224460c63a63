"""Bearer tokens of the app (not WeChat's): random, stored only as a hash, expiring, revocable.
A token is a session: the mini-program's (`app`) or the web console's (`console`), with the
browser and address that got it, so its owner can recognise and revoke it."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db


class TokenKind(enum.StrEnum):
    APP = "app"
    CONSOLE = "console"


class AuthToken(db.Model):
    __tablename__ = "auth_tokens"
    __table_args__ = (Index("ix_auth_tokens_user_id_kind", "user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default=TokenKind.APP, server_default="app")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    # Refreshed at most every few minutes (app.auth.service.SEEN_EVERY), not on every request.
    last_seen_at: Mapped[datetime | None]
    user_agent: Mapped[str | None] = mapped_column(String(255))
    ip: Mapped[str | None] = mapped_column(String(64))
