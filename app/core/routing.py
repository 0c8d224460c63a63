"""The URL converter behind every `<int:...>` in a route."""

from werkzeug.routing import IntegerConverter

from app.core.schemas import MAX_ID


class IdConverter(IntegerConverter):
    """Werkzeug's int with our ids' bounds: /stations/99999999999999999999 is a 404 before any
    query runs (SQLite cannot even bind such a number), and the OpenAPI document says so."""

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
