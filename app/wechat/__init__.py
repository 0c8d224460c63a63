"""WeChat integration: the one client every WeChat call goes through, and its stand-in."""

from app.wechat.client import WeChatClient, WeChatError, WeChatUnavailable
from app.wechat.standin import StandinServer, serve_standin

# WeChat login errcodes -> the API's error codes (the Flask layer picks the HTTP status).
LOGIN_ERRORS = {
    40029: "wechat_code_invalid",
    45011: "wechat_rate_limited",
    40226: "wechat_high_risk_user",
    -1: "wechat_busy",
}

__all__ = [
    "LOGIN_ERRORS",
    "StandinServer",
    "WeChatClient",
    "WeChatError",
    "WeChatUnavailable",
    "serve_standin",
]
