"""Fresh bench database: schema, the demo bank, one national campaign, USERS users with tokens
(written to tokens.txt), spread over 20 stations."""

import os
import sys
from datetime import timedelta

from sqlalchemy import insert, select

from app.auth.models import AuthToken
from app.auth.service import hash_token
from app.core.time import utcnow
from app.extensions import db
from app.quizzes.bank import import_questions
from app.quizzes.demo import bank_rows
from app.quizzes.models import QuizCampaign, Scope
from app.stations.models import Association, Station
from app.users.models import User
from bench.quiz.app import app

USERS = int(os.environ.get("BENCH_USERS", "5000"))

with app.app_context():
    db.drop_all()
    db.create_all()
    import_questions(
        rows=bank_rows(),
        scope=Scope.NATIONAL,
        association_id=None,
        station_id=None,
        created_by_id=None,
    )
    association = Association(name="压测协会", region="北京市")
    db.session.add(association)
    db.session.flush()
    stations = [Station(association_id=association.id, name=f"压测站{i}") for i in range(20)]
    db.session.add_all(stations)
    db.session.flush()
    now = utcnow()
    campaign = QuizCampaign(
        title="压测全国问答",
        scope=Scope.NATIONAL,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
        categories=[],
        questions_per_attempt=10,
        time_limit_seconds=600,
        attempts_per_day=1000,
        points_per_correct=2,
        perfect_bonus=10,
        daily_points_cap=100000,
        ranking_bonuses=[],
    )
    db.session.add(campaign)
    db.session.execute(
        insert(User),
        [
            {
                "openid": f"bench_{i:06d}",
                "nickname": f"压测{i}",
                "created_at": now,
                "age_band": "18_plus",
                "first_station_id": stations[i % 20].id,
            }
            for i in range(USERS)
        ],
    )
    ids = db.session.scalars(select(User.id).order_by(User.id)).all()
    tokens = [f"bench-token-{uid}-{os.urandom(8).hex()}" for uid in ids]
    db.session.execute(
        insert(AuthToken),
        [
            {
                "user_id": uid,
                "token_hash": hash_token(tok),
                "created_at": now,
                "expires_at": now + timedelta(days=1),
            }
            for uid, tok in zip(ids, tokens, strict=True)
        ],
    )
    db.session.commit()
    with open(sys.argv[1], "w") as handle:
        handle.write(f"{campaign.id}\n" + "\n".join(tokens) + "\n")
    print(f"bench data: campaign {campaign.id}, {len(tokens)} users")
