"""The app under load: the real app plus a bare endpoint on the same stack (bearer auth, per-account
limits, JSON) that does no quiz work, as the ceiling the quiz flow is compared with."""

from flask import jsonify

from app import create_app
from app.core.auth import current_user, login_required

app = create_app()


@app.get("/api/v1/bench/ping")
@login_required
def ping():
    return jsonify({"ok": True, "user_id": current_user().id})
