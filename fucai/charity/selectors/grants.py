"""Grant programmes and their public side: the open programmes, and the notice list
(names masked, school, amount — never an ID number or a phone)."""

from django.db.models import Count
from django.utils import timezone

from fucai.core import masking

from ..choices import GrantApplicationState as S
from ..choices import ProgrammeStatus as P
from ..models import GrantApplication, GrantProgramme
from ..services.grant_review import notice_ends_on

PUBLIC_STATUSES = (P.OPEN, P.REVIEWING, P.NOTICE, P.PAYING, P.CLOSED)


def public_programmes():
    return GrantProgramme.objects.filter(status__in=PUBLIC_STATUSES).order_by("-year", "name")


def open_programmes(today=None):
    today = today or timezone.localdate()
    return public_programmes().filter(status=P.OPEN, opens_on__lte=today, closes_on__gte=today)


def notice_rows(programme: GrantProgramme) -> list[dict]:
    """The public list: its number, the masked name, school and amount."""
    rows = (
        GrantApplication.objects.filter(
            programme=programme, state__in=(S.NOTICED, S.APPROVED, S.PAID)
        )
        .order_by("rank", "pk")
        .values_list("rank", "name", "school")
    )
    return [
        {
            "rank": rank,
            "name": masking.mask_name(name),
            "school": school,
            "amount_fen": programme.amount_fen,
        }
        for rank, name, school in rows
    ]


def notice_programmes():
    """Programmes whose list is (or was) on public notice."""
    return (
        GrantProgramme.objects.filter(status__in=(P.NOTICE, P.PAYING, P.CLOSED))
        .exclude(notice_starts_on=None)
        .order_by("-notice_starts_on")
    )


def notice_is_open(programme: GrantProgramme, today=None) -> bool:
    today = today or timezone.localdate()
    ends = notice_ends_on(programme)
    return (
        programme.status == P.NOTICE
        and ends is not None
        and programme.notice_starts_on <= today <= ends
    )


def state_counts(programmes) -> dict[int, dict[str, int]]:
    """Per programme, how many applications are in each state (drafts excluded)."""
    rows = (
        GrantApplication.objects.filter(programme__in=programmes)
        .exclude(state=S.DRAFT)
        .values("programme_id", "state")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["programme_id"], {})[row["state"]] = row["n"]
    return counts


def open_objections(programme: GrantProgramme):
    return programme.objections.filter(resolved_at__isnull=True)
