"""Errors of the quizzes domain: one class per code raised more than once, so a code is spelt
once and the API answers it with the same status everywhere."""

from app.errors import BadRequest, Conflict, NotFound


class CampaignClosed(Conflict):
    code, message = "campaign_closed", "The campaign is closed."


class CampaignNotFound(NotFound):
    code, message = "campaign_not_found", "No such campaign."


class ImportFileUnreadable(BadRequest):
    code, message = "import_file_unreadable", "The file cannot be read."
