"""Errors of the stations domain: one class per code raised more than once, so a code is spelt
once and the API answers it with the same status everywhere."""

from app.errors import Conflict, NotFound


class AssociationNameTaken(Conflict):
    code, message = "association_name_taken", "An association has this name."


class AssociationNotFound(NotFound):
    code, message = "association_not_found", "No such association."


class InviteUsed(Conflict):
    code, message = "invite_used", "This invite code has been used."


class StationNotFound(NotFound):
    code, message = "station_not_found", "No such station."


class StationSuspended(Conflict):
    code, message = "station_suspended", "The station is suspended."
