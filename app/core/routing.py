"""The URL converter behind every `<int:...>` in a route."""

from werkzeug.routing import BaseConverter

from app.core.schemas import MAX_ID


class IdConverter(BaseConverter):
    """A row id in a path: 1 to 10 digits, no leading zero. Anything else (0, "null", a
    20-digit number SQLite cannot even bind) is a 404 before any query runs. The bound lives in
    the pattern, not in a range check after it: Werkzeug answers 405 instead of 404 when a
    range check refuses a path that another method's rule shares."""

    regex = r"[1-9][0-9]{0,9}"
    weight = 50
    part_isolating = True

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def id_parameter_schema(converter: IdConverter) -> dict:
    """How the OpenAPI document describes a path id; ids above MAX_ID never exist."""
    return {"type": "integer", "minimum": 1, "maximum": MAX_ID}
