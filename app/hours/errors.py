"""Errors of the hours domain: one class per code raised more than once, so a code is spelt
once and the API answers it with the same status everywhere."""

from app.errors import Conflict, NotFound


class RecordNotFound(NotFound):
    code, message = "record_not_found", "No such service-hour record."


class RecordReviewed(Conflict):
    code, message = (
        "record_reviewed",
        "This record was already reviewed; verified records are never changed.",
    )


class RequestHandled(Conflict):
    code, message = "request_handled", "This request was already handled."
