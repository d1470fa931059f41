import datetime
import io

import pytest

from fucai.sales.parsing import (
    FileFormatError,
    ValueProblem,
    inspect_file,
    iter_records,
    parse_count,
    parse_date,
    parse_fen,
)
from fucai.sales.tests.factories import csv_bytes, xlsx_file

ROWS = [("33030001", "双色球", "2019-03-01", "1,234.50", "617")]


def _records(data):
    file = io.BytesIO(data) if isinstance(data, bytes) else data
    info = inspect_file(file)
    columns, records = iter_records(file, info)
    return info, columns, list(records)


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8-sig"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
    ],
)
def test_it_reads_utf8_with_or_without_bom_and_gbk(encoding, expected):
    info, columns, records = _records(csv_bytes(ROWS, encoding=encoding))
    assert info.encoding == expected
    assert columns.header["station"] == "站点编号"  # no BOM glued to the first header
    assert records[0].game == "双色球"
    assert records[0].row == 2


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_it_finds_the_delimiter(delimiter):
    rows = [("33030001", "双色球", "2019-03-01", "1234.50", "617")]
    _info, _columns, records = _records(csv_bytes(rows, delimiter=delimiter))
    assert (records[0].date, records[0].sales, records[0].tickets) == (
        "2019-03-01",
        "1234.50",
        "617",
    )


def test_quoted_amounts_with_thousands_separators_survive_comma_delimiters():
    data = '站号,玩法,销售日期,销售金额\n33030001,SSQ,2019-03-01,"1,234.50"\n'.encode()
    _info, _columns, records = _records(data)
    assert parse_fen(records[0].sales) == 123450


def test_english_headers_with_units_and_extra_columns():
    data = (
        b"Station Code,Station name,Game,Date,Sales (yuan),Tickets,Payout\n1,x,SSQ,20190301,5,2,\n"
    )
    _info, columns, records = _records(data)
    assert set(columns.index) == {"station", "game", "date", "sales", "tickets", "payout"}
    assert records[0].station == "1" and records[0].payout == ""


def test_row_numbers_count_blank_lines_like_the_user_sees_them():
    data = "\n站点编号,游戏,日期,销售额\n\n33030001,SSQ,2019-03-01,1\n".encode()
    _info, _columns, records = _records(data)
    assert records[0].row == 4


def test_a_missing_required_column_is_a_file_error():
    with pytest.raises(FileFormatError) as error:
        _records("站点编号,游戏,日期\n1,SSQ,2019-03-01\n".encode())
    assert error.value.error.row == 1
    assert error.value.error.column == "销售额"


def test_undecodable_bytes_are_a_file_error():
    with pytest.raises(FileFormatError):
        _records(b"station,game,date,sales\n\x81\x30\xff\xff,SSQ,2019-03-01,1\n")


def test_it_reads_xlsx_with_numbers_and_date_cells():
    rows = [(33030001, "SSQ", datetime.datetime(2019, 3, 1), 1234.5, 617)]
    info, _columns, records = _records(xlsx_file(rows))
    assert info.kind == "xlsx"
    assert records[0].row == 2
    assert parse_date(records[0].date) == datetime.date(2019, 3, 1)
    assert parse_fen(records[0].sales) == 123450


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("1234.5", 123450),
        ("1,234.56", 123456),
        ("¥1,234", 123400),
        ("￥１２３４．５６", 123456),  # full-width digits, point and yen sign
        ("１，２３４", 123400),
        ("0", 0),
        ("12元", 1200),
        (1234, 123400),
        (1234.56, 123456),
        (0.1 + 0.2, 30),  # float noise from an Excel formula
        ("99999999999.99", 9999999999999),
    ],
)
def test_amounts_in_yuan_become_exact_fen(text, fen):
    assert parse_fen(text) == fen


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-5", "negative"),
        ("(5.00)", "negative"),
        (-5, "negative"),
        ("12.345", "two decimal"),
        ("1,23", "not an amount"),
        ("abc", "not an amount"),
        ("", "missing"),
        ("1e3", "not an amount"),
        ("NaN", "not an amount"),
    ],
)
def test_bad_amounts_are_refused_with_a_reason(text, reason):
    with pytest.raises(ValueProblem, match=reason):
        parse_fen(text)


@pytest.mark.parametrize(
    "text",
    [
        "2019-03-01",
        "2019/3/1",
        "2019.03.01",
        "20190301",
        "2019年3月1日",
        "２０１９年３月１日",
        "2019-03-01 00:00:00",
        datetime.date(2019, 3, 1),
        datetime.datetime(2019, 3, 1),
        43525,  # Excel day number
    ],
)
def test_common_date_forms(text):
    assert parse_date(text) == datetime.date(2019, 3, 1)


@pytest.mark.parametrize("text", ["2019-02-30", "3/1/2019", "", "201931", "yesterday"])
def test_bad_dates_are_refused(text):
    with pytest.raises(ValueProblem):
        parse_date(text)


def test_ticket_counts():
    assert parse_count("1,200") == 1200
    assert parse_count("") == 0
    assert parse_count(None) == 0
    assert parse_count(12.0) == 12
    for bad in ("-1", "1.5", "x"):
        with pytest.raises(ValueProblem):
            parse_count(bad)
