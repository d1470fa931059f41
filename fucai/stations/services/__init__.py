"""Every write to the station registry and its people: validated, audited, in one
transaction. One module per topic; import from the package."""

from .certificates import (
    CERTIFICATE_VALID_YEARS,
    certificate_issue,
    certificate_next_number,
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
    station_transition,
    station_transition_by_system,
    station_update,
)

__all__ = [
    "CERTIFICATE_VALID_YEARS",
    "OWNER_OUT_OF_SCOPE",
    "STATION_FIELDS",
    "certificate_issue",
    "certificate_next_number",
    "certificate_valid_to",
    "contract_add",
    "insurance_add",
    "owner_identity_reveal",
    "owner_resolve",
    "station_create",
    "station_judgement_publish",
    "station_transition",
    "station_transition_by_system",
    "station_update",
]
