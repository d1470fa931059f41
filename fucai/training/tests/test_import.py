"""Question banks from Excel: all or nothing, each error with its row and column, the
same workbook imported twice changes nothing, the template imports as it is."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fucai.core.testing.workbooks import zip_bomb_xlsx
from fucai.training.choices import QuestionKind
from fucai.training.models import Question
from fucai.training.services import questions_import
from fucai.training.services.questions import TEMPLATE_HEADERS, TEMPLATE_ROWS

from .factories import CourseFactory

pytestmark = pytest.mark.django_db

HEADER = ["题型", "题目", "选项A", "选项B", "选项C", "选项D", "答案", "解析"]
GOOD = [
    ["单选", "向未成年人售彩是否允许？", "允许", "不允许", "", "", "B", ""],
    ["多选", "理性购彩包括？", "量力而行", "借钱购彩", "不沉迷", "", "AC", "说明"],
    ["判断", "可以赊销彩票。", "", "", "", "", "错", ""],
]


def workbook(rows, header=HEADER) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("bank.xlsx", buffer.getvalue())


def test_a_workbook_imports_every_kind_of_question(cast):
    course = CourseFactory()
    result = questions_import(acting_user=cast["stations"], course=course, file=workbook(GOOD))
    assert (result.created, result.updated, result.unchanged, result.errors) == (3, 0, 0, [])
    single, multiple, true_false = course.questions.order_by("id")
    assert (single.kind, single.options, single.answer) == (
        QuestionKind.SINGLE,
        ["允许", "不允许"],
        [1],
    )
    assert (multiple.kind, multiple.answer, multiple.explanation) == (
        QuestionKind.MULTIPLE,
        [0, 2],
        "说明",
    )
    assert (true_false.options, true_false.answer) == (["正确", "错误"], [1])


def test_importing_the_same_workbook_again_changes_nothing_and_a_fix_updates(cast):
    course = CourseFactory()
    questions_import(acting_user=cast["stations"], course=course, file=workbook(GOOD))
    again = questions_import(acting_user=cast["stations"], course=course, file=workbook(GOOD))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    fixed = [list(row) for row in GOOD]
    fixed[1][6] = "A, C"  # written differently: the same answer
    fixed[0][6] = "A"  # a corrected answer
    result = questions_import(acting_user=cast["stations"], course=course, file=workbook(fixed))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert course.questions.count() == 3
    assert course.questions.get(kind=QuestionKind.SINGLE).answer == [0]


def test_one_error_imports_nothing_and_every_error_names_its_cell(cast):
    course = CourseFactory()
    rows = [
        *GOOD,
        ["填空", "什么？", "a", "b", "", "", "A", ""],
        ["单选", "", "a", "b", "", "", "A", ""],
        ["单选", "两个答案？", "a", "b", "", "", "AB", ""],
        ["多选", "一个答案？", "a", "b", "c", "", "A", ""],
        ["单选", "答案越界？", "a", "b", "", "", "D", ""],
        ["单选", "选项有空缺？", "a", "", "c", "", "A", ""],
        ["判断", "是非？", "", "", "", "", "也许", ""],
        GOOD[0],
    ]
    result = questions_import(acting_user=cast["stations"], course=course, file=workbook(rows))
    assert Question.objects.filter(course=course).count() == 0
    cells = [(e.row, e.column) for e in result.errors]
    assert cells == [
        (5, "题型"),
        (6, "题目"),
        (7, "答案"),
        (8, "答案"),
        (9, "答案"),
        (10, "选项A"),
        (11, "答案"),
        (12, "题目"),
    ]


def test_a_workbook_without_the_columns_or_not_a_workbook_is_refused(client, cast):
    course = CourseFactory()
    client.force_login(cast["stations"])
    url = reverse("training:question_import", args=[course.pk])
    response = client.post(url, {"file": workbook(GOOD, header=["问题", "答案"])})
    assert response.status_code == 400 and "题型".encode() in response.content
    response = client.post(url, {"file": SimpleUploadedFile("bank.xlsx", b"<html>not excel")})
    assert response.status_code == 400
    response = client.post(url, {"file": workbook([["填空", "x", "a", "b", "", "", "A", ""]])})
    assert response.status_code == 400 and b'data-testid="import-errors"' in response.content


def test_a_zip_bomb_is_refused_before_parsing(cast):
    course = CourseFactory()
    upload = SimpleUploadedFile("bomb.xlsx", zip_bomb_xlsx(sheet_mb=60).getvalue())
    with pytest.raises(ValidationError):
        questions_import(acting_user=cast["stations"], course=course, file=upload)
    assert not course.questions.exists()


def test_the_template_downloads_and_imports_as_it_is(client, cast):
    client.force_login(cast["stations"])
    response = client.get(reverse("training:question_template"))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == TEMPLATE_HEADERS
    course = CourseFactory()
    result = questions_import(
        acting_user=cast["stations"], course=course, file=SimpleUploadedFile("t.xlsx", data)
    )
    assert result.errors == [] and result.created == len(TEMPLATE_ROWS)
    page = client.post(
        reverse("training:question_import", args=[course.pk]),
        {"file": SimpleUploadedFile("t.xlsx", data)},
    )
    assert page.status_code == 302
