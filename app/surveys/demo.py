"""Demo survey: a 2026 questionnaire with windows around now and links for the demo association
and station (idempotent: found by title)."""

from datetime import timedelta

from sqlalchemy import select

from app.core.time import utcnow
from app.extensions import db
from app.surveys import links, service
from app.surveys.models import Survey

TITLE = "2026 网民网络安全感满意度调查（演示）"


def _options(*pairs):
    return [{"value": value, "label": label} for value, label in pairs]


QUESTIONNAIRE = {
    "questions": [
        {
            "id": "age_band",
            "type": "single",
            "title": "您的年龄段",
            "required": True,
            "profile": True,
            "options": _options(
                ("u18", "18岁以下"),
                ("18_24", "18-24岁"),
                ("25_34", "25-34岁"),
                ("35_49", "35-49岁"),
                ("50_64", "50-64岁"),
                ("65p", "65岁及以上"),
            ),
        },
        {
            "id": "occupation",
            "type": "single",
            "title": "您的职业",
            "required": True,
            "profile": True,
            "options": _options(
                ("student", "学生"),
                ("employee", "企业职员"),
                ("civil", "公务员/事业单位"),
                ("freelance", "自由职业"),
                ("retired", "离退休"),
                ("other", "其他"),
            ),
        },
        {
            "id": "region",
            "type": "single",
            "title": "您所在的地区",
            "required": True,
            "profile": True,
            "options": _options(("urban", "城镇"), ("rural", "农村")),
        },
        {
            "id": "school",
            "type": "single",
            "title": "您就读的学段",
            "required": True,
            "profile": True,
            "show_if": {"question": "occupation", "in": ["student"]},
            "options": _options(("primary", "小学"), ("middle", "中学"), ("college", "大学")),
        },
        {
            "id": "satisfaction",
            "type": "matrix",
            "title": "您对以下方面网络安全状况的满意程度",
            "required": True,
            "rows": _options(
                ("fraud", "电信网络诈骗治理"),
                ("privacy", "个人信息保护"),
                ("minors", "未成年人网络保护"),
                ("rumours", "网络谣言治理"),
                ("platform", "平台责任落实"),
            ),
            "options": _options(
                ("5", "非常满意"),
                ("4", "满意"),
                ("3", "一般"),
                ("2", "不满意"),
                ("1", "非常不满意"),
            ),
        },
        {
            "id": "concerns",
            "type": "multiple",
            "title": "您最关注的网络安全问题（多选）",
            "required": False,
            "options": _options(
                ("fraud", "网络诈骗"),
                ("leak", "个人信息泄露"),
                ("bully", "网络暴力"),
                ("harmful", "有害信息"),
            ),
        },
        {
            "id": "advice",
            "type": "text",
            "title": "您对网络安全治理的意见建议",
            "required": False,
            "max_length": 500,
        },
    ]
}


def seed_demo(ctx: dict) -> list[str]:
    users = ctx["users"]
    survey = db.session.scalar(select(Survey).where(Survey.title == TITLE))
    if survey is None:
        now = utcnow().replace(microsecond=0)
        survey = service.create_survey(
            created_by=users["union_admin"],
            data={
                "title": TITLE,
                "association_id": None,
                "questionnaire": QUESTIONNAIRE,
                "internal_test_starts_at": now - timedelta(days=5),
                "internal_test_ends_at": now - timedelta(days=4),
                "public_test_starts_at": now - timedelta(days=3),
                "public_test_ends_at": now - timedelta(days=2),
                "collection_starts_at": now - timedelta(days=1),
                "collection_ends_at": now + timedelta(days=9),
                "min_seconds": 60,
                "points": 20,
                "subsidy_fen_per_valid": 10,
            },
        )
    admin = users["association_admin"]
    station_link, _ = links.create_link(
        survey=survey, body={"station_id": ctx["station"].id}, created_by=admin
    )
    association_link, _ = links.create_link(
        survey=survey, body={"association_id": ctx["association"].id}, created_by=admin
    )
    service.set_target(
        survey=survey,
        association_id=ctx["association"].id,
        region_netizens=19_000_000,
        target_share_bp=50,
    )
    ctx["survey"] = survey
    return [
        f"Demo survey #{survey.id}: station link scene {links.link_scene(station_link)}, "
        f"association link scene {links.link_scene(association_link)}; "
        f"GET /api/v1/surveys/{survey.id}",
    ]
