"""flask-smorest's Api with our error shape instead of its own, and an OpenAPI document that
declares the error statuses each operation really answers (no catch-all `default`)."""

from decimal import Decimal
from http import HTTPStatus

import flask_smorest
import marshmallow as ma
from apispec import BasePlugin
from apispec.ext.marshmallow.common import resolve_schema_cls


class ErrorBodySchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"description": "stable snake_case error code"})
    message = ma.fields.String(required=True, metadata={"description": "readable text"})
    details = ma.fields.Dict(
        required=True, metadata={"description": "per-field messages and other details"}
    )


class ErrorSchema(ma.Schema):
    """What every error response looks like (documentation only)."""

    error = ma.fields.Nested(ErrorBodySchema, required=True)


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ErrorSchema
    # A `default` response matches every status, so a client (or a contract check) could never
    # tell a documented error from an accident; ErrorResponses declares the real ones instead.
    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_error_handlers(self):
        # app.errors.register_errors installs the one error family; smorest's must not win.
        pass

    def _init_spec(self, *args, **kwargs):
        super()._init_spec(*args, **kwargs)
        self.ma_plugin.converter.add_attribute_function(numeric_bounds)


def numeric_bounds(converter, field, ret, **kwargs) -> dict:
    """A Decimal field's Range is documented through the field (Decimal("0.01")), which JSON
    renders as the string "0.01"; OpenAPI bounds are numbers."""
    bounds = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
    return {
        key: int(value) if value == value.to_integral_value() else float(value)
        for key, value in ret.items()
        if key in bounds and isinstance(value, Decimal)
    }


# What every operation of a kind can answer, whatever its route does:
ANY_REQUEST = (429,)  # the per-address flood ceiling (app.core.ratelimit) sees every request
AUTHENTICATED = (401,)  # no, an expired or a revoked token
WITH_PATH_IDS = (404,)  # the thing named in the path does not exist (or is not the caller's)
WITH_BODY = (400, 413, 415, 422)  # not JSON, too large, not a JSON content type, invalid fields
WITH_QUERY = (422,)
WITH_IDEMPOTENCY_KEY = (400, 409)  # key missing or too long; key reused or still in progress


class ErrorResponses(BasePlugin):
    """Adds the statuses of ANY_REQUEST ... WITH_IDEMPOTENCY_KEY to each operation, derived
    from what the operation declares: its security (see `public`), path, body, query and
    headers. Statuses only some routes raise (403, 409, 410, 503) come from `responds`."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in (operations or {}).values():
            statuses = set(ANY_REQUEST)
            if operation.get("security") != []:
                statuses.update(AUTHENTICATED)
            if "{" in (path or ""):
                statuses.update(WITH_PATH_IDS)
            if "requestBody" in operation:
                statuses.update(WITH_BODY)
            parameters = operation.get("parameters", [])
            if any(_location(parameter) == "query" for parameter in parameters):
                statuses.update(WITH_QUERY)
            if any(_name(parameter) == "Idempotency-Key" for parameter in parameters):
                statuses.update(WITH_IDEMPOTENCY_KEY)
            responses = {str(code): value for code, value in operation.get("responses", {}).items()}
            for status in statuses:
                responses.setdefault(str(status), HTTPStatus(status).name)
            operation["responses"] = dict(sorted(responses.items()))


def _location(parameter) -> str | None:
    return parameter.get("in") if isinstance(parameter, dict) else None


def _name(parameter) -> str | None:
    return parameter.get("name") if isinstance(parameter, dict) else None


def public(view):
    """Route decorator: the operation needs no login (overrides the document's bearerAuth)."""
    return flask_smorest.Blueprint.doc(security=[])(view)


def responds(*statuses: int):
    """Route decorator: error statuses this route raises beyond those ErrorResponses derives
    for every operation of its kind (e.g. 403 from a role check, 409 from a state check)."""
    return flask_smorest.Blueprint.doc(
        responses={str(status): HTTPStatus(status).name for status in statuses}
    )


BINARY = {"schema": {"type": "string", "format": "binary"}}


def file_response(*content_types: str, description: str = "The file."):
    """Route decorator: the 200 is a file of one of these types, not JSON."""
    return flask_smorest.Blueprint.doc(
        responses={
            "200": {"description": description, "content": dict.fromkeys(content_types, BINARY)}
        }
    )


def schema_name(schema) -> str | None:
    """OpenAPI component names carry their domain (VolunteersApplication,
    QualificationsApplication), so two domains' schemas of the same name never collide."""
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
