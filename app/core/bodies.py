"""Checks every JSON request body passes before a schema sees it.

Marshmallow checks shapes and lengths; it lets through text no column can store: NUL, which
MariaDB keeps but every consumer downstream (exports, the mini-program, logs) truncates at, and
lone UTF-16 surrogates ("\\ud800" is valid JSON), which utf8mb4 cannot encode at all, so the
driver fails mid-transaction with a 500. One walk over the body answers both with a 422 that
names the field."""

import json

from flask import current_app, request

from app.errors import PayloadTooLarge, ValidationFailed


def check_json_body() -> None:
    """before_request: size first (413), then the text inside (422). Malformed JSON is left to
    the route's parser, which answers 400 invalid_json."""
    if not request.is_json:
        return
    limit = current_app.config["MAX_JSON_BODY_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(f"A JSON body may not exceed {limit} bytes.")
    raw = request.get_data(cache=True)
    if len(raw) > limit:  # chunked uploads carry no Content-Length
        raise PayloadTooLarge(f"A JSON body may not exceed {limit} bytes.")
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        return
    problems: dict = {}
    _walk(body, (), problems)
    if problems:
        raise ValidationFailed(details={"location": "json", "fields": problems})


def _walk(value, path: tuple, problems: dict) -> None:
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
    if "\x00" in text:
        return "Text may not contain the NUL character."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "Text is not valid Unicode (a lone surrogate)."
    return None
