"""Question banks: importing an Excel workbook (all or nothing, idempotent) and its
template.

The workbook's first sheet has a header row naming the columns (in any order):
题型 (单选 / 多选 / 判断), 题目, 选项A … 选项F, 答案 (letters such as ``B`` or ``ACD``;
对/错 for a true/false question) and 解析 (optional). A question is identified by its
type and text: importing the same workbook again changes nothing, and a corrected
answer or option updates the stored question. Sizes are bounded before the workbook is
parsed (core.archives); one error anywhere imports nothing, and every error names its
row and column."""

from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.archives import UnsafeArchive, check_zip, scan_sheet
from fucai.core.choices import AuditAction

from ..choices import QuestionKind
from ..constants import MAX_IMPORT_BYTES, MAX_IMPORT_QUESTIONS, MAX_OPTIONS
from ..defaults import question_key
from ..models import Course, Question
from .common import require_manager

LETTERS = "ABCDEF"[:MAX_OPTIONS]
TRUE_FALSE_OPTIONS = ["正确", "错误"]
KIND_WORDS = {
    "单选": QuestionKind.SINGLE,
    "单选题": QuestionKind.SINGLE,
    "多选": QuestionKind.MULTIPLE,
    "多选题": QuestionKind.MULTIPLE,
    "判断": QuestionKind.TRUE_FALSE,
    "判断题": QuestionKind.TRUE_FALSE,
}
TRUE_WORDS = {"对", "正确", "是", "√", "T", "TRUE", "A"}
FALSE_WORDS = {"错", "错误", "否", "×", "F", "FALSE", "B"}
COLUMN_KIND, COLUMN_TEXT, COLUMN_ANSWER, COLUMN_EXPLANATION = "题型", "题目", "答案", "解析"
OPTION_COLUMNS = [f"选项{letter}" for letter in LETTERS]
TEMPLATE_HEADERS = [
    COLUMN_KIND,
    COLUMN_TEXT,
    *OPTION_COLUMNS[:4],
    COLUMN_ANSWER,
    COLUMN_EXPLANATION,
]
TEMPLATE_ROWS = [
    ["单选", "向未成年人销售彩票是否允许？", "允许", "家长陪同时允许", "不允许", "", "C", ""],
    ["多选", "以下哪些属于责任彩票的要求？", "理性购彩", "不赊销", "向未成年人售彩", "", "AB", ""],
    ["判断", "销售员可以为购彩者垫付购彩资金。", "", "", "", "", "错", "不得赊销或垫付"],
]


@dataclass
class ImportError_:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ImportError_] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _rows(file: IO[bytes]):
    """(row number, cells) of the first sheet, after the size checks."""
    import openpyxl

    try:
        check_zip(file)
    except UnsafeArchive as refused:
        raise ValidationError(str(refused), code="unsafe_archive") from None
    file.seek(0)
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ValidationError(
            _("The workbook cannot be opened; is it a valid .xlsx?"), code="file_type"
        ) from None
    try:
        if not workbook.worksheets:
            raise ValidationError(_("The workbook has no worksheet."))
        sheet = workbook.worksheets[0]
        try:
            with workbook._archive.open(sheet._worksheet_path) as stream:
                scan_sheet(
                    stream,
                    max_rows=min(settings.FUCAI_IMPORT_MAX_ROWS, MAX_IMPORT_QUESTIONS + 1),
                    max_columns=settings.FUCAI_IMPORT_MAX_COLUMNS,
                )
        except UnsafeArchive as refused:
            raise ValidationError(str(refused), code="unsafe_archive") from None
        sheet.reset_dimensions()
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()


def parse_questions(file: IO[bytes]) -> tuple[list[dict], list[ImportError_]]:
    """The questions of a workbook as dicts (kind, text, options, answer, explanation,
    key), and the errors found, each with its row and column."""
    if getattr(file, "size", 0) > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_IMPORT_BYTES // 2**20},
            code="file_too_large",
        )
    file.seek(0)
    if file.read(4) != b"PK\x03\x04":
        raise ValidationError(
            _("This is not an Excel workbook: upload the .xlsx template filled in."),
            code="file_type",
        )
    file.seek(0)
    rows = _rows(file)
    header: dict[str, int] | None = None
    questions: list[dict] = []
    errors: list[ImportError_] = []
    seen: dict[str, int] = {}
    for number, cells in rows:
        values = [_text(c) for c in cells]
        if not any(values):
            continue
        if header is None:
            header = {name: index for index, name in enumerate(values) if name}
            missing = [c for c in (COLUMN_KIND, COLUMN_TEXT, COLUMN_ANSWER) if c not in header]
            if missing:
                raise ValidationError(
                    _("The header row (row %(row)d) lacks the columns %(columns)s.")
                    % {"row": number, "columns": "、".join(missing)},
                    code="header",
                )
            continue

        row = {name: values[i] for name, i in header.items() if i < len(values)}

        def cell(name: str, row=row) -> str:
            return row.get(name, "")

        row_errors = len(errors)
        kind = KIND_WORDS.get(cell(COLUMN_KIND))
        if kind is None:
            errors.append(ImportError_(number, COLUMN_KIND, str(_("Write 单选, 多选 or 判断."))))
        text = cell(COLUMN_TEXT)
        if not text:
            errors.append(ImportError_(number, COLUMN_TEXT, str(_("The question is empty."))))
        elif len(text) > 2000:
            errors.append(
                ImportError_(
                    number, COLUMN_TEXT, str(_("The question is longer than 2,000 characters."))
                )
            )
        raw_answer = cell(COLUMN_ANSWER).upper().replace(" ", "").replace(",", "").replace("，", "")
        options: list[str] = []
        answer: list[int] = []
        if kind == QuestionKind.TRUE_FALSE:
            options = list(TRUE_FALSE_OPTIONS)
            if raw_answer in TRUE_WORDS:
                answer = [0]
            elif raw_answer in FALSE_WORDS:
                answer = [1]
            else:
                errors.append(ImportError_(number, COLUMN_ANSWER, str(_("Write 对 or 错."))))
        elif kind is not None:
            texts = [cell(column) for column in OPTION_COLUMNS]
            while texts and not texts[-1]:
                texts.pop()
            if len(texts) < 2 or not all(texts):
                errors.append(
                    ImportError_(
                        number,
                        OPTION_COLUMNS[0],
                        str(_("Give at least two options, without gaps, starting at 选项A.")),
                    )
                )
            options = texts
            letters = list(dict.fromkeys(raw_answer))
            if not letters or any(letter not in LETTERS[: len(texts)] for letter in letters):
                errors.append(
                    ImportError_(
                        number,
                        COLUMN_ANSWER,
                        str(
                            _("The answer must be the letters of given options, such as B or ACD.")
                        ),
                    )
                )
            elif kind == QuestionKind.SINGLE and len(letters) != 1:
                errors.append(
                    ImportError_(
                        number, COLUMN_ANSWER, str(_("A single-choice question has one answer."))
                    )
                )
            elif kind == QuestionKind.MULTIPLE and len(letters) < 2:
                errors.append(
                    ImportError_(
                        number,
                        COLUMN_ANSWER,
                        str(_("A multiple-choice question has at least two answers.")),
                    )
                )
            else:
                answer = sorted(LETTERS.index(letter) for letter in letters)
        if len(errors) > row_errors:
            continue
        key = question_key(kind, text)
        if key in seen:
            errors.append(
                ImportError_(
                    number,
                    COLUMN_TEXT,
                    str(_("The same question is already on row %(row)d.") % {"row": seen[key]}),
                )
            )
            continue
        seen[key] = number
        questions.append(
            {
                "kind": kind,
                "text": text,
                "options": options,
                "answer": answer,
                "explanation": cell(COLUMN_EXPLANATION)[:2000],
                "key": key,
            }
        )
    if header is None:
        raise ValidationError(_("The workbook is empty."), code="empty")
    if not questions and not errors:
        raise ValidationError(_("The workbook has a header but no questions."), code="empty")
    return questions, errors


@transaction.atomic
def questions_import(*, acting_user, course: Course, file: IO[bytes]) -> ImportResult:
    """Import a workbook into ``course``'s bank: all rows or none. Returns the counts,
    or the errors (and imports nothing)."""
    require_manager(acting_user)
    Course.objects.select_for_update().filter(pk=course.pk).first()
    parsed, errors = parse_questions(file)
    result = ImportResult(errors=errors)
    if errors:
        return result
    existing = {q.key: q for q in Question.objects.filter(course=course)}
    new, changed = [], []
    for data in parsed:
        question = existing.get(data["key"])
        if question is None:
            new.append(Question(course=course, **data))
            continue
        fields = ("options", "answer", "explanation")
        if all(getattr(question, f) == data[f] for f in fields) and question.active:
            result.unchanged += 1
            continue
        for f in fields:
            setattr(question, f, data[f])
        question.active = True
        changed.append(question)
    for question in new + changed:
        question.full_clean(validate_unique=False, validate_constraints=False)
    Question.objects.bulk_create(new)
    Question.objects.bulk_update(changed, ["options", "answer", "explanation", "active"])
    result.created, result.updated = len(new), len(changed)
    audit.record(
        actor=acting_user,
        action=AuditAction.IMPORT,
        obj=course,
        changes={
            "questions": {
                "label": str(_("questions")),
                "old": len(existing),
                "new": len(existing) + result.created,
            }
        },
        comment=str(
            _("%(created)d new, %(updated)d updated, %(unchanged)d unchanged")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        ),
    )
    return result
