"""The summary the ``demo`` command prints (``make run`` shows it before serving).

Tables mix Chinese and Latin text, so columns are padded by display width (a CJK
character takes two terminal cells), not by ``len``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from fucai.core.choices import Role
from fucai.core.models import User
from fucai.stations.choices import StationKind

from .builder import DemoResult
from .orgs import DEMO_PASSWORD, DEMO_USERNAMES


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], numeric: int = 0) -> str:
    """A plain-text table; the last ``numeric`` columns are right-aligned."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]
    first_numeric = len(headers) - numeric
    lines = []
    for n, row in enumerate(cells):
        padded = zip(row, widths, strict=True)
        parts = [_pad(c, w, right=i >= first_numeric) for i, (c, w) in enumerate(padded)]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths).rstrip())
    return "\n".join(lines)


YI_FEN = 10**10  # one 亿 yuan in fen


def _login_row(user: User) -> list[str]:
    role = str(Role(user.role).label) if user.role else ""
    return [user.username, role, user.display_name, str(user.org_unit or "")]


def _demo_order(user: User) -> int:
    return DEMO_USERNAMES.index(user.username)


def render(result: DemoResult) -> str:
    """The whole summary: stations per region, totals, and the demo logins."""
    if result.skipped:
        out = [
            f"Demo data not loaded: the database already has {result.existing_stations} "
            "stations (--if-empty). Use `manage.py demo --flush` to reload it."
        ]
        users = User.objects.filter(username__in=DEMO_USERNAMES).select_related("org_unit")
        if users:
            out += ["", f"Demo logins (password for all: {DEMO_PASSWORD}):", ""]
            rows = [_login_row(user) for user in sorted(users, key=_demo_order)]
            out.append(table(["username", "role", "name", "org unit"], rows))
            out += ["", GOV_SIGN_IN_HINT]
        return "\n".join(out)
    out: list[str] = []
    if result.flushed:
        removed = ", ".join(f"{n} {name}" for name, n in result.flushed.items() if n)
        out.append(f"Flushed the previous demo: {removed or 'nothing to remove'}.")
    out.append(f"Demo network loaded (seed {result.seed}, as of 2019-12-31):")
    kinds = (StationKind.COMPUTER, StationKind.INSTANT, StationKind.VIDEO)
    rows = [
        [
            r.region.code,
            r.region.name,
            r.active,
            *(r.kinds[k] for k in kinds),
            r.closed,
            r.preparing,
        ]
        for r in result.regions
    ]
    rows.append(
        [
            "",
            "合计",
            sum(r.active for r in result.regions),
            *(sum(r.kinds[k] for r in result.regions) for k in kinds),
            sum(r.closed for r in result.regions),
            sum(r.preparing for r in result.regions),
        ]
    )
    headers = ["代码", "区划", "在营", "电脑票", "即开", "中福在线", "已关停", "筹建中"]
    out += ["", table(headers, rows, numeric=6), ""]
    totals = result.totals
    out.append(
        f"{totals['stations']} stations, {totals['owners']} owners, "
        f"{totals['contracts']} contracts, {totals['policies']} insurance policies, "
        f"{totals['status changes']} status changes — in {result.seconds:.1f} s."
    )
    if result.recruitment is not None:
        rec = result.recruitment
        out += [
            "",
            f"Recruitment: {rec.applications} applications to “{rec.call}”, "
            f"{rec.schools} schools, {len(rec.stations)} stations created from applications.",
        ]
    if result.sales is not None:
        out += [
            "",
            f"Daily sales: {result.sales.rows:,} rows, {result.sales.months:,} monthly rollups.",
        ]
        for year, totals in sorted(result.sales.by_year.items()):
            sales_yi = Decimal(totals["sales_fen"]) / YI_FEN
            welfare_yi = Decimal(totals["welfare_fen"]) / YI_FEN
            out.append(f"  {year}: 销量 {sales_yi:.2f} 亿元, 公益金 {welfare_yi:.2f} 亿元")
    if result.staff is not None and result.staff.people:
        staff = result.staff
        out += [
            "",
            f"Sales staff: {staff.people:,} people ({staff.owners_selling} owners who sell), "
            f"{staff.certificates:,} certificates ({staff.expiring} expiring within 60 days, "
            f"{staff.expired} expired), {staff.transfers} transfers, {staff.left} left; "
            f"{staff.flagged_stations} active stations without a certified seller on duty.",
        ]
    if result.governance is not None:
        out += ["", *_governance_lines(result.governance)]
    if result.welfare is not None:
        states = ", ".join(
            f"{year} {state}" for year, state in sorted(result.welfare.disclosures.items())
        )
        out += [
            "",
            f"Welfare fund: {result.welfare.entries} ledger entries, "
            f"{result.welfare.projects} projects; disclosures: {states}.",
        ]
    if result.charity is not None and not result.charity.totals.get("skipped"):
        c = result.charity
        out += [
            "",
            f"Charity 2019: {c.activities} activities, {c.beneficiaries} people helped, "
            f"{Decimal(c.spent_fen) / 1_000_000:.1f} 万元 spent ({c.payments} ledger payments); "
            f"助圆大学梦 {c.grantees} grants of {c.applications} applications.",
        ]
    if result.marketing is not None:
        m, lift = result.marketing, result.marketing.lift
        before = m.lift_before.get("estimate")
        measured = (
            f"{lift['estimate']:+.1f}% (95% interval {lift['low']:+.1f}% to {lift['high']:+.1f}%, "
            f"{lift['controls']} controls"
            + (f"; {before:+.1f}% before the uplift was injected)" if before is not None else ")")
            if lift.get("estimate") is not None
            else f"no claim ({lift.get('reason')})"
        )
        out += [
            "",
            f"Marketing: the 2019 双色球 派奖 with {m.participants} stations, lift measured "
            f"from the sales {measured}; {m.requests} material requests, {m.orders} orders.",
        ]
    if result.monitoring is not None:
        m = result.monitoring
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(m.alerts.items()))
        out += [
            "",
            f"Monitoring: {m.cameras} cameras on the sample stream ({m.offline} offline); "
            f"alerts: {kinds or 'none'}.",
        ]
    if result.siting is not None:
        out += [
            "",
            f"Siting: population of {result.siting.districts} districts and "
            f"{result.siting.townships} townships (demo figures, /siting/).",
        ]
    if result.party is not None:
        p = result.party
        out += [
            "",
            f"Party building 2019: {p.branches} branches, {p.members} members, "
            f"{p.activities} activities held, {p.volunteers} party-member volunteers.",
        ]
    if result.feedback is not None and result.feedback.complaints:
        out += ["", feedback_line(result.feedback)]
    if result.facilities is not None:
        f = result.facilities
        out += [
            "",
            f"Service stations 2019: {f.service_stations} opened, {f.projects} premises "
            f"purchases started with {f.budget_fen // 1_000_000:,} (10k yuan), "
            f"{f.paid_fen // 1_000_000:,} paid (/facilities/).",
        ]
    out += ["", f"Demo logins (password for all: {DEMO_PASSWORD}):", ""]
    user_rows = [
        [*_login_row(user), "" if created else "(existing account reset)"]
        for user, created in result.users
    ]
    out.append(table(["username", "role", "name", "org unit", ""], user_rows))
    if result.owner_stations:
        out += ["", "`owner` holds: " + "; ".join(result.owner_stations)]
    out += ["", GOV_SIGN_IN_HINT]
    if result.staff is not None and result.staff.seller_login:
        out += [
            f"`{result.staff.seller_login}` sells there, certificate "
            f"{result.staff.seller_certificate} (check it on /public/certificates/verify/)."
        ]
    return "\n".join(out)


GOV_SIGN_IN_HINT = (
    "浙里办 sign-in: under `make run` (FUCAI_OIDC_DEMO=1) /public/account/sign-in/ offers "
    "使用浙里办登录 through a local stand-in at /dev/gov-idp/ — pick a made-up citizen."
)


def feedback_line(summary) -> str:
    states = ", ".join(f"{n} {state}" for state, n in sorted(summary.complaints.items()))
    return (
        f"Complaints 2019: {states}; evaluation: {summary.responses} survey answers; "
        f"{summary.supervisors} conduct supervisors."
    )


def _governance_lines(summary) -> list[str]:
    orders = ", ".join(f"{n} {status}" for status, n in sorted(summary.orders.items()))
    penalties = ", ".join(f"{n} {p}" for p, n in sorted(summary.penalties.items()))
    return [
        f"Supervision 2019: {summary.annual} annual inspections ({summary.annual_failed} failed, "
        f"{summary.annual_critical} on a critical item), {summary.special} special, "
        f"{summary.routine} routine patrols lately and {summary.planned} planned; "
        f"{summary.answers:,} answers.",
        f"  Rectification orders: {orders or 'none'}.",
        f"  Violations: {summary.violations} ({penalties or 'none'}).",
        f"  Visits: {summary.visits:,} ({summary.follow_ups} follow-ups) against "
        f"{summary.visit_plans} monthly plans — in {summary.seconds:.1f} s.",
    ]
