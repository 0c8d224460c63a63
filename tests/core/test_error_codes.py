"""Error codes are classes, and the mini-program's messages name only codes the server raises."""

import importlib.util
import re
from pathlib import Path

import pytest

from app.errors import AppError
from app.gifts.service import OutOfStock
from app.stations.errors import StationNotFound

ROOT = Path(__file__).resolve().parents[2]


def load_scanner():
    spec = importlib.util.spec_from_file_location(
        "error_codes", ROOT / "scripts" / "error_codes.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def mini_program_codes() -> list[str]:
    source = (ROOT / "miniprogram" / "services" / "request.js").read_text(encoding="utf-8")
    table = source[source.index("const CODE_MESSAGES = {") :]
    return re.findall(r"^\s*([a-z0-9_]+)\s*:", table[: table.index("};")], re.M)


@pytest.mark.no_app
def test_every_code_the_mini_program_explains_is_raised_by_the_server():
    codes = set(load_scanner().server_codes())
    assert "station_not_found" in codes  # spelt once, in app/stations/errors.py
    assert "wechat_code_invalid" in codes  # from auth's LOGIN_ERRORS table
    assert [code for code in mini_program_codes() if code not in codes] == []


@pytest.mark.no_app
def test_the_scanner_reads_each_way_a_code_is_spelt(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "errors.py").write_text(
        "class Gone(AppError):\n    status, code, message = 410, 'gone', 'Gone.'\n"
        "class OutOfStock(Conflict):\n    code = 'out_of_stock'\n"
        "HTTP_CODES = {405: 'method_not_allowed'}\n"
        "def f():\n    raise NotFound('No such thing.', code='thing_not_found')\n"
    )
    assert load_scanner().server_codes(tmp_path) == [
        "gone",
        "method_not_allowed",
        "out_of_stock",
        "thing_not_found",
    ]


@pytest.mark.no_app
def test_a_domain_error_class_keeps_the_code_status_and_message_it_replaced():
    assert (StationNotFound.status, StationNotFound.code) == (404, "station_not_found")
    assert str(StationNotFound()) == "No such station."
    error = StationNotFound("The parent station is gone.")
    assert (error.code, error.message) == ("station_not_found", "The parent station is gone.")
    assert issubclass(OutOfStock, AppError)
