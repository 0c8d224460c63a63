"""Serve the built web console at /console/: hashed assets cached for a year, every other path
under /console/ answered with index.html so the Vue router handles it (history mode).

Production runs no Node: `make run` / `make console` builds console/dist once; this only reads it.
The console speaks only the public /api/v1; the one thing it learns from here is whether the
server runs with the WeChat stand-in, written into index.html, so the login page can offer the
stand-in's test login in development and tests only."""

import os
from pathlib import Path
from urllib.parse import urlparse

from flask import Blueprint, Response, abort, current_app, send_from_directory

blp = Blueprint("console_site", __name__)

DIST = Path(__file__).resolve().parents[2] / "console" / "dist"
STANDIN_MARKER = "<!--wal-standin-->"
YEAR = 365 * 24 * 3600


def dist_dir() -> Path:
    return Path(current_app.config.get("CONSOLE_DIST") or DIST)


def runs_with_standin() -> bool:
    """True when WeChat calls go to a loopback stand-in (as ProductionConfig refuses)."""
    host = urlparse(current_app.config.get("WECHAT_API_BASE") or "").hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


def index_response() -> Response:
    index = dist_dir() / "index.html"
    if not index.is_file():
        return Response(
            "管理台尚未构建：请运行 make console（或 make run）。\n",
            status=503,
            mimetype="text/plain",
        )
    html = index.read_text(encoding="utf-8")
    if runs_with_standin():
        html = html.replace(STANDIN_MARKER, '<meta name="wal-standin" content="1">')
    response = Response(html, mimetype="text/html")
    # index.html names the current hashed bundles: always revalidate it.
    response.headers["Cache-Control"] = "no-cache"
    return response


@blp.route("/console")
def console_root():
    return current_app.redirect("/console/", code=308)


@blp.route("/console/", defaults={"path": ""})
@blp.route("/console/<path:path>")
def console(path: str):
    root = dist_dir()
    if path.startswith("assets/"):
        if not (root / path).is_file():
            abort(404)
        response = send_from_directory(root, path, max_age=YEAR)
        # Vite names assets by content hash: a changed file gets a new name.
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        return response
    if path and "." in os.path.basename(path) and (root / path).is_file():
        response = send_from_directory(root, path, max_age=3600)
        return response
    return index_response()
