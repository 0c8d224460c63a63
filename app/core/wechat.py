"""The app's one WeChat client, built from config on first use and kept per app."""

from flask import current_app

from app.extensions import get_redis
from app.wechat import WeChatClient


def wechat() -> WeChatClient:
    """The WeChat client for this app (stand-in in development and tests)."""
    client = current_app.extensions.get("wechat")
    if client is None:
        cfg = current_app.config
        client = WeChatClient(
            cfg["WECHAT_APPID"],
            cfg["WECHAT_SECRET"],
            base_url=cfg["WECHAT_API_BASE"],
            redis=get_redis(),
        )
        current_app.extensions["wechat"] = client
    return client
