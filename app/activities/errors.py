"""Errors of the activities domain: one class per code raised more than once, so a code is spelt
once and the API answers it with the same status everywhere."""

from app.errors import Conflict, Forbidden


class ActivityEnded(Conflict):
    code, message = "activity_ended", "This activity is over."


class AlreadyCheckedIn(Conflict):
    code, message = "already_checked_in", "You have already checked in."


class NotSignedUp(Forbidden):
    code, message = "not_signed_up", "Only participants and the station post highlights."
