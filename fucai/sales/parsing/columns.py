"""The header: which column holds which field (Chinese or English names, several
aliases each), and each data row as a ``RawRow`` of those fields, with the word that
marks a total row (合计 / 小计 / ...)."""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .errors import FileFormatError
from .values import text_of

# Field -> accepted headers, compared after header_key() normalisation.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "station": (
        "站点编号",
        "投注站编号",
        "站号",
        "站点代码",
        "投注站代码",
        "station",
        "station_code",
        "站点编码",
        "投注站号",
    ),
    "game": ("游戏", "玩法", "游戏名称", "玩法名称", "game", "game_code", "game_name"),
    "date": ("日期", "销售日期", "date", "sales_date"),
    "sales": ("销售额", "销量", "金额", "销售金额", "sales", "amount", "sales_amount"),
    "tickets": ("票数", "张数", "tickets"),
    "payout": ("兑奖金额", "兑奖额", "兑奖", "payout"),
}
REQUIRED_FIELDS = ("station", "game", "date", "sales")
# A total row's label: 合计 / 总计 / 累计 (the whole file or section) and 小计 (a group);
# reports often space them out ("合　计") and some systems write traditional characters.
TOTAL = re.compile(r"(合|总|總|累)\s*[计計]|(小)\s*[计計]")
# A period-to-date row: 本年累计 / 年度累计 / 本月累计 / 本季累计 (or 累计至今, 年初至今). A
# daily or monthly report adds it below its 合计, with figures that include days the
# file does not hold, so it is recognised as a total and skipped, not checked.
TO_DATE = re.compile(
    r"(?:本|今|当|當)?\s*(?:年度?|季度?|月|周|週)\s*累\s*[计計]|累\s*[计計]\s*至今|年初至今"
)


@dataclass(frozen=True, slots=True)
class RawRow:
    row: int
    station: Any
    game: Any
    date: Any
    sales: Any
    tickets: Any
    payout: Any
    # Cells beyond the header's last column: usually an amount like 1,234.50 written
    # without quotes in a comma-separated file, which would otherwise be misread as 1.
    overflow: tuple = ()
    # The text that marks a total row (合计 / 小计 / 总计 / 累计, or a period-to-date
    # 本年累计): such a row is not a sale; its figures are checked against the rows it
    # adds up, a period-to-date row's are not (see ``totals``).
    total: str = ""


def header_key(text: Any) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    text = re.sub(r"\(.*?\)|\*", "", text)  # 销售额(元), required-field markers
    return re.sub(r"[\s_\-]", "", text)


ALIAS_TO_FIELD = {
    header_key(alias): field for field, aliases in HEADER_ALIASES.items() for alias in aliases
}


@dataclass(frozen=True, slots=True)
class Columns:
    """Where each field is in the file and the header the user gave it."""

    index: dict[str, int]
    header: dict[str, str]
    width: int
    # The period a report's title rows state ("统计日期：2019-12-01 至 2019-12-31"), as
    # (row, first day, last day): every sale must fall in it (see ``layout``).
    period: tuple[int, datetime.date, datetime.date] | None = None

    def raw(self, number: int, cells: list) -> RawRow:
        size = len(cells)
        values = [
            cells[i] if i is not None and i < size else None
            for i in (self.index.get(field) for field in HEADER_ALIASES)
        ]
        overflow = ()
        if size > self.width:
            overflow = tuple(c for c in cells[self.width :] if c is not None and str(c).strip())
        return RawRow(number, *values, overflow=overflow, total=self._total(cells, values))

    @staticmethod
    def _total(cells: list, values: list) -> str:
        """The total word's cell, if the row is a total row: its first non-empty cell, or
        its station, game or date cell (never legitimately a total word), holds one.
        Run on every row of a file, so the common case is kept to a few cheap tests."""
        first = cells[0] if cells else None
        if first is None or first == "":
            first = next((c for c in cells if c is not None and c != ""), None)
        for cell in values[:3] if first is values[0] else (first, *values[:3]):
            if (
                cell.__class__ is str
                and ("计" in cell or "計" in cell or "至今" in cell)
                and (TOTAL.search(cell) or TO_DATE.search(cell))
            ):
                return re.sub(r"\s+", "", text_of(cell))  # "合　计" reads 合计
        return ""

    def label(self, field: str) -> str:
        return self.header.get(field, field)

    def repeats_header(self, raw: RawRow) -> bool:
        """Whether a row is the header again (a report repeats it on every printed
        page): each of its cells in a known column is blank or that column's name."""
        named = False
        for field in self.index:
            value = getattr(raw, field)
            if value is None or str(value).strip() == "":
                continue
            if ALIAS_TO_FIELD.get(header_key(value)) != field:
                return False
            named = True
        return named


def match_headers(number: int, cells: list) -> Columns:
    index: dict[str, int] = {}
    header: dict[str, str] = {}
    for i, cell in enumerate(cells):
        field = ALIAS_TO_FIELD.get(header_key(cell))
        if field is None:
            continue  # other columns (station name, district, ...) are ignored
        if field in index:
            raise FileFormatError(
                _("Two columns mean the same thing."), row=number, column=str(cell).strip()
            )
        index[field], header[field] = i, str(cell).strip()
    missing = [f for f in REQUIRED_FIELDS if f not in index]
    if missing:
        names = " / ".join(HEADER_ALIASES[missing[0]][:3])
        raise FileFormatError(
            _("Required column missing (expected a header such as %(names)s).") % {"names": names},
            row=number,
            column=HEADER_ALIASES[missing[0]][0],
        )
    width = max(i for i, cell in enumerate(cells) if cell is not None and str(cell).strip()) + 1
    return Columns(index, header, width)
