"""Files exported from a terminal system's report screen: title rows above a header of
two rows with merged cells, blank spacer rows, numbers written as text with thousands
separators, 小计 rows per group and a final 合计 — imported, with every total checked."""

import datetime
import io

import pytest
from django.db import connection  # noqa: F401 -- read by the skipif conditions

from fucai.sales import fastpath
from fucai.sales.choices import ImportStatus
from fucai.sales.models import SalesDay
from fucai.sales.parsing import TO_DATE, FileFormatError, inspect_file, iter_records
from fucai.sales.services import sales_import
from fucai.sales.tests.factories import REPORT_TITLE as TITLE
from fucai.sales.tests.factories import assert_rollups_match_days, report_xlsx
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stations(importer):
    return [
        StationFactory(code=code, opened_on=datetime.date(2015, 3, 1))
        for code in ("33030001", "33030002")
    ]


def _import(user, file, name="日报表.xlsx"):
    return sales_import(acting_user=user, file=file, filename=name)


def _errors(batch):
    return [(e["row"], e["column"], e["value"], e["reason"]) for e in batch.errors]


def test_a_report_style_workbook_imports_with_its_totals_checked(importer, stations):
    batch = _import(importer, report_xlsx())
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert (batch.rows, batch.inserted) == (4, 4)
    assert batch.total_rows == 3
    facts = {
        (d.station.code, d.game.code, d.date): (d.sales_fen, d.tickets, d.payout_fen)
        for d in SalesDay.objects.select_related("station", "game")
    }
    december = datetime.date(2019, 12, 1)
    assert facts == {
        ("33030001", "SSQ", december): (123450, 123, 10000),
        ("33030001", "GGL", december): (200000, 200, None),
        ("33030002", "SSQ", december.replace(day=2)): (100000, 50, None),
        ("33030002", "KL8", december.replace(day=2)): (0, 0, None),
    }
    assert_rollups_match_days()


def test_the_header_is_found_below_the_title_rows_and_resolved_across_merged_cells():
    file = report_xlsx()
    columns, records = iter_records(file, inspect_file(file))
    assert columns.header == {
        "station": "站点编号",
        "game": "游戏",
        "date": "日期",
        "sales": "销售额",
        "payout": "兑奖额",
        "tickets": "票数",
    }
    records = list(records)
    assert [r.row for r in records] == [7, 8, 9, 11, 12, 13, 14]
    assert records[1].station == "33030001"  # the merged code, filled down
    assert [r.total for r in records] == ["", "", "小计", "", "", "小计", "合计"]


def test_a_wrong_grand_total_is_refused_naming_its_row(importer, stations):
    batch = _import(importer, report_xlsx(total="4,234.00"))
    assert batch.status == ImportStatus.FAILED
    assert _errors(batch) == [
        (
            14,
            "销售额",
            "4,234.00",
            "Row 14 “合计”: 销售额 is 4,234.00, but the rows above add up to 4,234.50",
        )
    ]
    assert not SalesDay.objects.exists()


def test_a_wrong_subtotal_names_the_rows_of_its_group(importer, stations):
    batch = _import(importer, report_xlsx(subtotal="3,000.00"))
    assert _errors(batch) == [
        (
            9,
            "销售额",
            "3,000.00",
            "Row 9 “小计”: 销售额 is 3,000.00, but rows 7 to 8 add up to 3,234.50",
        )
    ]


def test_an_unreadable_total_is_an_error_of_its_cell(importer, stations):
    batch = _import(importer, report_xlsx(total="四千"))
    assert _errors(batch) == [(14, "销售额", "四千", "not an amount")]


def _report_csv(lines: list[str], encoding="gbk") -> io.BytesIO:
    return io.BytesIO(("\r\n".join(lines) + "\r\n").encode(encoding))


CSV_LINES = [
    f"{TITLE},,,,",
    "统计日期：2019-12-01 至 2019-12-31,,,,",
    ",,,,",
    "站点编号,游戏,日期,销售额,票数",
    '33030001,双色球,2019-12-01,"1,234.50",10',
    '33030002,刮刮乐,2019-12-01,"2,000.00",20',
    '合计,,,"3,234.50",30',
]


def test_a_gbk_csv_with_title_lines_and_a_total_line_imports(importer, stations):
    batch = _import(importer, _report_csv(CSV_LINES), name="日报表.csv")
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert batch.rows == 2 and batch.total_rows == 1
    assert sum(SalesDay.objects.values_list("sales_fen", flat=True)) == 323450


def test_a_csv_with_a_wrong_total_line_is_refused(importer, stations):
    lines = [*CSV_LINES[:-1], '合计,,,"3,234.50",31']
    batch = _import(importer, _report_csv(lines), name="日报表.csv")
    assert _errors(batch) == [
        (7, "票数", "31", "Row 7 “合计”: 票数 is 31, but the rows above add up to 30")
    ]


def test_title_lines_without_delimiters_do_not_hide_a_tab_separated_header(importer, stations):
    lines = [TITLE, "单位：元", "站点编号\t游戏\t日期\t销售额", "33030001\tSSQ\t2019-12-01\t1,234"]
    batch = _import(importer, _report_csv(lines, "utf-8"), name="日报表.txt")
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert SalesDay.objects.get().sales_fen == 123400


def test_a_file_without_a_header_names_the_expected_columns_and_its_first_rows():
    file = _report_csv([TITLE, "统计日期：2019-12-01", "33030001,SSQ,2019-12-01,5"], "utf-8")
    with pytest.raises(FileFormatError) as refused:
        iter_records(file, inspect_file(file))
    error = refused.value.error
    assert error.row == 1 and error.value == TITLE
    assert "站点编号、游戏、日期、销售额" in error.reason
    assert f"row 1: “{TITLE}”" in error.reason
    assert "row 3: “33030001 | SSQ | 2019-12-01 | 5”" in error.reason


CLEAN_CSV = [
    "站点编号,游戏,日期,销售额,票数",
    "33030001,双色球,2019-12-01,1234.50,10",
    "33030002,刮刮乐,2019-12-01,2000.00,20",
]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the fast path is PostgreSQL's")
@pytest.mark.parametrize(
    ("lines", "fast"),
    [
        (CLEAN_CSV, True),  # the control: a clean file takes the fast path
        ([f"{TITLE},,,,", ",,,,", *CLEAN_CSV], False),  # title lines above the header
        ([*CLEAN_CSV, "合计,,,3234.50,30"], False),  # a total line
        ([*CLEAN_CSV, ",,合计,3234.50,30"], False),  # its word in the date column
        ([*CLEAN_CSV, ",,,3234.50,30"], False),  # a total line without its word
    ],
)
def test_the_fast_path_takes_only_clean_files(importer, stations, lines, fast):
    from fucai.sales.models import SalesImport

    file = _report_csv(lines)
    batch = SalesImport.objects.create(filename="r.csv", checksum="1" * 64)
    result = fastpath.try_fast_load(batch, file, inspect_file(file), replace=False)
    assert (result is not None) == fast
    assert SalesDay.objects.exists() == fast


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the fast path is PostgreSQL's")
def test_on_postgresql_a_report_csv_imports_row_by_row_with_its_total_checked(importer, stations):
    batch = _import(importer, _report_csv([f"{TITLE},,,,", *CLEAN_CSV, "合计,,,3234.50,30"]))
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert (batch.rows, batch.total_rows) == (2, 1)
    later = [line.replace("2019-12-01", "2019-12-02") for line in CLEAN_CSV]
    bad = _import(importer, _report_csv([*later, "合计,,,3234.00,30"]), name="b.csv")
    assert [e["row"] for e in bad.errors] == [4]


def test_a_two_row_header_without_merged_cells_is_read_column_by_column():
    lines = [
        "站点编号,游戏,日期,销量,,票数",
        ",,,销售额,兑奖额,",
        "33030001,SSQ,2019-12-01,5,1,2",
    ]
    file = _report_csv(lines, "utf-8")
    columns, records = iter_records(file, inspect_file(file))
    assert columns.index == {
        "station": 0,
        "game": 1,
        "date": 2,
        "sales": 3,
        "payout": 4,
        "tickets": 5,
    }
    assert [(r.row, r.sales, r.payout) for r in records] == [(3, "5", "1")]


def test_a_sale_outside_the_period_in_the_title_rows_is_refused(importer, stations):
    lines = [*CSV_LINES]
    lines[5] = lines[5].replace("2019-12-01", "2019-11-30")
    batch = _import(importer, _report_csv(lines), name="日报表.csv")
    assert _errors(batch) == [
        (6, "日期", "2019-11-30", "outside the period 2019-12-01 to 2019-12-31 stated in row 2")
    ]


def test_a_header_repeated_on_each_printed_page_is_skipped(importer, stations):
    lines = [
        "站点编号,游戏,日期,销量,,票数",
        ",,,销售额,兑奖额,",
        "33030001,SSQ,2019-12-01,5,1,2",
        "站点编号,游戏,日期,销量,,票数",
        ",,,销售额,兑奖额,",
        "33030002,SSQ,2019-12-01,7,,3",
        "合计,,,12,1,5",
    ]
    batch = _import(importer, _report_csv(lines), name="分页.csv")
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert (batch.rows, batch.total_rows) == (2, 1)


def test_a_district_subtotal_after_station_subtotals_adds_up_its_stations(importer, stations):
    StationFactory(code="33030401", opened_on=datetime.date(2015, 3, 1))
    lines = [
        "区县,站点编号,游戏,日期,销售额",
        "鹿城区,33030001,SSQ,2019-12-01,1",
        "鹿城区,33030001,GGL,2019-12-01,2",
        ",33030001 小计,,,3",
        "鹿城区,33030002,SSQ,2019-12-01,4",
        ",33030002 小计,,,4",
        "鹿城区小计,,,,7",
        "瓯海区,33030401,SSQ,2019-12-01,8",
        ",33030401 小计,,,8",
        "瓯海区小计,,,,8",
        "总计,,,,15",
    ]
    batch = _import(importer, _report_csv(lines), name="分区.csv")
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert (batch.rows, batch.total_rows) == (4, 6)
    lines[6] = "鹿城区小计,,,,4"
    batch = sales_import(
        acting_user=importer, file=_report_csv(lines), filename="分区-错.csv", replace=True
    )
    assert _errors(batch) == [
        (7, "销售额", "4", "Row 7 “鹿城区小计”: 销售额 is 4.00, but rows 2 to 5 add up to 7.00")
    ]


def _with_rows(file: io.BytesIO, rows: list[tuple]) -> io.BytesIO:
    """The report workbook with ``rows`` added below its last row."""
    import openpyxl

    workbook = openpyxl.load_workbook(file)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_a_year_to_date_row_below_the_total_is_recognised_and_skipped(importer, stations):
    # A daily report prints the year so far below its 合计: far more than the rows above.
    file = _with_rows(
        report_xlsx(),
        [
            ("本年累计", None, None, None, "1,876,543.21", "12,000.00", 98765),
            ("本 月 累 計", None, None, None, "4,234.50", None, 373),  # spaced, traditional
        ],
    )
    batch = _import(importer, file)
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert (batch.rows, batch.total_rows, batch.to_date_rows) == (4, 3, 2)
    assert sum(SalesDay.objects.values_list("sales_fen", flat=True)) == 423450
    assert_rollups_match_days()


def test_a_wrong_total_after_a_year_to_date_row_is_still_refused(importer, stations):
    lines = [
        *CSV_LINES[:-1],
        '本年累计,,,"900,000.00",9000',  # between the rows and their 合计: moves no mark
        '合计,,,"3,234.00",30',
    ]
    batch = _import(importer, _report_csv(lines), name="日报表.csv")
    assert _errors(batch) == [
        (
            8,
            "销售额",
            "3,234.00",
            "Row 8 “合计”: 销售额 is 3,234.00, but the rows above add up to 3,234.50",
        )
    ]


@pytest.mark.parametrize(
    ("label", "to_date"),
    [
        ("本年累计", True),
        ("年度累计", True),
        ("本月累计", True),
        ("本季度累计", True),
        ("累计至今", True),
        ("年初至今", True),
        ("累计", False),  # the file's own grand total: checked
        ("合计", False),
        ("小计", False),
    ],
)
def test_which_labels_mark_a_period_to_date_row(label, to_date):
    file = _report_csv(["站点编号,游戏,日期,销售额", "33030001,SSQ,2019-12-01,5", f"{label},,,5"])
    _columns, records = iter_records(file, inspect_file(file))
    total = list(records)[-1].total
    assert total == label
    assert (TO_DATE.search(total) is not None) == to_date
