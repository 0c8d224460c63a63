"""Errors of the users domain: one class per code raised more than once, so a code is spelt
once and the API answers it with the same status everywhere."""

from app.errors import BadRequest


class GuardianConsentNotNeeded(BadRequest):
    code, message = "guardian_consent_not_needed", "Guardian consent applies to users under 14."


class PrivacyVersionOutdated(BadRequest):
    code = "privacy_version_outdated"
