from flask import current_app
from flask_smorest import Blueprint

from app.core.auth import current_user, login_required
from app.notifications import service
from app.notifications.schemas import (
    NotificationListSchema,
    SubscriptionsBody,
    SubscriptionsSchema,
)

blp = Blueprint(
    "notifications",
    __name__,
    url_prefix="/api/v1/me",
    description="Subscribe messages: the user's one-time subscriptions and their messages",
)


@blp.route("/subscriptions")
@blp.response(200, SubscriptionsSchema)
@login_required
def get_subscriptions():
    """Template ids to ask for with wx.requestSubscribeMessage, and subscriptions left."""
    return {
        "templates": service.template_ids(current_app.config),
        "remaining": service.remaining_subscriptions(user_id=current_user().id),
    }


@blp.route("/subscriptions", methods=["POST"])
@blp.arguments(SubscriptionsBody)
@blp.response(200, SubscriptionsSchema)
@login_required
def add_subscriptions(body):
    """Record what wx.requestSubscribeMessage accepted: one more message per template key."""
    remaining = service.record_subscriptions(
        user_id=current_user().id, events=body["template_keys"]
    )
    return {"templates": service.template_ids(current_app.config), "remaining": remaining}


@blp.route("/notifications")
@blp.response(200, NotificationListSchema)
@login_required
def list_notifications():
    """The user's latest subscribe messages and whether they went out."""
    return {"items": service.my_notifications(user_id=current_user().id)}
