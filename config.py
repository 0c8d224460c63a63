"""Configuration classes, all driven by environment variables.

`make run` uses DevelopmentConfig (embedded SQLite + in-process Redis + WeChat stand-in);
tests use TestConfig (MariaDB + Redis on 127.0.0.1); production uses ProductionConfig, which
refuses to start with a missing secret, a default key or the WeChat stand-in.
"""

import os
from urllib.parse import urlparse

BASE_DIR = os.path.abspath(os.path.dirname(__file__))
DEFAULT_SECRET_KEY = "dev-insecure-secret-key-change-me"
STANDIN_API_BASE = "http://127.0.0.1:5055"
REAL_WECHAT_API_BASE = "https://api.weixin.qq.com"


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_int(name: str, default: int) -> int:
    return int(env(name, str(default)))


def instance_dir() -> str:
    """Where this instance keeps its files; a second `make run` beside the first sets its own."""
    return os.path.abspath(env("INSTANCE_DIR", os.path.join(BASE_DIR, "instance")))


class Config:
    SECRET_KEY = env("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = env(
        "DATABASE_URL", "sqlite:///" + os.path.join(instance_dir(), "wanganlian.db")
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # No REDIS_URL means the embedded default: fakeredis in-process, RQ jobs run inline.
    REDIS_URL = env("REDIS_URL")

    WECHAT_APPID = env("WECHAT_APPID", "wx-standin-appid")
    WECHAT_SECRET = env("WECHAT_SECRET", "standin-secret")
    WECHAT_API_BASE = env("WECHAT_API_BASE", STANDIN_API_BASE)
    # Token of the mini-program's message push (消息推送, plain JSON mode): image verdicts.
    WECHAT_PUSH_TOKEN = env("WECHAT_PUSH_TOKEN")
    # The mini-program page every code opens (it reads the scene and routes); must be in app.json.
    WECHAT_ENTRY_PAGE = env("WECHAT_ENTRY_PAGE", "pages/entry/index/index")
    # Where the station code opens the mini-program; "develop" / "trial" / "release".
    WECHAT_ENV_VERSION = env("WECHAT_ENV_VERSION", "release")
    WECHAT_TEMPLATE_IDS = {
        "application_reviewed": env("WECHAT_TEMPLATE_APPLICATION_REVIEWED", ""),
        "hours_verified": env("WECHAT_TEMPLATE_HOURS_VERIFIED", ""),
        "gift_ready": env("WECHAT_TEMPLATE_GIFT_READY", ""),
        "help_progress": env("WECHAT_TEMPLATE_HELP_PROGRESS", ""),
        "inspection_recorded": env("WECHAT_TEMPLATE_INSPECTION_RECORDED", ""),
        "rectification_due": env("WECHAT_TEMPLATE_RECTIFICATION_DUE", ""),
    }

    TOKEN_TTL_SECONDS = env_int("TOKEN_TTL_SECONDS", 7 * 24 * 3600)
    # Web console (扫码登录): a console token lives a working day; a login ticket 2 minutes.
    CONSOLE_TOKEN_TTL_SECONDS = env_int("CONSOLE_TOKEN_TTL_SECONDS", 10 * 3600)
    CONSOLE_TICKET_TTL_SECONDS = env_int("CONSOLE_TICKET_TTL_SECONDS", 120)
    CONSOLE_MAX_SESSIONS = env_int("CONSOLE_MAX_SESSIONS", 5)
    STATION_ADMIN_INVITE_TTL_HOURS = env_int("STATION_ADMIN_INVITE_TTL_HOURS", 24)
    # Fernet key (urlsafe base64, 32 bytes) for ID numbers at rest; derived from SECRET_KEY
    # when unset so that development needs no extra setting.
    ID_ENCRYPTION_KEY = env("ID_ENCRYPTION_KEY")
    PRIVACY_GUIDE_VERSION = env("PRIVACY_GUIDE_VERSION", "2026-01")
    # 宝盾 earned per verified service hour (credited per minute, rounded down).
    SERVICE_POINTS_PER_HOUR = env_int("SERVICE_POINTS_PER_HOUR", 10)
    # Private uploads (highlight photos, evidence); never served as static files.
    UPLOAD_DIR = env("UPLOAD_DIR", os.path.join(instance_dir(), "uploads"))
    # Survey exports (XLSX of respondents' answers): private to the instance, like uploads.
    SURVEY_EXPORT_DIR = env("SURVEY_EXPORT_DIR", os.path.join(instance_dir(), "exports"))
    # Days a redeemed gift waits for pickup before it expires (points and stock come back).
    REDEMPTION_PICKUP_DAYS = env_int("REDEMPTION_PICKUP_DAYS", 14)
    # Quizzes: starts per account and per station (never per address: a station answers from
    # one Wi-Fi), how late a submit still counts, how long a campaign's question pool is cached.
    QUIZ_START_PER_ACCOUNT = "20/minute"
    QUIZ_START_PER_STATION = "3000/minute"
    QUIZ_SUBMIT_GRACE_SECONDS = 10
    QUIZ_POOL_CACHE_SECONDS = 30
    # Help requests a reporter may file before being refused for a while.
    HELP_REQUEST_RATE_LIMIT = "20/hour"
    # Seconds between a subscribe message's delivery attempts when WeChat is busy.
    NOTIFICATION_RETRY_INTERVALS = [10, 30, 120, 600, 1800]
    # Request bodies: uploads (a 5 MiB photo, a 2 MiB question bank) fit in 8 MiB; no JSON body
    # we accept comes near 1 MiB. Larger is a 413 before anything is parsed.
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    MAX_JSON_BODY_BYTES = 1024 * 1024

    # Limits are per account and per openid; the per-address ceiling is generous because a
    # whole station answers from one Wi-Fi behind one address.
    RATELIMIT_ENABLED = True
    RATELIMIT_PER_ACCOUNT = env("RATELIMIT_PER_ACCOUNT", "300/minute")
    RATELIMIT_LOGIN_PER_OPENID = env("RATELIMIT_LOGIN_PER_OPENID", "10/minute")
    RATELIMIT_PER_ADDRESS = env("RATELIMIT_PER_ADDRESS", "6000/minute")
    # A browser asks for a ticket when its login page opens and polls every 2 seconds.
    RATELIMIT_CONSOLE_TICKETS_PER_ADDRESS = env(
        "RATELIMIT_CONSOLE_TICKETS_PER_ADDRESS", "20/minute"
    )
    RATELIMIT_CONSOLE_POLLS_PER_TICKET = env("RATELIMIT_CONSOLE_POLLS_PER_TICKET", "60/minute")
    RATELIMIT_HEADERS_ENABLED = True

    API_TITLE = "网安联 volunteer platform API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    JSON_SORT_KEYS = False

    # Settlement engine: items per chunk (one transaction each), how long a worker's claim on a
    # chunk lasts before the reconciler hands it out again, and extra kind modules to import
    # (comma-separated; the tests register their own kinds this way).
    SETTLEMENT_CHUNK_SIZE = env_int("SETTLEMENT_CHUNK_SIZE", 2000)
    SETTLEMENT_LEASE_SECONDS = env_int("SETTLEMENT_LEASE_SECONDS", 60)
    SETTLEMENT_MAX_ATTEMPTS = env_int("SETTLEMENT_MAX_ATTEMPTS", 20)
    SETTLEMENT_EXTRA_MODULES = env("SETTLEMENT_EXTRA_MODULES", "")

    # Running it: logs, the proxy in front, health thresholds and who may read /metrics.
    LOG_FORMAT = env("LOG_FORMAT", "json")  # one JSON object per line; "text" for a terminal
    LOG_LEVEL = env("LOG_LEVEL", "INFO")
    # How many proxies (nginx) stand in front of gunicorn: their X-Forwarded-For / -Proto are
    # trusted that many hops deep (werkzeug's ProxyFix). 0 = none: the peer is the client.
    PROXY_FIX_X_FOR = env_int("PROXY_FIX_X_FOR", 0)
    # /metrics answers these networks (comma-separated CIDRs) or the METRICS_TOKEN bearer.
    METRICS_ALLOWED_NETWORKS = env("METRICS_ALLOWED_NETWORKS", "127.0.0.1/32,::1/128")
    METRICS_TOKEN = env("METRICS_TOKEN")
    # /readyz fails when a queue's oldest job waited longer, or the scheduler's beat is older.
    READYZ_MAX_QUEUE_AGE_SECONDS = env_int("READYZ_MAX_QUEUE_AGE_SECONDS", 600)
    READYZ_MAX_SCHEDULER_BEAT_AGE_SECONDS = env_int("READYZ_MAX_SCHEDULER_BEAT_AGE_SECONDS", 180)

    @classmethod
    def validate(cls) -> None:
        """Raise RuntimeError when the configuration is unsafe to run; overridden per class."""


class DevelopmentConfig(Config):
    """`make run` (scripts/run.sh) starts the WeChat stand-in when WECHAT_API_BASE is unset."""


class TestConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = env(
        "TEST_DATABASE_URL", "mysql+pymysql://root@127.0.0.1:3306/test?charset=utf8mb4"
    )
    REDIS_URL = env("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
    SECRET_KEY = "test-secret-key"
    RATELIMIT_PER_ACCOUNT = "100000/minute"
    RATELIMIT_PER_ADDRESS = "100000/minute"
    # Tests run jobs inline unless a test starts a real worker itself (RQ_INLINE=0 in the
    # worker's environment).
    RQ_INLINE = env("RQ_INLINE", "1") != "0"


class ProductionConfig(Config):
    @classmethod
    def validate(cls) -> None:
        problems = []
        for name in (
            "SECRET_KEY",
            "DATABASE_URL",
            "REDIS_URL",
            "WECHAT_APPID",
            "WECHAT_SECRET",
            "ID_ENCRYPTION_KEY",
        ):
            if not env(name):
                problems.append(f"{name} is not set")
        if (env("DATABASE_URL") or "").startswith("sqlite"):
            problems.append(
                "DATABASE_URL is SQLite, the embedded default for one process; "
                "production needs MySQL/MariaDB"
            )
        if env("SECRET_KEY") == DEFAULT_SECRET_KEY:
            problems.append("SECRET_KEY is the development default")
        host = urlparse(env("WECHAT_API_BASE", STANDIN_API_BASE)).hostname or ""
        if host in ("127.0.0.1", "localhost", "::1") or host.startswith("127."):
            problems.append("WECHAT_API_BASE points at the WeChat stand-in")
        if problems:
            raise RuntimeError("refusing to start in production: " + "; ".join(problems))


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    return CONFIGS[env("APP_ENV", "development")]
