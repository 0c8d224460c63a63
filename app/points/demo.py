"""Demo points: demo_resident gets a welcome award, once (fixed idempotency key)."""

from app.points import service


def seed_demo(ctx: dict) -> list[str]:
    resident = ctx["users"]["resident"]
    admin = ctx["users"]["association_admin"]
    service.adjust(
        user_id=resident.id,
        amount=500,
        reason="演示：线下网络安全宣传活动奖励",
        admin_id=admin.id,
        idempotency_key="demo:points:resident-welcome",
    )
    return [f"demo_resident has {service.balance_of(resident.id)} 宝盾 points."]
