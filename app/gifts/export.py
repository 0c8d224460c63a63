"""Redemptions as XLSX for the web console (礼品兑换记录), with Chinese headers and labels;
never the pickup codes."""

from io import BytesIO

from openpyxl import Workbook
from sqlalchemy import select

from app.core.auth import current_user
from app.core.time import to_shanghai
from app.errors import Forbidden
from app.extensions import db
from app.gifts.models import Gift, Redemption, RedemptionStatus
from app.stations.access import administered_condition, require_station_admin
from app.stations.models import Station
from app.users.models import User

STATUS_LABELS = {
    RedemptionStatus.PENDING: "待领取",
    RedemptionStatus.FULFILLED: "已领取",
    RedemptionStatus.CANCELLED: "已取消",
    RedemptionStatus.EXPIRED: "已过期",
}
HEADERS = [
    "兑换编号",
    "礼品",
    "数量",
    "消耗宝盾",
    "状态",
    "领取服务站",
    "兑换人",
    "兑换时间",
    "办结时间",
]
# A spreadsheet past this is a mistake; narrow by station or status instead.
MAX_ROWS = 100_000


def _time(value) -> str:
    return to_shanghai(value).strftime("%Y-%m-%d %H:%M") if value else ""


def redemptions_xlsx(*, station_id: int | None, status: str | None) -> bytes:
    """One station's redemptions (its admins, its association's, the union), or every
    station the asker administers when no station is named; 403 for anyone else."""
    user = current_user()
    statement = (
        select(Redemption, Gift.name, Station.name, User.nickname)
        .join(Gift, Gift.id == Redemption.gift_id)
        .join(Station, Station.id == Redemption.pickup_station_id)
        .join(User, User.id == Redemption.user_id)
    )
    if station_id is not None:
        require_station_admin(station_id)
        statement = statement.where(Redemption.pickup_station_id == station_id)
    else:
        if not (user.roles and any(g.role.endswith("_admin") for g in user.roles)):
            raise Forbidden("Redemption exports are for station, association and union admins.")
        statement = statement.where(administered_condition(user))
    if status:
        statement = statement.where(Redemption.status == status)
    rows = db.session.execute(statement.order_by(Redemption.id).limit(MAX_ROWS)).all()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "兑换记录"
    sheet.append(HEADERS)
    for redemption, gift_name, station_name, nickname in rows:
        sheet.append(
            [
                redemption.id,
                gift_name,
                redemption.quantity,
                redemption.points_spent,
                STATUS_LABELS.get(redemption.status, redemption.status),
                station_name,
                nickname or f"用户{redemption.user_id}",
                _time(redemption.created_at),
                _time(redemption.closed_at),
            ]
        )
    for column, width in zip("ABCDEFGHI", (10, 20, 6, 10, 8, 24, 14, 18, 18), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
