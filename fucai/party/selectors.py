"""Reads of party building, scoped to the user (``visible_to``): this month's political
birthdays, the compliance of each branch with the minimum frequencies, a member's
volunteer hours read from charity."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from fucai.charity.choices import ActivityStatus as CharityStatus
from fucai.charity.choices import ParticipantKind
from fucai.charity.models import Participant
from fucai.charity.selectors.activities import volunteer_hours

from .choices import Period
from .models import FrequencyRule, PartyActivity, PartyBranch, PartyMember


def birthdays_in_month(user, month: int):
    """Current members whose join month (political birthday) is ``month``."""
    return (
        PartyMember.objects.visible_to(user)
        .current()
        .filter(joined_on__month=month)
        .select_related("branch")
        .order_by("joined_on__day", "name", "pk")
    )


def periods_ended(period: str, year: int, on: datetime.date) -> int:
    """How many periods of ``year`` are over by ``on`` (all of them for a past year):
    a branch is behind only once a period has ended without its minimum."""
    if on.year > year:
        return {Period.MONTH: 12, Period.QUARTER: 4}.get(period, 1)
    if on.year < year:
        return 0
    if period == Period.MONTH:
        return on.month - 1
    if period == Period.QUARTER:
        return (on.month - 1) // 3
    return 0


def current_period(period: str, on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of the month / quarter / year holding ``on``."""
    if period == Period.MONTH:
        start = on.replace(day=1)
        end_month = on.month
    elif period == Period.QUARTER:
        start = datetime.date(on.year, (on.month - 1) // 3 * 3 + 1, 1)
        end_month = start.month + 2
    else:
        start = datetime.date(on.year, 1, 1)
        end_month = 12
    following = datetime.date(on.year + end_month // 12, end_month % 12 + 1, 1)
    return start, following - datetime.timedelta(days=1)


@dataclass
class ComplianceCell:
    kind: str
    kind_label: str
    period_label: str
    minimum: int
    required: int  # the minimum times the periods of the year ended
    held: int  # held this year up to the day
    held_now: int  # held in the current period
    behind: int  # required - held, at least 0

    @property
    def ok(self) -> bool:
        return self.behind == 0


@dataclass
class BranchCompliance:
    branch: PartyBranch
    cells: list[ComplianceCell]

    @property
    def behind(self) -> list[ComplianceCell]:
        return [cell for cell in self.cells if not cell.ok]


def compliance(user, year: int, on: datetime.date, kinds=None) -> list[BranchCompliance]:
    """Per branch and per kind with a minimum frequency: what was held in ``year`` up to
    ``on`` against the minimum times the periods ended, and what in the current period.
    Two queries whatever the number of branches."""
    rules = list(FrequencyRule.objects.order_by("kind"))
    if kinds is not None:
        rules = [rule for rule in rules if rule.kind in kinds]
    end = min(on, datetime.date(year, 12, 31))
    held = (
        PartyActivity.objects.visible_to(user)
        .held()
        .filter(held_on__gte=datetime.date(year, 1, 1), held_on__lte=end)
        .values_list("branch_id", "kind", "held_on")
    )
    counts: dict[tuple[int, str], list[datetime.date]] = {}
    for branch_id, kind, held_on in held:
        counts.setdefault((branch_id, kind), []).append(held_on)
    result = []
    for branch in PartyBranch.objects.visible_to(user).order_by("name"):
        cells = []
        for rule in rules:
            dates = counts.get((branch.pk, rule.kind), [])
            start, _ = current_period(rule.period, end)
            required = rule.minimum * periods_ended(rule.period, year, on)
            cells.append(
                ComplianceCell(
                    kind=rule.kind,
                    kind_label=rule.get_kind_display(),
                    period_label=rule.get_period_display(),
                    minimum=rule.minimum,
                    required=required,
                    held=len(dates),
                    held_now=sum(1 for d in dates if d >= start),
                    behind=max(0, required - len(dates)),
                )
            )
        result.append(BranchCompliance(branch=branch, cells=cells))
    return result


def member_counts(user) -> dict[int, int]:
    rows = (
        PartyMember.objects.visible_to(user)
        .current()
        .values("branch_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["branch_id"]: row["n"] for row in rows}


def member_volunteer_hours(member: PartyMember, year: int) -> Decimal:
    """The member's volunteer hours at charity activities held in ``year``: through
    their linked account, and where a volunteer was recorded without an account, by
    name (charity records a party-member volunteer by name and, when known, account)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    total = Decimal("0")
    if member.user_id:
        total += volunteer_hours(start, end, user_ids=[member.user_id]).get(
            member.user_id, Decimal("0")
        )
    by_name = (
        Participant.objects.filter(
            kind=ParticipantKind.VOLUNTEER,
            user__isnull=True,
            name=member.name,
            activity__held_on__range=(start, end),
        )
        .exclude(activity__status=CharityStatus.PLANNED)
        .aggregate(hours=Sum("hours"))["hours"]
    )
    return total + (by_name or Decimal("0"))


def study_points(member: PartyMember, year: int) -> int:
    return member.studies.filter(studied_on__year=year).aggregate(p=Sum("points"))["p"] or 0
