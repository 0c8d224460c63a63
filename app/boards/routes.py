from flask_smorest import Blueprint

from app.boards import service
from app.boards.schemas import BoardArgs, BoardSchema
from app.core.api import responds
from app.core.auth import current_user, login_required
from app.errors import NotFound
from app.stations.access import visible_station

blp = Blueprint(
    "boards",
    __name__,
    url_prefix="/api/v1",
    description="A station's standing boards: all-time 宝盾 and verified service hours",
)


@blp.route("/stations/<int:station_id>/leaderboards/<string:board>")
@responds(404)
@blp.arguments(BoardArgs, location="query")
@blp.response(200, BoardSchema)
@login_required
def station_board(args, station_id: int, board: str):
    """`points`: 宝盾 earned all-time by the station's people; `hours`: verified hours served at
    the station. Nobody with zero is ranked; ties go to whoever got there first; names follow
    the public-listing rule (no minors by name). `me` is your own place, if you have one."""
    if board not in service.BOARDS:
        raise NotFound("No such board; use points or hours.", code="board_not_found")
    station, _ = visible_station(station_id)
    return service.station_board(
        station_id=station.id, board=board, limit=args["limit"], viewer=current_user()
    )
