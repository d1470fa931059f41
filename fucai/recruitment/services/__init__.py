"""Every write of the recruitment workflow. Views, the API and tasks call these."""

from .applicant import (
    application_create,
    application_document_add,
    application_resubmit,
    application_submit,
    application_update,
    application_withdraw,
)
from .calls import call_close, call_create, call_publish, call_update
from .contract import (
    contract_schedule,
    contract_sign,
    opening_item_complete,
    station_create_from_application,
)
from .draw import draw_order, draw_run, draw_verify
from .identity import applicant_from_gov_identity, gov_application_receive
from .review import (
    application_accept,
    application_approve,
    application_assign_survey,
    application_pass_notice,
    application_record_survey,
    application_reject,
    application_return_for_correction,
    application_review,
    application_start_notice,
    objection_record,
    objection_resolve,
)
from .schools import schools_import_csv
from .staff import application_identity_reveal, survey_photo_add

__all__ = [
    "applicant_from_gov_identity",
    "application_accept",
    "application_approve",
    "application_assign_survey",
    "application_create",
    "application_document_add",
    "application_identity_reveal",
    "application_pass_notice",
    "application_record_survey",
    "application_reject",
    "application_resubmit",
    "application_return_for_correction",
    "application_review",
    "application_start_notice",
    "application_submit",
    "application_update",
    "application_withdraw",
    "call_close",
    "call_create",
    "call_publish",
    "call_update",
    "contract_schedule",
    "contract_sign",
    "draw_order",
    "draw_run",
    "draw_verify",
    "gov_application_receive",
    "objection_record",
    "objection_resolve",
    "opening_item_complete",
    "schools_import_csv",
    "station_create_from_application",
    "survey_photo_add",
]
