from flask_smorest import Blueprint
from marshmallow import fields

from app.core.api import public, responds
from app.core.schemas import Integer, StrictSchema, Text
from app.entrances import service

blp = Blueprint(
    "entrances",
    __name__,
    url_prefix="/api/v1/entrances",
    description="What a scanned mini-program code points at",
)


class EntranceStationSchema(StrictSchema):
    id = Integer()
    name = Text()
    kind = Text()
    status = Text()


class EntranceSchema(StrictSchema):
    scene = Text()
    kind = Text(metadata={"description": "station, activity, survey_link, quiz_campaign"})
    target_id = Integer()
    station_id = Integer(allow_none=True)
    status = Text(metadata={"description": "active, or suspended: the mini-program shows 暂停服务"})
    station = fields.Nested(EntranceStationSchema, allow_none=True)
    details = fields.Dict(
        metadata={"description": "kind-specific routing data, e.g. survey_id of a survey link"}
    )


@blp.route("/<string:scene>")
@public
@responds(400, 410)
@blp.response(200, EntranceSchema)
def resolve_entrance(scene: str):
    """Resolve a scene to what it opens. Holding a scene grants nothing."""
    return service.describe(service.resolve(scene))
