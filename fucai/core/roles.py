"""Roles and what each may do.

One table maps each role to its permissions; views, API routes and the permission-matrix
test all read it, so adding a permission to a role is a one-line change here.
Data scope (which rows) is separate: see ``fucai.core.scope``.
"""

from .choices import Role

VIEW_STATION = "stations.view"
CHANGE_STATION = "stations.change"
EXPORT_STATION = "stations.export"
REVEAL_PERSONAL_DATA = "core.reveal_personal_data"
VIEW_AUDIT = "core.view_audit"
VIEW_LOGIN_LOG = "core.view_login_log"
USE_STAFF_SITE = "core.staff_site"
# Sales and the welfare fund
VIEW_SALES = "sales.view"
IMPORT_SALES = "sales.import"
MANAGE_GAMES = "sales.manage_games"
# Public recruitment of stations
# Read the applications, their documents list and service times, without acting on them.
VIEW_APPLICATIONS = "recruitment.view"
REVIEW_APPLICATIONS = "recruitment.review"
MANAGE_CALLS = "recruitment.manage_calls"
SURVEY = "recruitment.survey"

_STAFF_READ = {USE_STAFF_SITE, VIEW_STATION, EXPORT_STATION, VIEW_SALES}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # Leadership reads everything, recruitment included, and acts on nothing.
    Role.LEADERSHIP: frozenset(_STAFF_READ | {VIEW_APPLICATIONS}),
    Role.STATION_MANAGEMENT: frozenset(
        _STAFF_READ | {CHANGE_STATION, REVEAL_PERSONAL_DATA, REVIEW_APPLICATIONS, MANAGE_CALLS}
    ),
    Role.FINANCE: frozenset(_STAFF_READ | {IMPORT_SALES, MANAGE_GAMES}),
    Role.CHARITY: frozenset(_STAFF_READ),
    Role.MARKETING: frozenset(_STAFF_READ),
    Role.PARTY_AFFAIRS: frozenset({USE_STAFF_SITE}),
    # District staff review applications and edit stations inside their district only
    # (the data scope decides which rows).
    Role.BRANCH_STAFF: frozenset(
        _STAFF_READ | {CHANGE_STATION, REVEAL_PERSONAL_DATA, REVIEW_APPLICATIONS}
    ),
    Role.INSPECTOR: frozenset({USE_STAFF_SITE, VIEW_STATION, SURVEY}),
    Role.SYSTEM_ADMIN: frozenset(
        _STAFF_READ
        | {CHANGE_STATION, REVEAL_PERSONAL_DATA, VIEW_AUDIT, VIEW_LOGIN_LOG}
        | {IMPORT_SALES, MANAGE_GAMES, REVIEW_APPLICATIONS, MANAGE_CALLS}
    ),
    # External users: an owner sees their own station(s) in the staff site, read only.
    Role.STATION_OWNER: frozenset({USE_STAFF_SITE, VIEW_STATION}),
    Role.APPLICANT: frozenset(),
}

# Roles whose data scope is the whole city (every region).
CITY_WIDE_ROLES = frozenset(
    {
        Role.LEADERSHIP,
        Role.STATION_MANAGEMENT,
        Role.FINANCE,
        Role.CHARITY,
        Role.MARKETING,
        Role.PARTY_AFFAIRS,
        Role.SYSTEM_ADMIN,
    }
)


def permissions_for(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())


def role_of(user) -> str:
    """The user's role; a superuser without one acts as system administrator."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    if not user.role and user.is_superuser:
        return Role.SYSTEM_ADMIN
    return user.role


def has_permission(user, permission: str) -> bool:
    return permission in permissions_for(role_of(user))


def role_label(user) -> str:
    role = role_of(user)
    return str(Role(role).label) if role else ""
