"""The yearly disclosure (阳光福彩): generated from the ledger (with the reach charity
provides, see ``fucai.welfare.reach``), submitted for review, approved, published with
its PDF; earlier years stay published.

    draft ──submit──▶ in_review ──approve──▶ approved ──publish──▶ published
      ▲                   │
      └──────return───────┘        (regenerate, foreword: draft only)

The foreword (the announcement's opening and notes, written by finance) is edited only
while the disclosure is a draft — new or returned from review — so what leadership
approves and the public reads is what was reviewed.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, pdf
from fucai.core.choices import AuditAction
from fucai.core.models import AuditEntry
from fucai.core.roles import APPROVE_DISCLOSURE, PREPARE_DISCLOSURE
from fucai.core.services import ConcurrentUpdate, require

from .. import reach as reach_registry
from ..choices import DisclosureState, FundCategory, LedgerAccount
from ..models import Disclosure, Posting, WelfareProject
from ..selectors.raised import sales_of_year
from ..selectors.summary import ledger_figures

D = DisclosureState
ALLOWED: dict[str, frozenset[str]] = {
    "generate": frozenset({D.DRAFT}),
    "foreword": frozenset({D.DRAFT}),
    "submit": frozenset({D.DRAFT}),
    "return": frozenset({D.IN_REVIEW}),
    "approve": frozenset({D.IN_REVIEW}),
    "publish": frozenset({D.APPROVED}),
}
TARGET = {"submit": D.IN_REVIEW, "return": D.DRAFT, "approve": D.APPROVED, "publish": D.PUBLISHED}
PERMISSION = {
    "submit": PREPARE_DISCLOSURE,
    "return": APPROVE_DISCLOSURE,
    "approve": APPROVE_DISCLOSURE,
    "publish": APPROVE_DISCLOSURE,
}


def compute_figures(year: int, reach: dict | None = None) -> dict:
    """The announcement's numbers: header (sales, raised, remitted, retained, spent) and
    lines by category and project (number of projects, people helped, amount), from the
    ledger; ``reach`` as in ``fucai.welfare.reach`` (the registered providers' when None).
    Only public projects are named; amounts are the payments booked in the year."""
    if reach is None:
        reach = reach_registry.reach_of_year(year)
    reach = reach_registry.normalize(reach)
    totals = ledger_figures(year)
    spent = dict(
        Posting.objects.filter(entry__period__year=year, account=LedgerAccount.SPENT)
        .values("project")
        .annotate(total=Sum("amount_fen"))
        .values_list("project", "total")
        .order_by()
    )
    projects = WelfareProject.objects.filter(pk__in=list(spent)).order_by("category", "name")
    categories = {
        c: {"category": c, "label": str(label), "projects": 0, "people": 0, "spent_fen": 0}
        for c, label in FundCategory.choices
    }
    lines = []
    for project in projects:
        fen = spent[project.pk]
        counts = reach["projects"].get(project.pk, {"people": 0, "activities": 0})
        row = categories[project.category]
        row["projects"] += 1
        row["people"] += counts["people"]
        row["spent_fen"] += fen
        if project.public:
            lines.append(
                {
                    "project": project.pk,
                    "name": project.name,
                    "category": project.category,
                    "category_label": str(project.get_category_display()),
                    "summary": project.summary[:300],
                    "partner": project.partner,
                    "people": counts["people"],
                    "activities": counts["activities"],
                    "spent_fen": fen,
                }
            )
    return {
        "year": year,
        "sales_fen": sales_of_year(year),
        "raised_fen": totals["raised_fen"],
        "remitted_fen": totals["remitted_fen"],
        "retained_fen": totals["retained_fen"],
        "allocated_fen": totals["allocated_fen"],
        "spent_fen": totals["spent_fen"],
        "people": reach["people"],
        "activities": sum(c["activities"] for c in reach["projects"].values()),
        "categories": [row for row in categories.values() if row["projects"]],
        "projects": lines,
    }


@transaction.atomic
def disclosure_generate(*, acting_user, year: int, reach: dict | None = None) -> Disclosure:
    """Create the year's disclosure, or regenerate a draft, from the ledger now."""
    require(acting_user, PREPARE_DISCLOSURE)
    disclosure, created = Disclosure.objects.select_for_update().get_or_create(year=year)
    if disclosure.state not in ALLOWED["generate"]:
        raise ValidationError(
            _("Only a draft can be regenerated; this one is %(state)s.")
            % {"state": D(disclosure.state).label},
            code="state",
        )
    disclosure.figures = compute_figures(year, reach)
    disclosure.generated_at = timezone.now()
    if not created:
        disclosure.version += 1
    disclosure.full_clean()
    disclosure.save()
    if created:
        audit.record_create(actor=acting_user, obj=disclosure)
    else:
        audit.record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=disclosure,
            comment=str(_("Regenerated from the ledger")),
        )
    return disclosure


@transaction.atomic
def disclosure_transition(
    *, acting_user, disclosure: Disclosure, action: str, version: int | None = None
) -> Disclosure:
    """Submit, return, approve or publish (with its PDF). The preparer does not approve
    (the last author of its figures or foreword)."""
    if action not in TARGET:
        raise ValidationError(_("Unknown action."), code="action")
    require(acting_user, PERMISSION[action])
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if version is not None and version != disclosure.version:
        raise ConcurrentUpdate()
    if disclosure.state not in ALLOWED[action]:
        raise ValidationError(
            _("This disclosure is %(state)s; it cannot be changed this way.")
            % {"state": D(disclosure.state).label},
            code="state",
        )
    before = audit.snapshot(disclosure)
    if action == "approve":
        if _last_generator(disclosure) == acting_user.pk:
            raise PermissionDenied(_("You cannot approve figures you prepared."))
        disclosure.approved_by = acting_user
        disclosure.approved_at = timezone.now()
    disclosure.state = TARGET[action]
    if action == "publish":
        disclosure.published_at = timezone.now()
        content = pdf.render_pdf("welfare/disclosure_pdf.html", {"disclosure": disclosure})
        disclosure.pdf.save(f"disclosure-{disclosure.year}.pdf", ContentFile(content), save=False)
    disclosure.version += 1
    disclosure.full_clean()
    disclosure.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=disclosure,
        changes=audit.diff(Disclosure, before, audit.snapshot(disclosure)),
    )
    return disclosure


FOREWORD_MAX_LENGTH = 5000


@transaction.atomic
def disclosure_set_foreword(
    *, acting_user, disclosure: Disclosure, foreword: str, version: int | None = None
) -> Disclosure:
    """Write the announcement's foreword and notes (shown above the figures on the
    page and in the PDF); a draft only — locked once submitted, approved or published."""
    require(acting_user, PREPARE_DISCLOSURE)
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if version is not None and version != disclosure.version:
        raise ConcurrentUpdate()
    if disclosure.state not in ALLOWED["foreword"]:
        raise ValidationError(
            _("The foreword is locked: this disclosure is %(state)s.")
            % {"state": D(disclosure.state).label},
            code="state",
        )
    foreword = (foreword or "").strip().replace("\r\n", "\n")
    if len(foreword) > FOREWORD_MAX_LENGTH:
        raise ValidationError(
            _("The foreword is too long (at most %(n)s characters).") % {"n": FOREWORD_MAX_LENGTH},
            code="too_long",
        )
    before = audit.snapshot(disclosure)
    disclosure.foreword = foreword
    disclosure.version += 1
    disclosure.full_clean()
    disclosure.save(update_fields=["foreword", "version"])
    changes = audit.diff(Disclosure, before, audit.snapshot(disclosure))
    if changes:
        audit.record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=disclosure,
            changes=changes,
            comment=str(_("Foreword edited")),
        )
    return disclosure


def _last_generator(disclosure: Disclosure) -> int | None:
    entry = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Disclosure),
            object_id=str(disclosure.pk),
            action__in=[AuditAction.CREATE, AuditAction.UPDATE],
        )
        .order_by("-at", "-id")
        .first()
    )
    return entry.actor_id if entry else None
