"""Extension singletons. Nothing connects at import: create_app() wires them from config."""

from flask import Flask, current_app, g, request
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from app.core.api import Api
from app.core.model import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
api = Api()


def rate_limit_key() -> str:
    """Limits are per account: the bearer token's user, else the caller's address."""
    user = g.get("current_user")
    if user is not None:
        return f"user:{user.id}"
    return f"addr:{request.remote_addr}"


limiter = Limiter(key_func=rate_limit_key)


def init_redis(app: Flask) -> None:
    """Connect Redis from REDIS_URL, or an in-process fakeredis for the embedded default."""
    url = app.config.get("REDIS_URL")
    if url:
        import redis

        client = redis.Redis.from_url(url)
        app.config.setdefault("RATELIMIT_STORAGE_URI", url)
    else:
        import fakeredis

        client = fakeredis.FakeRedis(server=fakeredis.FakeServer())
        app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.extensions["redis"] = client


def get_redis():
    """The app's Redis client (real or embedded)."""
    return current_app.extensions["redis"]
