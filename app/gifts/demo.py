"""Demo gifts sponsored by named 支持单位, picked up at the demo station."""

from sqlalchemy import select

from app.extensions import db
from app.gifts import catalog
from app.gifts.models import Gift, GiftScope

DEMO_GIFTS = [
    ("网络安全主题帆布袋", 80, 50, "北京网络空间安全协会"),
    ("防诈骗知识手册（签名版）", 30, 200, "丰台区网信办"),
    ("宝盾定制保温杯", 200, 20, "奇安信集团"),
]


def seed_demo(ctx: dict) -> list[str]:
    station = ctx["station"]
    admin = ctx["users"]["station_admin"]
    lines = []
    for name, price, stock, sponsor in DEMO_GIFTS:
        gift = db.session.scalar(select(Gift).where(Gift.name == name))
        if gift is None:
            gift = catalog.create_gift_step(
                actor=admin,
                data={
                    "name": name,
                    "description": f"由{sponsor}支持，在{station.name}领取。",
                    "price_points": price,
                    "stock": stock,
                    "per_user_limit": 2,
                    "scope": GiftScope.STATION,
                    "station_id": station.id,
                    "sponsor": sponsor,
                },
            )
        lines.append(f"Gift #{gift.id} {gift.name}: {gift.price_points} 宝盾, stock {gift.stock}.")
    return lines
