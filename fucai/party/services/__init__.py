"""Writes of party building: members and their transfers, activities with attendance,
minutes and photos, pioneer posts, study records and the yearly democratic evaluation.
Each checks MANAGE_PARTY, validates, saves and writes the audit log in one transaction."""

from .activities import activity_plan, activity_record, photo_add
from .members import (
    branch_create,
    branch_update,
    member_make_full,
    member_register,
    member_transfer_out,
    member_update,
)
from .records import (
    assessment_record,
    evaluation_close,
    evaluation_decide,
    evaluation_open,
    pioneer_assign,
    study_record,
)

__all__ = [
    "activity_plan",
    "activity_record",
    "assessment_record",
    "branch_create",
    "branch_update",
    "evaluation_close",
    "evaluation_decide",
    "evaluation_open",
    "member_make_full",
    "member_register",
    "member_transfer_out",
    "member_update",
    "photo_add",
    "pioneer_assign",
    "study_record",
]
