"""The population data set's import: all rows or none, every error with its row and
column, idempotent, audited, inside the importer's scope."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from fucai.core.models import AuditEntry, PopulationArea, PopulationImport
from fucai.core.population import PopulationImportRejected, population_import

HEADER = "区县,乡镇（街道）,年份,常住人口（人）,纬度,经度,数据来源\n"
GOOD = (
    HEADER
    + "瑞安市,,2021,1525800,,,公报\n"
    + "330381,塘下镇,2021,350000,27.846,120.722,演示\n"
    + "瑞安,安阳街道,2021,160000,,,演示\n"
)


def upload(text: str, name: str = "population.csv", encoding: str = "utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def run(user, text, **kwargs):
    return population_import(acting_user=user, upload=upload(text, **kwargs), filename="p.csv")


@pytest.mark.django_db
def test_it_imports_districts_and_townships(cast):
    batch = run(cast["marketing"], GOOD)
    assert (batch.rows, batch.created, batch.updated, batch.unchanged) == (3, 3, 0, 0)
    town = PopulationArea.objects.get(township="塘下镇")
    assert town.region.code == "330381" and town.population == 350000 and town.year == 2021
    assert str(town.latitude) == "27.846000"
    assert PopulationArea.objects.get(township="", region__code="330381").population == 1525800
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("create") == 3 and actions.count("import") == 1


@pytest.mark.django_db
def test_the_same_file_twice_changes_nothing_and_a_correction_updates(cast):
    run(cast["marketing"], GOOD)
    again = run(cast["marketing"], GOOD)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    corrected = run(cast["marketing"], GOOD.replace("350000", "351234"))
    assert (corrected.created, corrected.updated, corrected.unchanged) == (0, 1, 2)
    assert PopulationArea.objects.get(township="塘下镇").population == 351234
    change = AuditEntry.objects.filter(action="update").get()
    assert change.changes["population"]["old"] == 350000
    assert change.changes["population"]["new"] == 351234


@pytest.mark.django_db
def test_one_wrong_cell_imports_nothing_and_names_row_and_column(cast):
    text = (
        HEADER
        + "瑞安市,,2021,1525800,,,\n"
        + "火星市,某镇,2021,100,,,\n"
        + "瑞安市,塘下镇,公元,abc,91,120.7,\n"
        + "瑞安市,安阳街道,2021,10,27.7,,\n"
    )
    with pytest.raises(PopulationImportRejected) as rejected:
        run(cast["marketing"], text)
    found = {(e.row, e.column) for e in rejected.value.row_errors}
    assert (3, "区县") in found
    assert {(4, "年份"), (4, "常住人口（人）"), (4, "纬度")} <= found
    assert (5, "经度") in found  # a latitude without its longitude
    assert not PopulationArea.objects.exists() and not PopulationImport.objects.exists()


@pytest.mark.django_db
def test_duplicates_and_townships_above_their_district_are_refused(cast):
    text = (
        HEADER
        + "瑞安市,,2021,300000,,,\n"
        + "瑞安市,塘下镇,2021,350000,,,\n"
        + "瑞安市,塘下镇,2021,350000,,,\n"
    )
    with pytest.raises(PopulationImportRejected) as rejected:
        run(cast["marketing"], text)
    messages = {(e.row, e.column): e.message for e in rejected.value.row_errors}
    assert "row 3" in messages[(4, "乡镇（街道）")] or "第 3 行" in messages[(4, "乡镇（街道）")]
    assert (2, "常住人口（人）") in messages


@pytest.mark.django_db
def test_missing_columns_and_bad_files_are_refused_whole(cast):
    with pytest.raises(ValidationError) as error:
        run(cast["marketing"], "区县,年份\n瑞安市,2021\n")
    assert error.value.code == "missing_columns"
    with pytest.raises(ValidationError) as error:
        run(cast["marketing"], "")
    assert error.value.code == "empty_file"
    with pytest.raises(ValidationError) as error:
        population_import(
            acting_user=cast["marketing"],
            upload=SimpleUploadedFile("x.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100),
            filename="x.xls",
        )
    assert error.value.code == "file_type"


@pytest.mark.django_db
def test_it_reads_gbk_csv_and_xlsx(cast):
    run(cast["marketing"], GOOD, encoding="gb18030")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["县（市、区）", "乡镇", "年度", "常住人口"])
    sheet.append(["龙港市", "", 2021, 467700])
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = population_import(
        acting_user=cast["marketing"],
        upload=SimpleUploadedFile("p.xlsx", buffer.getvalue()),
        filename="p.xlsx",
    )
    assert batch.created == 1
    assert PopulationArea.objects.filter(region__code="330383", population=467700).exists()


@pytest.mark.django_db
def test_only_the_marketing_department_imports(cast):
    for role in ("leader", "lucheng", "stations", "owner"):
        with pytest.raises(PermissionDenied):
            run(cast[role], GOOD)


@pytest.mark.django_db
def test_a_workbook_is_bounded_before_it_is_parsed(cast, settings):
    from fucai.core.testing.workbooks import zip_bomb_xlsx

    settings.FUCAI_UPLOAD_MAX_UNZIPPED_MB = 20
    bomb = zip_bomb_xlsx(sheet_mb=30).getvalue()
    with pytest.raises(ValidationError) as error:
        population_import(
            acting_user=cast["marketing"],
            upload=SimpleUploadedFile("bomb.xlsx", bomb),
            filename="bomb.xlsx",
        )
    assert error.value.code == "unsafe_archive"
    # A sheet with more rows than a population file may hold is refused by its count.
    settings.FUCAI_UPLOAD_MAX_UNZIPPED_MB = 200
    settings.FUCAI_UPLOAD_MAX_ZIP_RATIO = 100_000  # let the zip through: the rows count
    with pytest.raises(ValidationError) as error:
        population_import(
            acting_user=cast["marketing"],
            upload=SimpleUploadedFile("bomb.xlsx", zip_bomb_xlsx(sheet_mb=6).getvalue()),
            filename="bomb.xlsx",
        )
    assert error.value.code == "too_large"
