"""One error family. Every error leaves the API as
{"error": {"code": "snake_case", "message": "readable text", "details": {...}}}."""

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class AppError(Exception):
    status = 400
    code = "bad_request"
    message = "The request could not be handled."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        details: dict | None = None,
        status: int | None = None,
    ):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.code = code or self.code
        self.details = details or {}
        self.status = status or self.status


class BadRequest(AppError):
    status, code, message = 400, "bad_request", "The request is not valid."


class ValidationFailed(AppError):
    status, code, message = 422, "validation_error", "Some fields are not valid."


class Unauthorized(AppError):
    status, code, message = 401, "unauthorized", "Log in first."


class Forbidden(AppError):
    status, code, message = 403, "forbidden", "You may not do this."


class NotFound(AppError):
    status, code, message = 404, "not_found", "Not found."


class Conflict(AppError):
    status, code, message = 409, "conflict", "This conflicts with the current state."


class Gone(AppError):
    status, code, message = 410, "gone", "This is no longer valid."


class PayloadTooLarge(AppError):
    status, code, message = 413, "payload_too_large", "The request body is too large."


class UnsupportedMediaType(AppError):
    status, code, message = 415, "unsupported_media_type", "Send a supported content type."


class RateLimited(AppError):
    status, code, message = 429, "rate_limited", "Too many requests; try again shortly."


class ServiceUnavailable(AppError):
    status, code, message = 503, "service_unavailable", "A service we depend on is unavailable."


HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
}


def error_response(status: int, code: str, message: str, details: dict | None = None):
    body = {"error": {"code": code, "message": message, "details": details or {}}}
    return jsonify(body), status


def handle_app_error(error: AppError):
    return error_response(error.status, error.code, error.message, error.details)


def handle_http_exception(error: HTTPException):
    """Werkzeug and webargs errors, reshaped; validation messages become per-field details."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if messages:
        location, fields = next(iter(messages.items()))
        if location == "json" and isinstance(fields, list) and "Invalid JSON body." in fields:
            return error_response(400, "invalid_json", "The body is not valid JSON.")
        if isinstance(fields, dict) and set(fields) == {"_schema"}:
            fields = {"_schema": fields["_schema"]}
        return error_response(
            422,
            "validation_error",
            "Some fields are not valid.",
            {"location": location, "fields": fields},
        )
    if status >= 500:
        log.exception("unhandled server error", exc_info=error)
        return error_response(500, "internal_error", "Something went wrong on our side.")
    code = HTTP_CODES.get(status, "http_error")
    if status == 429:
        return error_response(
            429,
            code,
            "Too many requests; try again shortly.",
            {"limit": str(getattr(error, "description", ""))},
        )
    return error_response(status, code, error.description or error.name)


def handle_unexpected(error: Exception):
    # A deadlock, lock timeout or SQLite's busy lock that outlasted the use case's retries: the
    # transaction was rolled back whole, so the client may simply send the request again.
    from sqlalchemy.exc import DBAPIError

    from app.core.transactions import is_retryable

    if isinstance(error, DBAPIError) and is_retryable(error):
        log.warning("database busy after retries: %s", type(error.orig).__name__)
        response, status = error_response(
            503, "database_busy", "The database is busy; nothing was saved. Try again."
        )
        response.headers["Retry-After"] = "1"
        return response, status
    log.exception("unhandled server error")
    return error_response(500, "internal_error", "Something went wrong on our side.")


def register_errors(app: Flask) -> None:
    app.register_error_handler(AppError, handle_app_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
