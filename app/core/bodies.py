"""Checks every JSON request body passes before a schema sees it.

Marshmallow checks shapes and lengths; it lets through text no column should store: NUL and
other control characters, which MariaDB keeps but every consumer downstream (exports, the
mini-program, logs) mangles, and lone UTF-16 surrogates ("\\ud800" is valid JSON), which
utf8mb4 cannot encode at all, so the driver fails mid-transaction with a 500. One walk over the
body answers all of them with a 422 that names the field; a body nested deeper than any of ours
is a 400 (parsing 5,000 levels was a RecursionError, a 500)."""

import json
import re

from flask import current_app, request

from app.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType, ValidationFailed

MAX_DEPTH = 32  # our deepest body (a survey answer sheet) is four levels
# C0 controls and DEL, except tab, line feed and carriage return, which free text may hold.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_json_body() -> None:
    """before_request: the content type (415), the size (413), the nesting (400), then the text
    inside (422). Malformed JSON is left to the route's parser: 400 invalid_json."""
    if not request.is_json:
        refuse_json_in_disguise()
        return
    limit = current_app.config["MAX_JSON_BODY_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(f"A JSON body may not exceed {limit} bytes.")
    raw = request.get_data(cache=True)
    if len(raw) > limit:  # chunked uploads carry no Content-Length
        raise PayloadTooLarge(f"A JSON body may not exceed {limit} bytes.")
    try:
        body = json.loads(raw) if raw else None
    except RecursionError:
        raise too_deep() from None
    except ValueError:
        return
    problems: dict = {}
    _walk(body, (), problems)
    if problems:
        raise ValidationFailed(details={"location": "json", "fields": problems})


def refuse_json_in_disguise() -> None:
    """A JSON body sent as text/plain (or with no type) would be read as no body at all and
    answered "missing field"; say what is wrong instead. Uploads (multipart) and WeChat's XML
    pushes have their own types and pass."""
    if request.method not in ("POST", "PUT", "PATCH") or not request.path.startswith("/api/"):
        return
    if request.mimetype not in ("", "text/plain"):
        return
    if request.content_length == 0 or not request.get_data(cache=True).strip():
        return
    raise UnsupportedMediaType("Send JSON bodies with Content-Type: application/json.")


def too_deep() -> BadRequest:
    return BadRequest(f"The body is nested more than {MAX_DEPTH} levels deep.", code="too_deep")


def _walk(value, path: tuple, problems: dict) -> None:
    if len(path) > MAX_DEPTH:
        raise too_deep()
    if isinstance(value, str):
        message = unstorable(value)
        if message:
            problems[".".join(map(str, path)) or "_schema"] = [message]
    elif isinstance(value, dict):
        for key, item in value.items():
            if unstorable(key):
                problems[".".join(map(str, path)) or "_schema"] = ["A field name is not text."]
            _walk(item, (*path, key), problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, (*path, index), problems)


def unstorable(text: str) -> str | None:
    if CONTROL.search(text):
        return "Text may not contain control characters (tab and line breaks are allowed)."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "Text is not valid Unicode (a lone surrogate)."
    return None
