"""The station's mini-program code (专属二维码), cached by scene so a rotation invalidates it."""

from flask import current_app

from app.core.transactions import use_case
from app.core.wechat import wechat
from app.errors import ServiceUnavailable
from app.extensions import get_redis
from app.stations.models import Station
from app.stations.service import ensure_station_entrance, qrcode_cache_key
from app.wechat import WeChatError, WeChatUnavailable

# A scene's code never changes, so the cache only bounds memory; rotation moves to a new key.
CACHE_SECONDS = 30 * 24 * 3600


def station_qrcode(*, station: Station) -> tuple[str, bytes]:
    """(scene, PNG) of the station's live entrance; 503 when WeChat cannot make one."""
    entrance = use_case(ensure_station_entrance)(station=station)
    key = qrcode_cache_key(entrance.scene)
    redis = get_redis()
    cached = redis.get(key)
    if cached:
        return entrance.scene, cached
    try:
        png = wechat().get_wxa_code_unlimited(
            scene=entrance.scene,
            page=current_app.config["WECHAT_ENTRY_PAGE"],
            env_version=current_app.config["WECHAT_ENV_VERSION"],
        )
    except WeChatUnavailable:
        raise ServiceUnavailable(
            "WeChat cannot be reached; try again shortly.", code="wechat_unavailable"
        ) from None
    except WeChatError as error:
        raise ServiceUnavailable(
            "WeChat refused to make the code.",
            code="qrcode_failed",
            details={"errcode": error.errcode},
        ) from None
    redis.set(key, png, ex=CACHE_SECONDS)
    return entrance.scene, png
