"""Production refuses unsafe configuration; development runs on the embedded default."""

import pytest

from config import DEFAULT_SECRET_KEY, DevelopmentConfig, ProductionConfig

SAFE = {
    "SECRET_KEY": "a-long-random-production-key",
    "DATABASE_URL": "mysql+pymysql://app@db/wanganlian",
    "REDIS_URL": "redis://cache:6379/0",
    "WECHAT_APPID": "wx1234567890",
    "WECHAT_SECRET": "real-secret",
    "WECHAT_API_BASE": "https://api.weixin.qq.com",
    "ID_ENCRYPTION_KEY": "k" * 44,
}

pytestmark = pytest.mark.no_app


@pytest.fixture
def production_env(monkeypatch):
    for name, value in SAFE.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def test_a_complete_production_configuration_is_accepted(production_env):
    ProductionConfig.validate()


@pytest.mark.parametrize("missing", sorted(SAFE))
def test_production_refuses_a_missing_setting(production_env, missing):
    if missing == "WECHAT_API_BASE":
        production_env.delenv(missing)  # falls back to the stand-in: refused below
        with pytest.raises(RuntimeError, match="stand-in"):
            ProductionConfig.validate()
        return
    production_env.delenv(missing)
    with pytest.raises(RuntimeError, match=missing):
        ProductionConfig.validate()


def test_production_refuses_the_default_secret_key(production_env):
    production_env.setenv("SECRET_KEY", DEFAULT_SECRET_KEY)
    with pytest.raises(RuntimeError, match="development default"):
        ProductionConfig.validate()


@pytest.mark.parametrize("base", ["http://127.0.0.1:5055", "http://localhost:5055"])
def test_production_refuses_the_wechat_stand_in(production_env, base):
    production_env.setenv("WECHAT_API_BASE", base)
    with pytest.raises(RuntimeError, match="stand-in"):
        ProductionConfig.validate()


def test_create_app_runs_the_production_check(production_env):
    from app import create_app

    production_env.setenv("SECRET_KEY", DEFAULT_SECRET_KEY)
    with pytest.raises(RuntimeError):
        create_app(ProductionConfig)


def test_development_defaults_to_sqlite_and_inline_jobs(monkeypatch):
    from app import create_app

    class Dev(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        REDIS_URL = None

    app = create_app(Dev)
    assert app.config["RQ_INLINE"] is True
    assert type(app.extensions["redis"]).__module__.startswith("fakeredis")


def test_production_refuses_the_embedded_sqlite_database(production_env):
    production_env.setenv("DATABASE_URL", "sqlite:////srv/wanganlian.db")
    with pytest.raises(RuntimeError, match="SQLite"):
        ProductionConfig.validate()
