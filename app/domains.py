"""The domains the app is made of. Each route module exposes `blp`; each CLI module `register(app)`.
Adding a domain is one line here."""

# Every model module, so that the metadata (and Alembic) sees every table.
MODEL_MODULES = [
    "app.stations.models",
    "app.users.models",
    "app.auth.models",
    "app.entrances.models",
    "app.points.models",
    "app.settlements.models",
]

ROUTE_MODULES = [
    "app.auth.routes",
    "app.users.routes",
    "app.entrances.routes",
    "app.settlements.routes",
]

CLI_MODULES = [
    "app.users.cli",
    "app.demo.cli",
    "workers.cli",
    "app.settlements.cli",
]

# Demo data, seeded in this order by `flask seed-demo`; each module has seed_demo(ctx) -> lines.
DEMO_MODULES = [
    "app.demo.base",
]

# Modules that register settlement kinds (app.settlements.kinds.register_kind).
SETTLEMENT_MODULES: list[str] = [
    "app.settlements.settlement",
]
