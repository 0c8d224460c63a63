"""The console's built files at /console/: SPA fallback, asset caching, the stand-in flag."""

import pytest


@pytest.fixture
def dist(app, tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(
        '<html><head><!--wal-standin--></head><body><div id="app"></div></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log(1)", encoding="utf-8")
    (tmp_path / "favicon.ico").write_bytes(b"\x00\x01")
    app.config["CONSOLE_DIST"] = str(tmp_path)
    yield tmp_path
    app.config.pop("CONSOLE_DIST", None)


def test_a_deep_link_gets_index_html_revalidated(app, dist):
    """Any console path the Vue router owns answers index.html, never cached stale."""
    client = app.test_client()
    for path in ("/console/", "/console/stations", "/console/surveys/3/figures"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<div id="app">' in response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "no-cache"


def test_hashed_assets_are_cached_for_a_year(app, dist):
    response = app.test_client().get("/console/assets/index-abc123.js")
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_a_missing_asset_is_404_not_index_html(app, dist):
    """A stale page asking for an old bundle must fail loudly, not get HTML as JavaScript."""
    response = app.test_client().get("/console/assets/index-gone.js")
    assert response.status_code == 404


def test_a_path_outside_dist_is_not_served(app, dist):
    response = app.test_client().get("/console/assets/../../config.py")
    assert response.status_code in (404, 400)
    assert b"SECRET" not in response.data


def test_the_stand_in_flag_is_written_only_with_the_stand_in(app, dist):
    """The login page offers the stand-in's test login only when WeChat calls go to loopback."""
    client = app.test_client()
    assert 'name="wal-standin"' in client.get("/console/").get_data(as_text=True)
    saved = app.config["WECHAT_API_BASE"]
    app.config["WECHAT_API_BASE"] = "https://api.weixin.qq.com"
    try:
        assert 'name="wal-standin"' not in client.get("/console/").get_data(as_text=True)
    finally:
        app.config["WECHAT_API_BASE"] = saved


def test_unbuilt_console_says_how_to_build_it(app, tmp_path):
    app.config["CONSOLE_DIST"] = str(tmp_path / "nothing")
    try:
        response = app.test_client().get("/console/")
    finally:
        app.config.pop("CONSOLE_DIST", None)
    assert response.status_code == 503
    assert "make console" in response.get_data(as_text=True)


def test_console_without_slash_redirects(app):
    response = app.test_client().get("/console")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/console/")
