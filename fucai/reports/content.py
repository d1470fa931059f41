"""What a report says, independent of its format: sections of headline facts, tables and
charts. The selectors fill it from data; the PDF and the workbook both render it, so the
two always carry the same figures.

Amounts are integer fen to the end: ``Fact.fen`` / a table's ``fen`` columns are
written as yuan numbers in the workbook and as 亿元 / 万元 text in the PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

YI_FEN = 10**10  # one 亿 yuan
WAN_FEN = 10**6  # one 万 yuan

# Units of a value: how it is shown and written.
COUNT, FEN, PERCENT, RATE = "count", "fen", "percent", "rate"
# PERCENT is a growth (signed: +3.9%); RATE a share or rate (92.0%).


def yuan_text(fen: int | None) -> str:
    """An amount as the center writes it: 20.20亿元, 743.9万元, 1,234元."""
    if fen is None:
        return "—"
    value = Decimal(int(fen))
    if abs(value) >= YI_FEN:
        number = (value / YI_FEN).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return _("%(n)s hundred million yuan") % {"n": f"{number:,}"}
    if abs(value) >= WAN_FEN:
        number = (value / WAN_FEN).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return _("%(n)s ten thousand yuan") % {"n": f"{number:,}"}
    number = (value / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return _("%(n)s yuan") % {"n": f"{number:,}"}


def value_text(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == FEN:
        return yuan_text(value)
    if unit == PERCENT:
        return f"{value:+.1f}%" if value else "0.0%"
    if unit == RATE:
        return f"{value:.1f}%"
    return f"{int(value):,}"


@dataclass
class Fact:
    label: str
    value: int | Decimal | None
    unit: str = COUNT

    @property
    def text(self) -> str:
        return value_text(self.value, self.unit)


@dataclass
class Table:
    title: str
    headers: list[str]
    units: list[str]  # per column: "text", COUNT, FEN, PERCENT or RATE
    rows: list[list] = field(default_factory=list)

    def text_rows(self) -> list[list[str]]:
        return [
            [
                str(v) if u == "text" else value_text(v, u)
                for v, u in zip(row, self.units, strict=True)
            ]
            for row in self.rows
        ]


@dataclass
class Chart:
    kind: str  # "bar", "line" or "pie"
    title: str
    labels: list[str]
    series: list[tuple[str, list]]  # (name, values); a pie has one series
    unit: str = COUNT


@dataclass
class Section:
    key: str
    title: str
    facts: list[Fact] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    note: str = ""


@dataclass
class Report:
    title: str
    scope: str  # 全市 or the districts covered
    period_key: str
    sections: list[Section] = field(default_factory=list)

    def facts(self) -> list[tuple[Section, Fact]]:
        return [(section, fact) for section in self.sections for fact in section.facts]
