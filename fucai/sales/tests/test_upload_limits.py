"""Hostile files: zip bombs, sheets with too many rows or columns, endless CSV lines.
Each is refused before it is parsed whole, with a message that says what was wrong."""

import io
import json
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from fucai.core.archives import ArchiveLimits, UnsafeArchive, check_zip
from fucai.core.testing.workbooks import row_xml, write_workbook, zip_bomb_xlsx
from fucai.sales.choices import ImportStatus
from fucai.sales.models import SalesDay, SalesImport
from fucai.sales.services import sales_import
from fucai.sales.tests.factories import HEADER, csv_bytes

pytestmark = pytest.mark.django_db


def _workbook(rows) -> io.BytesIO:
    buffer = io.BytesIO()
    write_workbook(buffer, (row_xml(row) for row in [HEADER, *rows]))
    buffer.seek(0)
    return buffer


def _import(importer, content, name):
    file = content if hasattr(content, "read") else io.BytesIO(content)
    return sales_import(acting_user=importer, file=file, filename=name)


def test_a_zip_bomb_is_refused_from_its_directory(importer):
    bomb = zip_bomb_xlsx(sheet_mb=50)
    assert len(bomb.getvalue()) < 1_000_000  # small on disk, 50 MB unzipped
    batch = _import(importer, bomb, "bomb.xlsx")
    assert batch.status == ImportStatus.FAILED and batch.rows == 0
    assert "zip bomb" in batch.errors[0]["reason"]


def test_the_unzipped_total_is_capped_even_at_a_plausible_ratio():
    # 3 MB that compress only ~2:1 still exceed a 1 MB cap.
    import os

    buffer = io.BytesIO()
    write_workbook(buffer, [row_xml([os.urandom(16).hex() for _ in range(5)])] * 30_000)
    limits = ArchiveLimits(
        max_total_bytes=1024 * 1024, max_ratio=100, max_members=50, max_whole_member_bytes=1 << 20
    )
    with pytest.raises(UnsafeArchive, match="more than 1 MB when unzipped"):
        check_zip(buffer, limits)


def test_refusing_a_bomb_takes_no_memory_and_no_time(tmp_path):
    """In a fresh process, so max RSS measures only this: the old reader went through
    the whole 50 MB sheet and kept an error for every one of its ~400,000 rows."""
    path = tmp_path / "bomb.xlsx"
    with open(path, "wb") as handle:
        zip_bomb_xlsx(handle, sheet_mb=50)
    script = textwrap.dedent(
        f"""
        import json, os, resource, time
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fucai.settings")
        import django
        django.setup()
        import openpyxl  # imported before measuring: its import is not the file's cost
        from fucai.sales.parsing import FileFormatError, inspect_file, iter_records
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.monotonic()
        refused = ""
        with open({str(path)!r}, "rb") as file:
            try:
                columns, records = iter_records(file, inspect_file(file))
                errors = [r for r in records]
            except FileFormatError as error:
                refused = str(error)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({{"refused": refused, "kb": after - before,
                          "seconds": time.monotonic() - started}}))
        """
    )
    result = subprocess.run(  # noqa: S603 -- our own interpreter and script
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=settings.BASE_DIR,
        env={"FUCAI_TESTING": "1", "PATH": "/usr/bin:/bin", "LANGUAGE": "en"},
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert "zip bomb" in figures["refused"] or "压缩炸弹" in figures["refused"]
    assert figures["kb"] < 30 * 1024, figures
    assert figures["seconds"] < 2, figures


@override_settings(FUCAI_IMPORT_MAX_ROWS=1000)
def test_a_sheet_with_too_many_rows_is_refused_with_its_row_count(importer):
    rows = [("33030001", "SSQ", "2024-05-01", "1", "1")] * 1500
    batch = _import(importer, _workbook(rows), "long.xlsx")
    assert batch.status == ImportStatus.FAILED and SalesDay.objects.count() == 0
    assert "1,501 rows" in batch.errors[0]["reason"]
    assert "1,000" in batch.errors[0]["reason"]


def test_a_row_number_far_beyond_the_limit_is_refused_before_padding(importer):
    # openpyxl would yield a billion empty rows to reach r="999999999".
    buffer = io.BytesIO()
    write_workbook(buffer, [row_xml(HEADER), '<row r="999999999"><c><v>1</v></c></row>'])
    batch = _import(importer, buffer, "far.xlsx")
    assert "999,999,999 rows" in batch.errors[0]["reason"]


@override_settings(FUCAI_IMPORT_MAX_COLUMNS=50)
def test_a_sheet_with_too_many_columns_is_refused_with_the_row(importer):
    wide = ["33030001", "SSQ", "2024-05-01", "1", "1"] + ["x"] * 100
    batch = _import(importer, _workbook([wide]), "wide.xlsx")
    assert batch.status == ImportStatus.FAILED
    assert batch.errors[0]["reason"].startswith("Row 2 has more than 50 columns")


def test_a_lying_dimension_is_not_trusted(importer):
    """A sheet claiming A1:XFD1048576 would have every row padded to 16,384 cells."""
    from fucai.stations.tests.factories import StationFactory

    StationFactory(code="33030001")
    buffer = io.BytesIO()
    head = row_xml(HEADER).replace("<row>", "<row>", 1)
    write_workbook(buffer, [head, row_xml(["33030001", "SSQ", "2024-05-01", "1", "1"])])
    data = buffer.getvalue()
    # rewrite the declared dimension inside the (stored) sheet
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename.endswith("sheet1.xml"):
                content = content.replace(
                    b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>'
                )
            target.writestr(member.filename, content)
    out.seek(0)
    from fucai.sales.parsing import inspect_file, iter_rows

    rows = list(iter_rows(out, inspect_file(out)))
    assert [len(cells) for _, cells in rows] == [5, 5]


@override_settings(FUCAI_IMPORT_MAX_LINE_CHARS=1000)
@pytest.mark.parametrize("newline", [True, False])
def test_a_csv_line_beyond_the_limit_is_refused(importer, newline):
    content = csv_bytes([("33030001", "SSQ", "2024-05-01", "1", "1")])
    content += b"x" * 5000 + (b"\r\n" if newline else b"")
    batch = _import(importer, content, "long-line.csv")
    assert batch.status == ImportStatus.FAILED
    assert any("longer than 1,000 characters" in e["reason"] for e in batch.errors)


@override_settings(FUCAI_IMPORT_MAX_COLUMNS=20)
def test_a_csv_row_with_too_many_fields_is_refused(importer):
    content = csv_bytes([("33030001", "SSQ", "2024-05-01", "1", "1", *["0"] * 30)])
    batch = _import(importer, content, "wide.csv")
    assert batch.status == ImportStatus.FAILED
    assert any("Row 2 has 35 columns" in e["reason"] for e in batch.errors)


@override_settings(FUCAI_IMPORT_MAX_ERRORS=5)
def test_errors_stop_being_collected_at_the_cap(importer):
    rows = [("33030001", "SSQ", "bad", "1", "1")] * 50
    batch = _import(importer, csv_bytes(rows), "bad.csv")
    # a row may carry two errors (unknown station, bad date): reading stops at the cap
    assert 5 < len(batch.errors) <= 5 + 2 + 1
    assert "More than 5 errors" in batch.errors[-1]["reason"]


def test_the_upload_form_refuses_a_bomb_with_a_400(client, importer):
    client.force_login(importer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    upload = SimpleUploadedFile("sales.xlsx", zip_bomb_xlsx(sheet_mb=30).getvalue())
    response = client.post(reverse("sales:import_upload"), {"file": upload})
    assert response.status_code == 400
    assert "zip bomb" in response.content.decode()


def test_the_message_is_in_chinese_for_the_user(client, importer):
    from django.utils import translation

    with translation.override("zh-hans"):
        with pytest.raises(UnsafeArchive) as refused:
            check_zip(zip_bomb_xlsx(sheet_mb=2))
        assert "压缩炸弹" in str(refused.value)


def test_the_api_refuses_a_bomb_with_a_422(client, importer):
    client.force_login(importer)
    upload = SimpleUploadedFile("sales.xlsx", zip_bomb_xlsx(sheet_mb=30).getvalue())
    response = client.post("/api/sales/imports", {"file": upload})
    assert response.status_code == 422
    assert "bomb" in response.json()["detail"] or "炸弹" in response.json()["detail"]


@override_settings(FUCAI_MAX_REQUEST_MB=1)
def test_a_body_beyond_the_request_limit_is_refused_before_it_is_read(client, importer):
    client.force_login(importer)
    upload = SimpleUploadedFile("sales.csv", b"x" * (2 * 1024 * 1024))
    response = client.post(reverse("sales:import_upload"), {"file": upload})
    assert response.status_code == 400
    assert not SalesImport.objects.exists()
