"""The report's figures, read through the apps' own selectors and the user's data scope
(``visible_to``): a branch's staff get their districts' report, the center's
departments the whole city's. Nothing is typed; every figure is counted or summed from
the records of the period.

One module per topic: ``sales`` (sales and growth, the welfare fund raised and used),
``network`` (stations, provincial stars, recruitment, insurance), ``supervision``
(inspections and the annual review), ``charity`` (activities and people helped)."""

from django.utils.translation import gettext as _

from fucai.core.scope import is_city_wide, regions_visible

from ..content import Report
from ..periods import ReportPeriod
from .charity import charity_section
from .network import network_sections
from .sales import sales_sections
from .supervision import supervision_section


def scope_label(user) -> str:
    if is_city_wide(user):
        return _("Whole city")
    names = [r.short_name or r.name for r in regions_visible(user).order_by("sort_order", "code")]
    return "、".join(names) or _("No district")


def build_report(user, period: ReportPeriod, progress=None) -> Report:
    """Every section of ``period``'s report over what ``user`` may see; ``progress``
    (a callable taking percent and message) hears of each step."""
    report = Report(title=period.title, scope=scope_label(user), period_key=period.key)
    steps = (
        (sales_sections, _("Sales and the welfare fund")),
        (network_sections, _("Stations, recruitment and insurance")),
        (supervision_section, _("Inspections and the annual review")),
        (charity_section, _("Charity activities")),
    )
    for done, (step, message) in enumerate(steps):
        if progress is not None:
            progress(5 + done * 15, message)
        found = step(user, period)
        report.sections.extend(found if isinstance(found, list) else [found])
    return report


__all__ = ["build_report", "scope_label"]
