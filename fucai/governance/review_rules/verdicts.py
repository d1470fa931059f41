"""The verdicts a criterion may give, the criteria's names, the facts a review looks at,
and ``Verdict`` (one criterion's verdict with its finding)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ..choices import ReviewOutcome
from .findings import finding_text

PASS, CONDITIONAL, FAIL, INFO = "pass", "conditional", "fail", "info"
_RANK = {INFO: 0, PASS: 0, CONDITIONAL: 1, FAIL: 2}
_OUTCOME = {0: ReviewOutcome.PASS, 1: ReviewOutcome.CONDITIONAL, 2: ReviewOutcome.FAIL}


CRITERIA = {
    "registry": _("Registry status"),
    "inspection": _("Inspections"),
    "rectification": _("Rectification"),
    "sales_target": _("Sales against target"),
    "sales_median": _("Sales against the district median"),
    "certification": _("Seller certification"),
    "insurance": _("Liability insurance"),
    "violations": _("Violations"),
    "complaints": _("Complaints"),
}

VERDICTS = {
    PASS: _("Pass"),
    CONDITIONAL: _("Conditional"),
    FAIL: _("Fail"),
    INFO: _("Not assessed"),
}


@dataclass
class InspectionFacts:
    inspected_on: datetime.date | None
    score: Decimal | None
    max_score: Decimal | None
    result: str
    critical_failed: bool


@dataclass
class StationFacts:
    """What the review of one station for one year looks at."""

    year: int
    status: str
    status_label: str
    opened_on: datetime.date | None
    closed_on: datetime.date | None
    close_reason: str = ""
    annual: InspectionFacts | None = None
    failed_annual_last_year: bool = False
    other_critical_failures: int = 0
    overdue_orders: int = 0
    escalated_orders: int = 0
    sales_fen: int | None = None
    target_fen: int | None = None
    district_median_fen: int | None = None
    insurance: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)
    violations: list[tuple[str, int]] = field(default_factory=list)  # (penalty, fine_fen)
    # Certified sellers on duty at the end of the year; None when the registry holds no
    # certification data for that day.
    certified_sellers: int | None = None
    # Substantiated complaints about the station received in the year (feedback app);
    # None while the system records no complaint at all.
    substantiated_complaints: int | None = None


@dataclass
class Verdict:
    criterion: str
    verdict: str
    note: str
    facts: dict = field(default_factory=dict)
    value: str = ""

    def as_json(self) -> dict:
        return {
            "criterion": self.criterion,
            "verdict": self.verdict,
            "note": self.note,
            "facts": self.facts,
            "value": self.value,
            # In the center's language at computation time, for readers of the raw row
            # (the API); pages render ``note`` + ``facts`` in the reader's language.
            "label": str(CRITERIA[self.criterion]),
            "finding": finding_text(self.note, self.facts),
        }
