"""The station list's rows, built in Python once per page (see core/tables.py)."""

from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fucai.core.tables import badge, escape, escaped_labels, status_badges, url_maker

from .choices import StationClass, StationKind, StationStatus
from .cover import FIELDS as COVER_FIELDS
from .cover import cover_on
from .selectors import insurance_state

# Liability insurance of an active station: state -> (label, colour). "ok" shows nothing.
INSURANCE_BADGES = {
    "missing": (_("Uninsured"), "red"),
    "expiring": (_("Insurance expiring"), "orange"),
}


def insurance_label(status: str, insured: bool, insured_until, on) -> str:
    """The insurance state's words ("未投保" / "即将到期" / ""), for active stations."""
    if status != StationStatus.ACTIVE:
        return ""
    state = insurance_state(insured, insured_until, on)
    return str(INSURANCE_BADGES[state][0]) if state in INSURANCE_BADGES else ""


_BADGE = (
    '<span class="badge bg-{colour}-lt ms-1" title="{title}" data-insurance="{state}">'
    "{label}</span>"
)


def insurance_badge(status: str, insured: bool, insured_until, on):
    if status != StationStatus.ACTIVE:
        return ""
    state = insurance_state(insured, insured_until, on)
    if state not in INSURANCE_BADGES:
        return ""
    label, colour = INSURANCE_BADGES[state]
    title = insured_until.isoformat() if insured_until else ""
    return format_html(_BADGE, colour=colour, title=title, state=state, label=label)


def _insurance_badge_parts() -> dict[str, tuple[str, str]]:
    """State → its badge as the HTML before and after the title (a date): for rows
    built as HTML, the label translated and escaped once per page."""
    parts = {}
    for state, (label, colour) in INSURANCE_BADGES.items():
        html = _BADGE.format(colour=colour, title="\0", state=state, label=escape(str(label)))
        parts[state] = tuple(html.split("\0"))
    return parts


# The columns the list shows, read as named tuples: no model instances (a station, its
# owner and its district per row) and no encrypted column, decrypted only to be dropped.
LIST_COLUMNS = (
    *("code", "name", "address", "region__name", "region__short_name", "kind"),
    *("station_class", "status", "opened_on", "owner__name"),
    *("grade", "grade_year", "stars", "stars_year", "provincial_star_year"),
    *COVER_FIELDS,  # the insurance cover dates, read against today (cover.py)
)


def station_rows(stations) -> list[dict]:
    """``stations``: named rows of ``LIST_COLUMNS``; each row's cells as HTML, every
    text escaped here (printed by ``rows_html(..., escaped=True)``)."""
    kinds, classes = escaped_labels(StationKind.choices), escaped_labels(StationClass.choices)
    statuses = status_badges(StationStatus.choices)
    insurance_badges = _insurance_badge_parts()
    url = url_maker("stations:detail", "code")
    provincial = escape(str(_("Provincial star")))
    today = timezone.localdate()
    rows = []
    for station in stations:
        status = station.status
        insurance = ""
        if status == StationStatus.ACTIVE:
            insured, until = cover_on(
                station.insurance_from,
                station.insurance_to,
                station.insurance_resumes_on,
                station.insurance_until,
                today,
            )
            state = insurance_state(insured, until, today)
            if state in insurance_badges:
                before, after = insurance_badges[state]
                insurance = before + (until.isoformat() if until else "") + after
        rows.append(
            {
                "url": escape(url(station.code)),
                "code": escape(station.code),
                "name": escape(station.name),
                "address": escape(station.address),
                "region": escape(station.region__short_name or station.region__name),
                "kind": kinds.get(station.kind) or escape(station.kind),
                "station_class": classes.get(station.station_class)
                or escape(station.station_class),
                "owner": escape(station.owner__name),
                "status": statuses.get(status) or badge(status, status),
                "insurance": insurance,
                "opened_on": station.opened_on.isoformat() if station.opened_on else "—",
                "grade": _grade_cell(station.grade, station.grade_year),
                "stars": _stars_cell(station.stars, station.stars_year)
                + (
                    _PROVINCIAL.format(year=station.provincial_star_year, label=provincial)
                    if station.provincial_star_year
                    else ""
                ),
            }
        )
    return rows


GRADE_COLOURS = {"A": "green", "B": "azure", "C": "yellow", "D": "red"}
_PROVINCIAL = (
    '<span class="badge bg-purple-lt ms-1" title="{year}" data-provincial="{year}">{label}</span>'
)


def _grade_cell(grade: str, year) -> str:
    """The published grade as a badge titled with its year; "—" when never graded."""
    if not grade:
        return "—"
    colour = GRADE_COLOURS.get(grade, "secondary")
    return f'<span class="badge bg-{colour}-lt" title="{year or ""}">{escape(grade)}</span>'


def _stars_cell(stars: int, year) -> str:
    if not stars:
        return ""
    return f'<span class="text-warning text-nowrap" title="{year or ""}">{"★" * stars}</span>'


# One row of stations/_station_table.html (printed by core.tables.rows_html).
ROW_HTML = (
    "\n      <tr>"
    '\n        <td><a href="{url}" class="fw-semibold">{code}</a></td>'
    '\n        <td><a href="{url}" class="text-reset">{name}</a><div class="small '
    'text-secondary d-none d-md-block text-truncate fucai-address">{address}</div></td>'
    "\n        <td>{region}</td>"
    '\n        <td class="d-none d-md-table-cell">{kind}</td>'
    '\n        <td class="d-none d-lg-table-cell">{station_class}</td>'
    '\n        <td class="d-none d-xl-table-cell">{owner}</td>'
    '\n        <td class="d-none d-sm-table-cell">{grade}</td>'
    '\n        <td class="d-none d-sm-table-cell">{stars}</td>'
    "\n        <td>{status}{insurance}</td>"
    '\n        <td class="d-none d-lg-table-cell text-nowrap">{opened_on}</td>'
    "\n      </tr>"
)
