"""Reading daily-sales files: CSV or XLSX, as the issuing system or a clerk produced them.

Files come from several sources, so the reader is lenient about form — encoding (UTF-8
with or without BOM, GBK / GB18030 from Chinese Excel), delimiter, Chinese or English
headers, full-width digits, ``¥1,234.50`` — and strict about content: every value either
parses exactly or is reported. Amounts go from text to integer fen through Decimal,
never float. Rows are streamed, one at a time, so a large file is never held in memory.

One module per topic: ``files`` (kind, encoding, CSV and XLSX rows, ``iter_records``),
``columns`` (header aliases, ``Columns``, ``RawRow``), ``values`` (amounts, counts,
dates) and ``errors``; every name is importable from ``fucai.sales.parsing``.
"""

from .columns import (
    ALIAS_TO_FIELD,
    HEADER_ALIASES,
    REQUIRED_FIELDS,
    TO_DATE,
    TOTAL,
    Columns,
    RawRow,
    header_key,
    match_headers,
)
from .errors import FileFormatError, RowError, ValueProblem
from .files import (
    CHUNK,
    CSV_DELIMITERS,
    HEADER_SCAN_ROWS,
    FileInfo,
    inspect_file,
    iter_records,
    iter_rows,
)
from .values import (
    display_value,
    normalize_code,
    parse_count,
    parse_date,
    parse_fen,
    text_of,
)

__all__ = [
    "ALIAS_TO_FIELD",
    "CHUNK",
    "CSV_DELIMITERS",
    "HEADER_ALIASES",
    "HEADER_SCAN_ROWS",
    "REQUIRED_FIELDS",
    "TOTAL",
    "TO_DATE",
    "Columns",
    "FileFormatError",
    "FileInfo",
    "RawRow",
    "RowError",
    "ValueProblem",
    "display_value",
    "header_key",
    "inspect_file",
    "iter_records",
    "iter_rows",
    "match_headers",
    "normalize_code",
    "parse_count",
    "parse_date",
    "parse_fen",
    "text_of",
]
