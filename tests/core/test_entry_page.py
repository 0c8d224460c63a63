"""Every mini-program code the server makes opens a page the mini-program really has."""

import json
from pathlib import Path

import pytest

from config import Config

pytestmark = pytest.mark.no_app

APP_JSON = Path(__file__).resolve().parents[2] / "miniprogram" / "app.json"


def pages_of_the_mini_program() -> set[str]:
    app_json = json.loads(APP_JSON.read_text(encoding="utf-8"))
    pages = set(app_json["pages"])
    for package in app_json.get("subpackages") or app_json.get("subPackages") or []:
        pages |= {f"{package['root'].rstrip('/')}/{page}" for page in package["pages"]}
    return pages


def test_the_entry_page_of_every_code_exists_in_app_json():
    assert Config.WECHAT_ENTRY_PAGE in pages_of_the_mini_program()
