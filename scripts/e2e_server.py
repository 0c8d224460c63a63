"""The real API for the mini-program's end-to-end tests (miniprogram/tests/e2e).

Starts the Flask app on MariaDB + Redis (TEST_DATABASE_URL / TEST_REDIS_URL, defaulting to the
test_e2e database and Redis db 11) with the WeChat stand-in, recreates every table, seeds the demo
data, serves on a free loopback port and prints one line

    E2E_READY http://127.0.0.1:<port>

then serves until killed. Two test-only endpoints exist only in this script, never in the app:

    POST /__e2e__/reset   empty every table and Redis, reset the stand-in, seed the demo again
    GET  /__e2e__/demo    ids and scenes of the demo data (station, its scene, campaigns...)

    .venv/bin/python scripts/e2e_server.py
"""

import importlib
import os
import sys
import threading

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, ROOT)
os.environ.setdefault(
    "TEST_DATABASE_URL", "mysql+pymysql://root@127.0.0.1:3306/test_e2e?charset=utf8mb4"
)
os.environ.setdefault("TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
os.environ.setdefault("APP_ENV", "test")

from flask import jsonify  # noqa: E402
from sqlalchemy import MetaData, select, text  # noqa: E402
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402

from app import create_app, domains  # noqa: E402
from app.extensions import db, get_redis  # noqa: E402
from app.wechat import serve_standin  # noqa: E402
from config import TestConfig  # noqa: E402

# One reset at a time: a reset while another request runs would hand it half-seeded tables.
_reset_lock = threading.Lock()


def ensure_database(url: str) -> None:
    """Create the test database when it is missing (CI creates only `test`)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    target = make_url(url)
    if not target.drivername.startswith(("mysql", "mariadb")) or not target.database:
        return
    engine = create_engine(target.set(database=""), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(
                text(f"CREATE DATABASE IF NOT EXISTS `{target.database}` CHARACTER SET utf8mb4")
            )
    finally:
        engine.dispose()


def drop_every_table() -> None:
    """Drop whatever an earlier run (of any schema version) left in the database."""
    with db.engine.begin() as connection:
        connection.execute(text("SET FOREIGN_KEY_CHECKS=0"))
        existing = MetaData()
        existing.reflect(bind=connection)
        for table in existing.sorted_tables:
            connection.execute(text(f"DROP TABLE `{table.name}`"))
        connection.execute(text("SET FOREIGN_KEY_CHECKS=1"))


def wipe_tables() -> None:
    with db.engine.begin() as connection:
        connection.execute(text("SET FOREIGN_KEY_CHECKS=0"))
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
        connection.execute(text("SET FOREIGN_KEY_CHECKS=1"))


def seed_demo() -> None:
    """What `flask seed-demo` does (app.demo.cli), without printing its lines."""
    context: dict = {}
    for name in domains.DEMO_MODULES:
        importlib.import_module(name).seed_demo(context)
        db.session.commit()


def demo_facts() -> dict:
    """Ids and scenes the tests need, read from the seeded tables."""
    from app.demo.base import DEMO_USERS
    from app.entrances.models import EntranceKind
    from app.entrances.service import current_entrance
    from app.stations.models import Association, Station
    from app.users.models import User

    facts: dict = {"users": {}, "campaigns": []}
    station = db.session.scalar(select(Station).where(Station.parent_id.is_(None)))
    association = db.session.scalar(select(Association))
    entrance = current_entrance(kind=EntranceKind.STATION, target_id=station.id)
    facts.update(
        association_id=association.id,
        station_id=station.id,
        station_name=station.name,
        station_scene=entrance.scene if entrance else None,
    )
    for key, openid in DEMO_USERS.items():
        user = db.session.scalar(select(User).where(User.openid == openid))
        facts["users"][key] = {"id": user.id, "openid": openid}
    from app.quizzes.models import QuizCampaign

    for campaign in db.session.scalars(select(QuizCampaign).order_by(QuizCampaign.id)):
        facts["campaigns"].append({"id": campaign.id, "title": campaign.title})
    from app.surveys.links import link_scene
    from app.surveys.models import Survey, SurveyLink

    survey = db.session.scalar(select(Survey).order_by(Survey.id))
    if survey is not None:
        link = db.session.scalar(
            select(SurveyLink).where(
                SurveyLink.survey_id == survey.id, SurveyLink.station_id == station.id
            )
        )
        facts["survey"] = {
            "id": survey.id,
            "title": survey.title,
            "station_link_scene": link_scene(link) if link else None,
        }
    return facts


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        if os.environ.get("E2E_LOG_REQUESTS"):
            super().log_request(*args, **kwargs)


def build(standin):
    class Config(TestConfig):
        WECHAT_API_BASE = standin.url
        TESTING = False  # errors answer as JSON 500s instead of propagating into werkzeug

    app = create_app(Config)

    def reset():
        with _reset_lock:
            db.session.remove()
            wipe_tables()
            get_redis().flushdb()
            app.extensions.pop("wechat", None)
            standin.reset()
            seed_demo()
            return jsonify(demo_facts())

    app.add_url_rule("/__e2e__/reset", "e2e_reset", reset, methods=["POST"])
    app.add_url_rule("/__e2e__/demo", "e2e_demo", lambda: jsonify(demo_facts()))

    with app.app_context():
        drop_every_table()
        db.create_all()
        get_redis().flushdb()
        seed_demo()
    return app


def main() -> None:
    ensure_database(TestConfig.SQLALCHEMY_DATABASE_URI)
    # Ports: free ones unless given (helpers sharing a machine each keep to their own range).
    standin = serve_standin(port=int(os.environ.get("E2E_STANDIN_PORT", "0")))
    app = build(standin)
    server = make_server(
        "127.0.0.1",
        int(os.environ.get("E2E_PORT", "0")),
        app,
        threaded=True,
        request_handler=QuietHandler,
    )
    print(f"E2E_READY http://127.0.0.1:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        standin.stop()


if __name__ == "__main__":
    main()
