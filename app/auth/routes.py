from flask import g, jsonify
from flask_smorest import Blueprint

from app.auth import service
from app.auth.schemas import LoginResultSchema, LoginSchema
from app.core.api import public, responds
from app.core.auth import login_required
from app.users.presenters import me_response

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="WeChat login")


@blp.route("/wechat/login", methods=["POST"])
@public
@responds(503)
@blp.arguments(LoginSchema)
@blp.response(200, LoginResultSchema)
def wechat_login(body):
    """Exchange a wx.login code (and an optional entrance scene) for the app's bearer token."""
    result = service.login_with_wechat(code=body["code"], scene=body.get("scene"))
    return jsonify(
        {
            "token": result["token"],
            "expires_in": result["expires_in"],
            "user": me_response(result["user"]),
        }
    )


@blp.route("/logout", methods=["POST"])
@blp.response(204)
@login_required
def logout():
    """Revoke the token this request carries."""
    service.revoke_token(token=g.bearer_token)
    return ""
