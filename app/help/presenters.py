"""What each viewer sees of a help request. Handlers: everything, the reporter in full. The
reporter: their own case and its history, their phone masked, handlers not named. Nobody else
sees a case at all (routes refuse them); supervisors get counts (service.association_figures)."""

from app.extensions import db
from app.help import service
from app.help.access import handles
from app.help.models import HelpRequest
from app.users.models import User


def mask_phone(value: str | None) -> str | None:
    """138****5678"""
    if not value:
        return None
    return value[:3] + "*" * max(len(value) - 7, 1) + value[-4:]


def _reporter(row: HelpRequest, *, handler: bool) -> dict | None:
    if row.reporter_id is None:
        return None
    person = db.session.get(User, row.reporter_id)
    return {
        "user_id": row.reporter_id,
        "nickname": person.nickname if person else None,
        "contact_phone": row.contact_phone if handler else mask_phone(row.contact_phone),
    }


def help_request(row: HelpRequest, *, viewer: User, with_history: bool = False) -> dict:
    handler = handles(viewer, row)
    if not handler and row.reporter_id != viewer.id:
        raise AssertionError("routes show a help request only to its handlers and its reporter")
    data = {
        "id": row.id,
        "station_id": row.station_id,
        "category": row.category,
        "description": row.description,
        "evidence_urls": row.evidence_urls or [],
        "has_evidence_image": bool(row.evidence_image_file),
        "status": row.status,
        "referred_to": row.referred_to,
        "referral_note": row.referral_note if handler else None,
        "outcome": row.outcome,
        "created_at": row.created_at,
        "accepted_at": row.accepted_at,
        "referred_at": row.referred_at,
        "closed_at": row.closed_at,
        "reporter": _reporter(row, handler=handler),
    }
    if with_history:
        data["history"] = [
            {
                "action": event.action,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "actor_id": event.actor_id if handler else None,
                "note": event.note if handler else None,
                "created_at": event.created_at,
            }
            for event in service.events_of(row.id)
        ]
    return data


def receipt(row: HelpRequest) -> dict:
    """What one who just handed a request on may still see: where it went, not what or who."""
    return {
        "id": row.id,
        "station_id": row.station_id,
        "category": row.category,
        "status": row.status,
        "created_at": row.created_at,
    }
