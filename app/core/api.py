"""flask-smorest's Api with our error shape instead of its own."""

import flask_smorest
import marshmallow as ma


class ErrorBodySchema(ma.Schema):
    code = ma.fields.String(metadata={"description": "stable snake_case error code"})
    message = ma.fields.String(metadata={"description": "readable text"})
    details = ma.fields.Dict(metadata={"description": "per-field messages and other details"})


class ErrorSchema(ma.Schema):
    """What every error response looks like (documentation only)."""

    error = ma.fields.Nested(ErrorBodySchema)


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        # app.errors.register_errors installs the one error family; smorest's must not win.
        pass


def schema_name(schema) -> str | None:
    """OpenAPI component names carry their domain (VolunteersApplication,
    QualificationsApplication), so two domains' schemas of the same name never collide."""
    from apispec.ext.marshmallow.common import resolve_schema_cls

    cls = resolve_schema_cls(schema)
    name = cls.__name__.removesuffix("Schema")
    parts = cls.__module__.split(".")
    if parts[0] == "app" and len(parts) > 2 and parts[1] != "core":
        prefix = "".join(word.title() for word in parts[1].split("_"))
        if not name.startswith(prefix.rstrip("s")):
            name = prefix + name
    if getattr(schema, "only", None) or getattr(schema, "exclude", None):
        return None  # apispec inlines partial schemas rather than naming them
    return name
