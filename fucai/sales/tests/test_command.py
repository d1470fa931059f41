import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from fucai.sales.choices import ImportStatus
from fucai.sales.models import SalesDay, SalesImport, SalesMonth, SalesRegionMonth
from fucai.sales.tests.factories import (
    SalesDayFactory,
    assert_rollups_match_days,
    csv_bytes,
    game,
)
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sales_csv(tmp_path, importer):
    StationFactory(code="33030001", opened_on=datetime.date(2015, 3, 1))

    def write(rows, name="sales.csv"):
        path = tmp_path / name
        path.write_bytes(csv_bytes(rows, encoding="gbk"))
        return str(path)

    return write


def test_it_imports_and_prints_a_summary(sales_csv, importer, capsys):
    path = sales_csv([("33030001", "双色球", "2019-03-01", "1,234.50".replace(",", ""), "617")])
    call_command("import_sales", path, "--user", importer.username)
    out = capsys.readouterr().out
    assert "1 rows (1 inserted, 0 replaced)" in out and "¥1,234.50" in out
    assert SalesImport.objects.get().created_by == importer
    call_command("import_sales", path)
    assert "Already imported" in capsys.readouterr().out


def test_a_bad_file_prints_every_error_and_fails(sales_csv, capsys):
    path = sales_csv(
        [
            ("33030001", "双色球", "2019-03-01", "abc", "1"),
            ("99999999", "双色球", "2019-03-01", "1", "1"),
        ]
    )
    with pytest.raises(CommandError, match="rejected with 2 errors"):
        call_command("import_sales", path)
    err = capsys.readouterr().err
    assert "row 2, column 销售额, value 'abc': not an amount" in err
    assert "row 3, column 站点编号, value '99999999': unknown station" in err
    assert not SalesDay.objects.exists()
    assert SalesImport.objects.get().status == ImportStatus.FAILED


def test_replace_and_unknown_user(sales_csv, capsys):
    path = sales_csv([("33030001", "SSQ", "2019-03-01", "1", "1")])
    call_command("import_sales", path)
    other = sales_csv([("33030001", "SSQ", "2019-03-01", "2", "1")], name="fix.csv")
    call_command("import_sales", other, "--replace")
    assert "0 inserted, 1 replaced" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No user"):
        call_command("import_sales", path, "--user", "nobody")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_sales", path + ".missing")


def test_the_command_exits_non_zero_on_a_bad_file(sales_csv, capsys):
    from fucai.sales.management.commands.import_sales import Command

    path = sales_csv([("33030001", "SSQ", "bad", "1", "1")])
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["manage.py", "import_sales", path])
    assert exit_.value.code == 1
    assert "row 2, column 日期, value 'bad': not a valid date" in capsys.readouterr().err


def test_rebuild_sales_rollups_recomputes_them_from_the_days(importer):
    station = StationFactory()
    for day in (1, 2, 3):
        SalesDayFactory(station=station, game=game("SSQ"), date=datetime.date(2019, 5, day))
    # a month whose days are gone, and a rollup that is wrong
    SalesMonth.objects.create(station=station, game=game("SSQ"), month=datetime.date(2019, 4, 1))
    SalesMonth.objects.create(
        station=station, game=game("SSQ"), month=datetime.date(2019, 5, 1), sales_fen=1
    )
    out = io.StringIO()
    call_command("rebuild_sales_rollups", stdout=out)
    assert "1 monthly rollups" in out.getvalue()
    assert_rollups_match_days()
    assert not SalesRegionMonth.objects.filter(month=datetime.date(2019, 4, 1)).exists()
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("rebuild_sales_rollups", "--since", "2019-13")
