"""The application factory."""

import importlib
import os

from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask

from app import domains
from app.core import sqlite
from app.core.api import ErrorResponses, schema_name
from app.core.auth import load_bearer_user
from app.core.bodies import check_json_body
from app.core.ratelimit import enforce_request_limits
from app.core.routing import IdConverter, id_parameter_schema
from app.errors import register_errors as install
from app.extensions import api, db, init_redis, limiter, migrate
from config import config_from_env


def create_app(config_class=None) -> Flask:
    if config_class is None:
        config_class = config_from_env()
    config_class.validate()
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(config_class)
    # Chinese text stays readable in responses (curl, logs) instead of \uXXXX escapes.
    app.json.ensure_ascii = False
    app.config.setdefault("RQ_INLINE", not app.config.get("REDIS_URL"))
    register_extensions(app)
    register_blueprints(app)
    register_errors(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    from app.core.logs import configure_logging, init_request_ids
    from app.ops.metrics import init_metrics

    configure_logging(app)
    if app.config.get("PROXY_FIX_X_FOR"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_FIX_X_FOR"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    # A failed statement's parameters (answers, ids, phone numbers) never reach a log line.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        "hide_parameters": True,
    }
    if uri.startswith(("mysql", "mariadb")):
        # READ COMMITTED: a use case that lost a unique-key race must see the winner's row.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
            "isolation_level": "READ COMMITTED",
        }
    if uri.startswith("sqlite:///"):
        os.makedirs(
            os.path.dirname(app.config["SQLALCHEMY_DATABASE_URI"][10:]) or ".", exist_ok=True
        )
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                sqlite.install(engine)
    migrate.init_app(
        app, db, directory=app.root_path + "/../migrations", compare_type=True, render_as_batch=True
    )
    init_redis(app)

    # The request id and the timer first, so every later hook's log lines and refusals count.
    init_request_ids(app)
    init_metrics(app)
    # Our hooks run before the limiter's so limits can key on the logged-in account.
    app.before_request(load_bearer_user)
    app.before_request(enforce_request_limits)
    app.before_request(check_json_body)
    app.config.setdefault("RATELIMIT_DEFAULT", None)
    limiter.init_app(app)
    api.init_app(
        app,
        spec_kwargs={
            "marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=schema_name),
            "extra_plugins": [ErrorResponses()],
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
            # Every operation needs a login unless its route is marked @public.
            "security": [{"bearerAuth": []}],
        },
    )


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter  # before any rule is added
    api.register_converter(IdConverter, id_parameter_schema)
    for name in domains.MODEL_MODULES:
        importlib.import_module(name)
    for name in domains.ROUTE_MODULES:
        api.register_blueprint(importlib.import_module(name).blp)
    for name in domains.PLAIN_ROUTE_MODULES:
        app.register_blueprint(importlib.import_module(name).blp)


def register_errors(app: Flask) -> None:
    install(app)


def register_cli(app: Flask) -> None:
    for name in domains.CLI_MODULES:
        importlib.import_module(name).register(app)
