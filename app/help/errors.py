"""Errors of the help domain: one class per code raised more than once, so a code is spelt
once and the API answers it with the same status everywhere."""

from app.errors import Forbidden, NotFound


class HelpRequestNotFound(NotFound):
    code, message = "help_request_not_found", "No such help request."


class NotHelpHandler(Forbidden):
    code, message = "not_help_handler", "You do not handle this help request."
