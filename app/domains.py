"""The domains the app is made of. Each route module exposes `blp`; each CLI module `register(app)`.
Adding a domain is one line here."""

# Every model module, so that the metadata (and Alembic) sees every table.
MODEL_MODULES = [
    "app.stations.models",
    "app.users.models",
    "app.auth.models",
    "app.entrances.models",
    "app.points.models",
    "app.audit.models",
    "app.volunteers.models",
    "app.activities.models",
    "app.hours.models",
    "app.quizzes.models",
    "app.qualifications.models",
    "app.targets.models",
    "app.notifications.models",
    "app.help.models",
    "app.surveys.models",
    "app.core.idempotency",
    "app.gifts.models",
    "app.settlements.models",
    "app.console.models",
    "app.inspections.models",
]

ROUTE_MODULES = [
    "app.auth.routes",
    "app.users.routes",
    "app.entrances.routes",
    "app.wechat_events.routes",
    "app.stations.routes",
    "app.audit.routes",
    "app.volunteers.routes",
    "app.activities.routes",
    "app.hours.routes",
    "app.quizzes.routes",
    "app.qualifications.routes",
    "app.targets.routes",
    "app.notifications.routes",
    "app.help.routes",
    "app.surveys.routes",
    "app.points.routes",
    "app.gifts.routes",
    "app.settlements.routes",
    "app.boards.routes",
    "app.console.routes",
    "app.figures.routes",
    "app.settlements.health_routes",
    "app.auth.sessions",
    "app.inspections.routes",
]

# Plain Flask blueprints outside the API and its OpenAPI document: health and metrics, and the
# web console's static files.
PLAIN_ROUTE_MODULES = ["app.ops.routes", "app.console.site"]

CLI_MODULES = [
    "app.users.cli",
    "app.demo.cli",
    "app.stations.cli",
    "app.activities.cli",
    "app.hours.cli",
    "app.quizzes.cli",
    "app.notifications.cli",
    "app.surveys.cli",
    "app.points.cli",
    "app.gifts.cli",
    "app.settlements.cli",
]

# Demo data, seeded in this order by `flask seed-demo`; each module has seed_demo(ctx) -> lines.
DEMO_MODULES = [
    "app.demo.base",
    "app.stations.demo",
    "app.activities.demo",
    "app.quizzes.demo",
    "app.qualifications.demo",
    "app.targets.demo",
    "app.help.demo",
    "app.surveys.demo",
    "app.points.demo",
    "app.gifts.demo",
    "app.inspections.demo",
]

# Modules that register settlement kinds (app.settlements.kinds.register_kind).
SETTLEMENT_MODULES: list[str] = [
    "app.hours.settlement",
    "app.quizzes.settlement",
    "app.surveys.settlement",
    "app.gifts.settlement",
    "app.settlements.settlement",
]
