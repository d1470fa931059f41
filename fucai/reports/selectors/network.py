"""The station network over the period: stations operating at its end (by kind and
district), opened and closed in it, provincial star stations designated for the year,
recruitment, and the liability-insurance cover at its end."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from fucai.core.scope import regions_visible
from fucai.recruitment.choices import ApplicationStatus
from fucai.recruitment.models import Application
from fucai.stations.choices import StationKind
from fucai.stations.models import Station
from fucai.stations.selectors import insured_on

from ..content import COUNT, RATE, Chart, Fact, Section, Table
from ..periods import ReportPeriod

# An application that reached the decision "approved" or went on from it.
_APPROVED = [
    ApplicationStatus.APPROVED,
    ApplicationStatus.CONTRACT_SCHEDULED,
    ApplicationStatus.CONTRACT_SIGNED,
    ApplicationStatus.STATION_CREATED,
]


def operating_on(stations, day):
    """Stations open on ``day``: opened on or before it, not closed by then."""
    return stations.filter(opened_on__isnull=False, opened_on__lte=day).exclude(closed_on__lte=day)


def network_sections(user, period: ReportPeriod) -> list[Section]:
    stations = Station.objects.visible_to(user)
    end = period.last_day
    operating = operating_on(stations, end)
    counts = operating.aggregate(
        total=Count("pk"),
        insured=Count("pk", filter=Q(insured_on(end))),
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in StationKind.values},
    )
    changes = stations.aggregate(
        opened=Count("pk", filter=Q(opened_on__gte=period.start, opened_on__lte=end)),
        closed=Count("pk", filter=Q(closed_on__gte=period.start, closed_on__lte=end)),
    )
    section = Section("stations", _("Stations"))
    section.facts = [
        Fact(_("Stations operating at the end of the period"), counts["total"]),
        Fact(_("Stations opened"), changes["opened"]),
        Fact(_("Stations closed"), changes["closed"]),
    ]
    if period.month is None:
        stars = stations.filter(provincial_star_year=period.year).count()
        section.facts.append(Fact(_("Provincial star stations"), stars))
    kinds = [(str(label), counts[kind]) for kind, label in StationKind.choices]
    section.tables.append(
        Table(
            _("Stations by kind"),
            [_("Kind of station"), _("Stations")],
            ["text", COUNT],
            [list(row) for row in kinds],
        )
    )
    section.charts.append(
        Chart("pie", _("Stations by kind"), [k for k, _n in kinds], [("", [n for _k, n in kinds])])
    )
    by_region = {
        row["region"]: row
        for row in operating.values("region")
        .annotate(total=Count("pk"), insured=Count("pk", filter=Q(insured_on(end))))
        .order_by()
    }
    regions = regions_visible(user).order_by("sort_order", "code")
    region_rows = [
        [
            region.short_name or region.name,
            by_region.get(region.pk, {}).get("total", 0),
            by_region.get(region.pk, {}).get("insured", 0),
        ]
        for region in regions
    ]
    section.tables.append(
        Table(
            _("Stations by district"),
            [_("District"), _("Stations"), _("Insured")],
            ["text", COUNT, COUNT],
            region_rows,
        )
    )
    section.charts.append(
        Chart(
            "bar",
            _("Stations by district"),
            [row[0] for row in region_rows],
            [(_("Stations"), [row[1] for row in region_rows])],
        )
    )
    insurance = Section("insurance", _("Insurance coverage"))
    covered = counts["insured"]
    insurance.facts = [
        Fact(_("Stations insured at the end of the period"), covered),
        Fact(_("Stations without cover"), counts["total"] - covered),
        Fact(_("Share of stations insured"), _rate(covered, counts["total"]), RATE),
    ]
    return [section, _recruitment_section(user, period), insurance]


def _rate(part: int, whole: int):
    from fucai.sales.selectors import ratio

    return ratio(part, whole)


def _recruitment_section(user, period: ReportPeriod) -> Section:
    applications = Application.objects.visible_to(user)
    end = period.last_day
    counts = applications.aggregate(
        submitted=Count(
            "pk", filter=Q(submitted_at__date__gte=period.start, submitted_at__date__lte=end)
        ),
        approved=Count(
            "pk",
            filter=Q(
                status__in=_APPROVED,
                decided_at__date__gte=period.start,
                decided_at__date__lte=end,
            ),
        ),
        signed=Count(
            "pk", filter=Q(contract_signed_on__gte=period.start, contract_signed_on__lte=end)
        ),
    )
    section = Section("recruitment", _("Recruitment"))
    section.facts = [
        Fact(_("Applications submitted"), counts["submitted"]),
        Fact(_("Applications approved"), counts["approved"]),
        Fact(_("Contracts signed"), counts["signed"]),
    ]
    return section
