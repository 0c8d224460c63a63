"""Errors of the auth domain: one class per code raised more than once, so a code is spelt
once and the API answers it with the same status everywhere."""

from app.errors import Unauthorized


class TokenInvalid(Unauthorized):
    code, message = "token_invalid", "The token is not valid; log in again."
