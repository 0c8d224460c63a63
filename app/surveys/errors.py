"""Errors of the surveys domain: one class per code raised more than once, so a code is spelt
once and the API answers it with the same status everywhere."""

from app.errors import NotFound, ValidationFailed


class QuestionnaireInvalid(ValidationFailed):
    code, message = "questionnaire_invalid", "The questionnaire needs 1-200 questions."


class SurveyNotFound(NotFound):
    code, message = "survey_not_found", "No such survey."


class SurveyResponseNotFound(NotFound):
    code, message = "survey_response_not_found", "No such response."
