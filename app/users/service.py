"""Users: find or create by openid, roles, privacy choices, export and deletion."""

from sqlalchemy import select

from app.core import contrib
from app.core.rows import get_or_create
from app.core.time import utcnow
from app.core.transactions import use_case
from app.errors import BadRequest, Forbidden, NotFound
from app.extensions import db
from app.users.errors import GuardianConsentNotNeeded, PrivacyVersionOutdated
from app.users.models import AgeBand, Role, RoleGrant, User

SCOPED_ROLES = {
    Role.STATION_ADMIN: "station_id",
    Role.ASSOCIATION_ADMIN: "association_id",
    Role.INSPECTOR: "association_id",
}


def get_or_create_by_openid(*, openid: str, unionid: str | None = None) -> User:
    """The user with this openid, created on first sight; safe when two logins race. Flushes."""
    return get_or_create(User, openid=openid, defaults={"unionid": unionid})


def grant_role(
    *,
    user: User,
    role: str,
    station_id: int | None = None,
    association_id: int | None = None,
    granted_by: User | None = None,
) -> RoleGrant:
    """Grant a role once (an existing live grant with the same scope is returned). Flushes."""
    if role not in set(Role):
        raise BadRequest(f"Unknown role {role!r}.", code="role_unknown")
    scope_field = SCOPED_ROLES.get(role)
    scope = {"station_id": station_id, "association_id": association_id}
    if scope_field and scope[scope_field] is None:
        raise BadRequest(
            f"The role {role} needs --{scope_field.replace('_', '-')}.", code="role_scope_missing"
        )
    if not scope_field:
        scope = {"station_id": None, "association_id": None}
    else:
        scope = {k: (v if k == scope_field else None) for k, v in scope.items()}
    existing = db.session.scalar(
        select(RoleGrant).where(
            RoleGrant.user_id == user.id,
            RoleGrant.role == role,
            RoleGrant.revoked_at.is_(None),
            RoleGrant.station_id.is_(None)
            if scope["station_id"] is None
            else RoleGrant.station_id == scope["station_id"],
            RoleGrant.association_id.is_(None)
            if scope["association_id"] is None
            else RoleGrant.association_id == scope["association_id"],
        )
    )
    if existing:
        return existing
    grant = RoleGrant(
        user_id=user.id, role=role, granted_by_id=granted_by.id if granted_by else None, **scope
    )
    db.session.add(grant)
    db.session.flush()
    db.session.expire(user, ["roles"])
    return grant


def revoke_role(*, grant: RoleGrant, by: User | None, reason: str) -> None:
    """Revoke a grant (kept for the record). Flushes."""
    grant.revoked_at = utcnow()
    grant.revoked_by_id = by.id if by else None
    grant.revoke_reason = reason
    db.session.flush()
    db.session.expire(grant.user, ["roles"])


@contrib.user_lookup
def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        raise NotFound("No such user.", code="user_not_found")
    return user


@use_case
def update_profile(*, user: User, changes: dict) -> User:
    """Change the user's own nickname or age band, or withdraw guardian consent. Giving consent
    is refused: an under-14's consent comes from their guardian, recorded by an admin of their
    station (record_guardian_consent). Checked before anything changes. Commits."""
    age_band = changes.get("age_band", user.age_band)
    if changes.get("guardian_consent"):
        if age_band != AgeBand.UNDER_14:
            raise GuardianConsentNotNeeded()
        raise Forbidden(
            "A guardian gives this consent: ask an admin of your station to record it with your "
            "guardian present.",
            code="guardian_consent_by_guardian_only",
            details={"fields": {"guardian_consent": ["Only your guardian can give it."]}},
        )
    if "nickname" in changes:
        user.nickname = changes["nickname"]
    user.age_band = age_band
    if changes.get("guardian_consent") is False:
        _clear_guardian_consent(user)
    return user


def _clear_guardian_consent(user: User) -> None:
    user.guardian_consent_at = None
    user.guardian_name = None
    user.guardian_relation = None
    user.guardian_consent_recorded_by_id = None


@use_case
def record_guardian_consent(
    *, user_id: int, admin: User, guardian_name: str, guardian_relation: str
) -> User:
    """Record an under-14's guardian consent, given in person to an admin of the minor's
    station: who the guardian is, as what, and which admin recorded it. The caller checks that
    `admin` administers a station the minor belongs to. Commits."""
    user = get_user(user_id)
    if user.id == admin.id:
        raise Forbidden("Nobody records consent for themselves.", code="own_guardian_consent")
    if user.age_band != AgeBand.UNDER_14:
        raise GuardianConsentNotNeeded()
    user.guardian_consent_at = utcnow()
    user.guardian_name = guardian_name
    user.guardian_relation = guardian_relation
    user.guardian_consent_recorded_by_id = admin.id
    return user


@use_case
def accept_privacy_guide(*, user: User, version: str, current_version: str) -> User:
    """Record which privacy-guide version the user accepted, and when. Commits."""
    if version != current_version:
        raise PrivacyVersionOutdated(
            f"The current privacy guide is {current_version}.", details={"current": current_version}
        )
    user.privacy_version = version
    user.privacy_accepted_at = utcnow()
    return user


def profile(user: User) -> dict:
    """The user's own profile: base fields plus what each domain contributes."""
    data = {
        "id": user.id,
        "nickname": user.nickname,
        "roles": [
            {"role": g.role, "station_id": g.station_id, "association_id": g.association_id}
            for g in user.roles
        ],
        "first_station_id": user.first_station_id,
        "age_band": user.age_band,
        "is_minor": user.is_minor,
        "needs_guardian_consent": user.needs_guardian_consent,
        "may_be_listed_publicly": user.may_be_listed_publicly,
        "guardian_consent_at": user.guardian_consent_at,
        "guardian_relation": user.guardian_relation,
        "privacy_version": user.privacy_version,
        "privacy_accepted_at": user.privacy_accepted_at,
        "created_at": user.created_at,
    }
    for section in contrib.profile_sections:
        data.update(section(user))
    return data


def export_data(user: User) -> dict:
    """Everything the platform keeps about the user, for them to download."""
    data = {"profile": {**profile(user), "guardian_name": user.guardian_name}}
    for name, section in contrib.export_sections.items():
        data[name] = section(user)
    return data


@use_case
def delete_account(*, user: User) -> None:
    """Erase the user's personal data; ledger and records stay, anonymised. Commits."""
    for hook in contrib.delete_hooks:  # the auth domain's hook revokes every token
        hook(user)
    user.openid = f"deleted-{user.id}"
    user.unionid = None
    user.nickname = None
    _clear_guardian_consent(user)
    user.deleted_at = utcnow()
    for grant in user.roles:
        grant.revoked_at = utcnow()
        grant.revoke_reason = "account deleted"
