"""Training of sales staff (持证上岗): courses and their materials, live sessions, question
banks, exams and attempts. Passing an exam issues a certificate through
``fucai.stations.services.certificate_issue``."""

from .courses import (
    Attendance,
    Course,
    LearnerQuerySet,
    LiveSession,
    Material,
    MaterialProgress,
    material_upload_to,
)
from .exams import AttemptQuestion, Exam, ExamAttempt, Question

__all__ = [
    "AttemptQuestion",
    "Attendance",
    "Course",
    "Exam",
    "ExamAttempt",
    "LearnerQuerySet",
    "LiveSession",
    "Material",
    "MaterialProgress",
    "Question",
    "material_upload_to",
]
