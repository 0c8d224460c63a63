"""What each viewer sees of a volunteer's personal data: the owner everything; the admins of
the station concerned the phone; everyone else masks (PRODUCT.md §10-11)."""

from app.core.auth import can_admin_station
from app.extensions import db
from app.stations.models import Station
from app.users.models import User
from app.volunteers import privacy
from app.volunteers import service as volunteers
from app.volunteers.models import ApplicationStatus, VolunteerApplication, VolunteerProfile


def _personal(row, *, viewer: User, station_id: int) -> dict:
    owner = viewer.id == row.user_id
    admin = owner or can_admin_station(viewer, db.session.get(Station, station_id))
    id_number = privacy.decrypt_id_number(row.id_number_encrypted)
    return {
        "real_name": row.real_name,
        "phone": row.phone if admin else privacy.mask_phone(row.phone),
        "id_number": id_number if owner else privacy.mask_id_number(id_number),
    }


def application(row: VolunteerApplication, *, viewer: User) -> dict:
    profile = (
        volunteers.profile_of(row.user_id) if row.status == ApplicationStatus.APPROVED else None
    )
    return {
        "id": row.id,
        "user_id": row.user_id,
        "station_id": row.station_id,
        "status": row.status,
        "skills": row.skills or [],
        "is_party_member": row.is_party_member,
        "availability": row.availability,
        "privacy_version": row.privacy_version,
        "created_at": row.created_at,
        "reviewed_at": row.reviewed_at,
        "reject_reason": row.reject_reason,
        "volunteer_number": profile.volunteer_number if profile else None,
        **_personal(row, viewer=viewer, station_id=row.station_id),
    }


def volunteer(profile: VolunteerProfile, *, viewer: User) -> dict:
    return {
        "user_id": profile.user_id,
        "volunteer_number": profile.volunteer_number,
        "home_station_id": profile.home_station_id,
        "skills": profile.skills or [],
        "is_party_member": profile.is_party_member,
        "availability": profile.availability,
        "approved_at": profile.approved_at,
        "memberships": volunteers.memberships_of(profile.user_id),
        **_personal(profile, viewer=viewer, station_id=profile.home_station_id),
    }
