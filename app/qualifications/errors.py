"""Errors of the qualifications domain: one class per code raised more than once, so a code is spelt
once and the API answers it with the same status everywhere."""

from app.errors import NotFound


class ApplicationNotFound(NotFound):
    code, message = "application_not_found", "No such application."
