"""Errors of the gifts domain: one class per code raised more than once, so a code is spelt
once and the API answers it with the same status everywhere."""

from app.errors import NotFound


class GiftNotFound(NotFound):
    code, message = "gift_not_found", "No such gift."


class RedemptionNotFound(NotFound):
    code, message = "redemption_not_found", "No such redemption."
