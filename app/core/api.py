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
