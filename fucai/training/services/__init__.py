"""Every write of the training app: validated, audited, in one transaction. One module
per topic; import from the package."""

from .common import NOT_A_LEARNER, learner_of, require_learner
from .courses import (
    attendance_join,
    course_save,
    material_add,
    material_set_active,
    progress_record,
    session_create,
)
from .exams import (
    attempt_answer,
    attempt_start,
    attempt_submit,
    attempts_close_all_expired,
    attempts_close_expired,
    exam_configure,
    is_correct,
    renewable_certificate,
    retake_block,
)
from .questions import ImportResult, parse_questions, question_key, questions_import

__all__ = [
    "NOT_A_LEARNER",
    "ImportResult",
    "attempt_answer",
    "attempt_start",
    "attempt_submit",
    "attempts_close_all_expired",
    "attempts_close_expired",
    "attendance_join",
    "course_save",
    "exam_configure",
    "is_correct",
    "learner_of",
    "material_add",
    "material_set_active",
    "parse_questions",
    "progress_record",
    "question_key",
    "questions_import",
    "renewable_certificate",
    "require_learner",
    "retake_block",
    "session_create",
]
