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
# Station supervision (governance): inspections, rectification, violations, visits,
# the annual review.
VIEW_GOVERNANCE = "governance.view"  # read inspections, orders, violations, visits, reviews
MANAGE_CHECKLISTS = "governance.manage_checklists"
PLAN_INSPECTIONS = "governance.plan"  # campaigns, routine plans, risk proposals
INSPECT = "governance.inspect"  # carry out inspections in the field, verify rectification
REPLY_RECTIFICATION = "governance.reply"  # the owner answers a rectification order
RECORD_VIOLATION = "governance.violations"  # record violations, decide penalties
LOG_VISIT = "governance.visit"  # log station visits (三服务三助力)
PLAN_VISITS = "governance.plan_visits"  # set a department's monthly visit plan
CONFIRM_REVIEW = "governance.review"  # confirm or override the annual review
# Grading (分类分级), star rating (星级评定) and commendations (表彰).
MANAGE_RATINGS = "governance.ratings"  # schemes, run and confirm grading, city star review
REVIEW_STARS_DISTRICT = "governance.stars_district"  # the district's review of applications
APPLY_STARS = "governance.stars_apply"  # a station owner applies and appeals
MANAGE_AWARDS = "governance.awards"  # nominate, decide and publish commendations
# Sales staff (持证上岗), certificates, liability insurance.
VIEW_STAFF = "stations.view_staff"
MANAGE_STAFF = "stations.manage_staff"  # register sellers, transfers, leaving
# Revoke a sales certificate (a center or district decision, never the station's own).
REVOKE_CERTIFICATE = "stations.revoke_certificate"
MANAGE_INSURANCE = "stations.manage_insurance"  # import an insurer's renewal list
# Training and exams.
VIEW_TRAINING = "training.view"  # progress, attempts and results of the people in scope
MANAGE_TRAINING = "training.manage"  # courses, materials, question banks, live sessions
LEARN = "training.learn"  # follow courses and take exams (sellers and owners)
# The welfare fund after it is raised, and charity.
VIEW_WELFARE = "welfare.view"  # ledger, budgets, projects and their money, disclosures
MANAGE_LEDGER = "welfare.ledger"  # retention rates, budgets, accruals, period closing
MANAGE_PROJECTS = "welfare.projects"  # projects, allocation and payment requests
APPROVE_FUNDS = "welfare.approve"  # decide a step of an allocation or payment
PREPARE_DISCLOSURE = "welfare.disclosure"  # generate and submit the yearly disclosure
APPROVE_DISCLOSURE = "welfare.approve_disclosure"  # approve and publish it
VIEW_CHARITY = "charity.view"  # activities, series, participants, totals
MANAGE_CHARITY = "charity.manage"  # record activities, participants, benefits
VIEW_BENEFICIARIES = "charity.beneficiaries"  # the registry of people helped (masked)
REVEAL_BENEFICIARY = "charity.reveal"  # a beneficiary's full identity, audited
MANAGE_GRANTS = "charity.grants"  # grant programmes, review, notice, bank payments
# The big screen, alerts and cameras (monitoring), marketing and the reports.
VIEW_SCREEN = "dashboard.screen"  # the command room's big screen (scoped to the district)
VIEW_ALERTS = "monitoring.alerts"  # alerts on the stations in scope
HANDLE_ALERTS = "monitoring.handle"  # acknowledge and resolve them
MANAGE_ALERT_RULES = "monitoring.rules"  # the rules and their thresholds
VIEW_CAMERAS = "monitoring.cameras"  # the camera registry and live view
MANAGE_CAMERAS = "monitoring.manage_cameras"  # register cameras, edit their streams
VIEW_MARKETING = "marketing.view"  # campaigns, their lift, materials, orders, siting
MANAGE_CAMPAIGNS = "marketing.campaigns"  # plan campaigns and their stations
MANAGE_SUPPLIES = "marketing.supplies"  # material stock, approve and deliver requests/orders
ORDER_SUPPLIES = "marketing.order"  # a station asks for materials and instant tickets
MANAGE_POPULATION = "marketing.population"  # import the population data set for siting
VIEW_REPORTS = "reports.view"  # the monthly and annual reports
# Party-building, complaints and evaluation, notices.
VIEW_PARTY = "party.view"  # branches, members, activities, compliance, evaluations
MANAGE_PARTY = "party.manage"  # record them
VIEW_COMPLAINTS = "feedback.view"  # complaints and suggestions in scope, public ratings
HANDLE_COMPLAINTS = "feedback.handle"  # enter, assign, reply, escalate, substantiate
MANAGE_EVALUATION = "feedback.evaluation"  # surveys, published ranks, conduct supervisors
# Which unit handles which category of complaint, where, within how many working days.
MANAGE_COMPLAINT_RULES = "feedback.rules"
# Read them: the surveys' results, the published ranks and the supervisors' register.
VIEW_EVALUATION = "feedback.evaluation_view"
SEND_NOTICES = "notices.send"  # write and send notices, see who has not read them
READ_NOTICES = "notices.read"  # the notices addressed to the user (and their station)
# The owner's portal (/my/): an owner's hub of their stations and to-dos; the owner's
# pages of one station (sales, commission statements) the center and districts read too.
OWNER_PORTAL = "mystation.portal"
VIEW_OWNER_PAGES = "mystation.view"

# County service stations (综合服务站) and the center's premises (用房) with their
# purchase projects and payments.
VIEW_FACILITIES = "facilities.view"  # service stations, premises, projects in scope
MANAGE_SERVICE_STATIONS = "facilities.manage_service_stations"  # address, hours, services
MANAGE_PREMISES = "facilities.manage_premises"  # premises, purchase projects and their status
RECORD_PREMISES_PAYMENT = "facilities.record_payment"  # pay (or reverse) a project's payment

_STAFF_READ = {USE_STAFF_SITE, VIEW_STATION, EXPORT_STATION, VIEW_SALES, VIEW_OWNER_PAGES}

_GOVERNANCE_STAFF = {VIEW_GOVERNANCE, LOG_VISIT}
_STAFF_READERS = {VIEW_STAFF, VIEW_TRAINING}
_FUND_READERS = {VIEW_WELFARE, VIEW_CHARITY}
# The center's departments read the big screen, the alerts and the reports.
_SCREEN_READERS = {VIEW_SCREEN, VIEW_ALERTS, VIEW_REPORTS}
# Every staff member reads complaints in scope and the notices sent to them.
_OFFICE = {VIEW_COMPLAINTS, READ_NOTICES}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # Leadership reads everything, recruitment and supervision included, and acts on
    # nothing but the approvals that are its own.
    # It reads the fund, approves large movements of money and the yearly disclosure.
    Role.LEADERSHIP: frozenset(
        _STAFF_READ
        | {VIEW_APPLICATIONS, VIEW_GOVERNANCE}
        | _STAFF_READERS
        | _FUND_READERS
        | {APPROVE_FUNDS, APPROVE_DISCLOSURE}
        # The registry of people helped, masked (the full identity is charity's alone).
        | {VIEW_BENEFICIARIES}
        | _SCREEN_READERS
        | {VIEW_CAMERAS, VIEW_MARKETING}
        | _OFFICE
        | {VIEW_PARTY, VIEW_EVALUATION}
        | {VIEW_FACILITIES}
    ),
    Role.STATION_MANAGEMENT: frozenset(
        _STAFF_READ
        | {CHANGE_STATION, REVEAL_PERSONAL_DATA, REVIEW_APPLICATIONS, MANAGE_CALLS}
        | _GOVERNANCE_STAFF
        | {MANAGE_CHECKLISTS, PLAN_INSPECTIONS, INSPECT, RECORD_VIOLATION, PLAN_VISITS}
        | {CONFIRM_REVIEW, MANAGE_RATINGS, MANAGE_AWARDS}
        | _STAFF_READERS
        | {MANAGE_STAFF, MANAGE_INSURANCE, MANAGE_TRAINING, REVOKE_CERTIFICATE}
        | _SCREEN_READERS
        | {HANDLE_ALERTS, MANAGE_ALERT_RULES, VIEW_CAMERAS, MANAGE_CAMERAS, VIEW_MARKETING}
        | _OFFICE
        | {HANDLE_COMPLAINTS, MANAGE_EVALUATION, VIEW_EVALUATION, SEND_NOTICES}
        | {MANAGE_COMPLAINT_RULES}
        | {VIEW_FACILITIES, MANAGE_SERVICE_STATIONS}
    ),
    # The other departments visit stations monthly (三服务三助力) and read supervision.
    # Finance keeps the fund's ledger and approves the money; charity runs the projects,
    # activities, beneficiaries and grant programmes.
    Role.FINANCE: frozenset(
        _STAFF_READ
        | {IMPORT_SALES, MANAGE_GAMES}
        | _GOVERNANCE_STAFF
        | _FUND_READERS
        | {MANAGE_LEDGER, APPROVE_FUNDS, PREPARE_DISCLOSURE}
        | _SCREEN_READERS
        | _OFFICE
        | {HANDLE_COMPLAINTS}
        | {VIEW_FACILITIES, MANAGE_PREMISES, RECORD_PREMISES_PAYMENT}
    ),
    Role.CHARITY: frozenset(
        _STAFF_READ
        | _GOVERNANCE_STAFF
        | _FUND_READERS
        | {MANAGE_PROJECTS, APPROVE_FUNDS, MANAGE_CHARITY, VIEW_BENEFICIARIES}
        | {REVEAL_BENEFICIARY, MANAGE_GRANTS}
        | _SCREEN_READERS
        | _OFFICE
        | {HANDLE_COMPLAINTS}
    ),
    # Marketing runs campaigns, keeps the material and instant-ticket stock and plans
    # where to recruit next (siting).
    Role.MARKETING: frozenset(
        _STAFF_READ
        | _GOVERNANCE_STAFF
        | _SCREEN_READERS
        | {VIEW_MARKETING, MANAGE_CAMPAIGNS, MANAGE_SUPPLIES, MANAGE_POPULATION}
        | _OFFICE
        | {HANDLE_COMPLAINTS, SEND_NOTICES}
    ),
    # Party affairs keeps the party-building records and the public evaluation (万人双评议,
    # 行风监督员), which the center's party office runs.
    Role.PARTY_AFFAIRS: frozenset(
        {USE_STAFF_SITE, VIEW_PARTY, MANAGE_PARTY, MANAGE_EVALUATION, VIEW_EVALUATION}
        | {SEND_NOTICES}
        | _OFFICE
    ),
    # District staff review applications, edit stations, plan and carry out inspections
    # and record violations inside their district only (the data scope decides which rows).
    Role.BRANCH_STAFF: frozenset(
        _STAFF_READ
        | {CHANGE_STATION, REVEAL_PERSONAL_DATA, REVIEW_APPLICATIONS}
        | _GOVERNANCE_STAFF
        | {PLAN_INSPECTIONS, INSPECT, RECORD_VIOLATION, PLAN_VISITS}
        | {REVIEW_STARS_DISTRICT, MANAGE_STAFF, REVOKE_CERTIFICATE}
        | _STAFF_READERS
        | _SCREEN_READERS
        | {HANDLE_ALERTS, VIEW_CAMERAS, VIEW_MARKETING}
        | _OFFICE
        | {HANDLE_COMPLAINTS, SEND_NOTICES}
        # Their district's service station and premises (the data scope decides).
        | {VIEW_FACILITIES}
    ),
    Role.INSPECTOR: frozenset(
        {USE_STAFF_SITE, VIEW_STATION, SURVEY, VIEW_GOVERNANCE, INSPECT, RECORD_VIOLATION}
        | {READ_NOTICES}
    ),
    Role.SYSTEM_ADMIN: frozenset(
        _STAFF_READ
        | {CHANGE_STATION, REVEAL_PERSONAL_DATA, VIEW_AUDIT, VIEW_LOGIN_LOG}
        | {IMPORT_SALES, MANAGE_GAMES, REVIEW_APPLICATIONS, MANAGE_CALLS}
        | {VIEW_GOVERNANCE, MANAGE_CHECKLISTS, PLAN_INSPECTIONS, PLAN_VISITS}
        | _SCREEN_READERS
        | {MANAGE_ALERT_RULES, VIEW_CAMERAS, MANAGE_CAMERAS}
        | {READ_NOTICES}
        | {VIEW_FACILITIES, MANAGE_SERVICE_STATIONS}
    ),
    # External users: an owner sees their own station(s) in the staff site, read only,
    # and answers the rectification orders issued to them.
    # They register and transfer their own sellers, apply for stars and follow training.
    Role.STATION_OWNER: frozenset(
        {USE_STAFF_SITE, VIEW_STATION, VIEW_GOVERNANCE, REPLY_RECTIFICATION}
        | {VIEW_STAFF, MANAGE_STAFF, APPLY_STARS, LEARN}
        | {ORDER_SUPPLIES, VIEW_CAMERAS}
        # Their notices, and the complaints about their station with the replies.
        | {READ_NOTICES, VIEW_COMPLAINTS}
        # Their portal (/my/): stations, to-dos, sales and commission statements.
        | {OWNER_PORTAL, VIEW_OWNER_PAGES}
    ),
    # A seller signs in to follow courses, take exams and see their own certificates.
    Role.SELLER: frozenset({USE_STAFF_SITE, LEARN, READ_NOTICES}),
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
