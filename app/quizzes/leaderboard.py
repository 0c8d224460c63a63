"""Per-campaign leaderboards in Redis sorted sets, rebuilt from the database when lost.

Users rank by correct answers over their graded attempts; ties go to whoever reached the total
first, then to the lower user id (the same order campaign_close settles bonuses in). Stations rank
by participants (distinct users) or by correct answers. Applying an attempt is idempotent (the
attempt id is remembered), so the submit path and a rebuild may both apply it safely."""

import logging
from datetime import datetime

from sqlalchemy import select

from app.core.time import as_utc
from app.extensions import db, get_redis
from app.quizzes.models import AttemptStatus, QuizAttempt, QuizCampaign

log = logging.getLogger(__name__)

# score = total * 2**35 - ms since the campaign started: exact in a double up to 2**18 answers.
TIME_SPAN = 2**35

APPLY_ATTEMPT = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
local user, correct, finished, station = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local total = redis.call('HINCRBY', KEYS[2], user, correct)
local previous = tonumber(redis.call('HGET', KEYS[3], user) or '-1')
if correct > 0 and finished > previous then
  redis.call('HSET', KEYS[3], user, finished)
elseif previous >= 0 then
  finished = previous
else
  redis.call('HSET', KEYS[3], user, finished)
end
redis.call('ZADD', KEYS[4], total * tonumber(ARGV[6]) - finished, user)
if station ~= '' then
  if redis.call('SADD', KEYS[5], station .. ':' .. user) == 1 then
    redis.call('ZINCRBY', KEYS[6], 1, station)
  end
  redis.call('ZINCRBY', KEYS[7], correct, station)
end
return 1
"""

PARTS = ("applied", "correct", "finished", "users", "seen", "stations:participants")
ALL_PARTS = (*PARTS, "stations:correct", "built")


def key(campaign_id: int, part: str) -> str:
    return f"quiz:lb:{campaign_id}:{part}"


def finished_ms(campaign: QuizCampaign, finished_at: datetime) -> int:
    elapsed = (as_utc(finished_at) - as_utc(campaign.starts_at)).total_seconds()
    return min(max(int(elapsed * 1000), 0), TIME_SPAN - 1)


def _apply(client, campaign: QuizCampaign, attempt_id, user_id, correct, submitted_at, station):
    cid = campaign.id
    keys = [key(cid, part) for part in (*PARTS, "stations:correct")]
    args = [
        attempt_id,
        user_id,
        correct,
        finished_ms(campaign, submitted_at),
        "" if station is None else station,
        TIME_SPAN,
    ]
    client.eval(APPLY_ATTEMPT, len(keys), *keys, *args)


def record_attempt(
    *,
    campaign: QuizCampaign,
    attempt_id: int,
    user_id: int,
    correct: int,
    submitted_at: datetime,
    station_id: int | None,
) -> None:
    """Add a graded attempt, after its commit. If Redis fails the leaderboard is marked for a
    rebuild instead of failing a submit whose points are already booked."""
    client = get_redis()
    try:
        _apply(client, campaign, attempt_id, user_id, correct, submitted_at, station_id)
    except Exception:
        log.warning("leaderboard update failed for campaign %s", campaign.id, exc_info=True)
        try:
            client.delete(key(campaign.id, "built"))
        except Exception:
            log.warning("could not mark leaderboard %s for rebuild", campaign.id)


def mark_built(campaign_id: int) -> None:
    get_redis().set(key(campaign_id, "built"), "1")


def rebuild(campaign: QuizCampaign) -> None:
    """Recompute the campaign's leaderboards from the graded attempts in the database."""
    client = get_redis()
    client.delete(*(key(campaign.id, part) for part in ALL_PARTS))
    rows = db.session.execute(
        select(
            QuizAttempt.id,
            QuizAttempt.user_id,
            QuizAttempt.correct_count,
            QuizAttempt.submitted_at,
            QuizAttempt.station_id,
        )
        .where(
            QuizAttempt.campaign_id == campaign.id,
            QuizAttempt.status == AttemptStatus.SUBMITTED,
        )
        .order_by(QuizAttempt.submitted_at, QuizAttempt.id)
        .execution_options(yield_per=1000)
    )
    for row in rows:
        _apply(client, campaign, *row)
    mark_built(campaign.id)


def ensure_built(campaign: QuizCampaign) -> None:
    client = get_redis()
    if client.exists(key(campaign.id, "built")):
        return
    # One process rebuilds; others answer from what is there meanwhile.
    if client.set(key(campaign.id, "rebuilding"), "1", nx=True, ex=120):
        try:
            rebuild(campaign)
        finally:
            client.delete(key(campaign.id, "rebuilding"))


def _ordered(entries) -> list[tuple[int, float]]:
    return sorted(((int(m), s) for m, s in entries), key=lambda e: (-e[1], e[0]))


def top_users(campaign: QuizCampaign, *, limit: int) -> list[dict]:
    """[{rank, user_id, correct_answers}] best first. Nobody with zero correct answers is ranked:
    their score is total * TIME_SPAN - finished <= 0, so only scores above 0 count."""
    ensure_built(campaign)
    client = get_redis()
    entries = _ordered(
        client.zrevrangebyscore(
            key(campaign.id, "users"), "+inf", "(0", start=0, num=limit, withscores=True
        )
    )
    totals = (
        client.hmget(key(campaign.id, "correct"), [uid for uid, _ in entries]) if entries else []
    )
    return [
        {"rank": index + 1, "user_id": uid, "correct_answers": int(total or 0)}
        for index, ((uid, _), total) in enumerate(zip(entries, totals, strict=True))
    ]


def rank_of(campaign: QuizCampaign, user_id: int) -> dict | None:
    """The user's own place, or None when they have no graded attempt or no correct answer."""
    client = get_redis()
    board = key(campaign.id, "users")
    score = client.zscore(board, user_id)
    if score is None or score <= 0:
        return None
    above = client.zcount(board, f"({score}", "+inf")
    tied = client.zrangebyscore(board, score, score)
    before = sum(1 for member in tied if int(member) < user_id)
    total = client.hget(key(campaign.id, "correct"), user_id)
    return {"rank": above + before + 1, "user_id": user_id, "correct_answers": int(total or 0)}


def top_stations(campaign: QuizCampaign, *, by: str, limit: int) -> list[dict]:
    """[{rank, station_id, participants, correct_answers}] ordered by `by`."""
    ensure_built(campaign)
    client = get_redis()
    primary = "stations:participants" if by == "participants" else "stations:correct"
    other = "stations:correct" if by == "participants" else "stations:participants"
    entries = _ordered(client.zrevrange(key(campaign.id, primary), 0, limit - 1, withscores=True))
    rows = []
    for index, (sid, value) in enumerate(entries):
        second = client.zscore(key(campaign.id, other), sid) or 0
        participants, correct = (value, second) if by == "participants" else (second, value)
        rows.append(
            {
                "rank": index + 1,
                "station_id": sid,
                "participants": int(participants),
                "correct_answers": int(correct),
            }
        )
    return rows
