"""Inspections done in the period and, for a year, the annual review (年审)."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from fucai.governance.choices import InspectionResult, InspectionStatus
from fucai.governance.selectors.coverage import inspections_for
from fucai.governance.selectors.reviews import review_summary
from fucai.sales.selectors import ratio

from ..content import COUNT, RATE, Fact, Section, Table
from ..periods import ReportPeriod


def supervision_section(user, period: ReportPeriod) -> Section:
    inspections = inspections_for(user)
    if period.month is None:
        inspections = inspections.filter(year=period.year)
        planned = inspections.exclude(status=InspectionStatus.CANCELLED).count()
    else:
        planned = None
    done = inspections.filter(
        status=InspectionStatus.SUBMITTED,
        inspected_on__gte=period.start,
        inspected_on__lte=period.last_day,
    ).aggregate(done=Count("pk"), failed=Count("pk", filter=Q(result=InspectionResult.FAILED)))
    section = Section("supervision", _("Inspections and annual review"))
    if planned is not None:
        section.facts.append(Fact(_("Inspections planned"), planned))
    section.facts += [
        Fact(_("Inspections done"), done["done"]),
        Fact(_("Inspections failed"), done["failed"]),
    ]
    if period.month is None:
        total = review_summary(user, period.year)["total"]
        section.facts += [
            Fact(_("Stations reviewed"), total["total"]),
            Fact(_("Pass rate"), ratio(total["passed"], total["total"]), RATE),
        ]
        section.tables.append(
            Table(
                _("Annual review"),
                [_("Outcome of the review"), _("Stations")],
                ["text", COUNT],
                [
                    [_("Passed"), total["passed"]],
                    [_("Conditional"), total["conditional"]],
                    [pgettext("inspection result", "Failed"), total["failed"]],
                    [_("Warned"), total["warned"]],
                    [_("Exited"), total["exited"]],
                ],
            )
        )
    return section
