"""Every write to the station registry and its people: validated, audited, in one
transaction. One module per topic; import from the package."""

from .accounts import (
    INVITE_VALID_HOURS,
    seller_account_invite,
    seller_invite_tokens,
    seller_password_set,
)
from .certificates import (
    CERTIFICATE_VALID_YEARS,
    certificate_issue,
    certificate_next_number,
    certificate_revoke,
    certificate_valid_to,
)
from .registry import (
    OWNER_OUT_OF_SCOPE,
    STATION_FIELDS,
    contract_add,
    insurance_add,
    owner_identity_reveal,
    owner_resolve,
    station_create,
    station_judgement_publish,
    station_judgements_publish,
    station_transition,
    station_transition_by_system,
    station_update,
)
from .staff import assignment_end, staff_register, staff_resolve, staff_transfer

__all__ = [
    "CERTIFICATE_VALID_YEARS",
    "INVITE_VALID_HOURS",
    "OWNER_OUT_OF_SCOPE",
    "STATION_FIELDS",
    "assignment_end",
    "certificate_issue",
    "certificate_next_number",
    "certificate_revoke",
    "certificate_valid_to",
    "contract_add",
    "insurance_add",
    "owner_identity_reveal",
    "owner_resolve",
    "seller_account_invite",
    "seller_invite_tokens",
    "seller_password_set",
    "staff_register",
    "staff_resolve",
    "staff_transfer",
    "station_create",
    "station_judgement_publish",
    "station_judgements_publish",
    "station_transition",
    "station_transition_by_system",
    "station_update",
]
