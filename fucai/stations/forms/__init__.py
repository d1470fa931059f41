"""The station registry's forms; one module per topic."""

from .registry import (
    ContractForm,
    DateInput,
    InsuranceForm,
    StationFilterForm,
    StationForm,
    TransitionForm,
    apply_station_filters,
)
from .staff import (
    AssignmentEndForm,
    CertificateFilterForm,
    RevokeForm,
    StaffFilterForm,
    StaffRegisterForm,
    TransferForm,
)

__all__ = [
    "AssignmentEndForm",
    "CertificateFilterForm",
    "ContractForm",
    "DateInput",
    "InsuranceForm",
    "RevokeForm",
    "StaffFilterForm",
    "StaffRegisterForm",
    "StationFilterForm",
    "StationForm",
    "TransferForm",
    "TransitionForm",
    "apply_station_filters",
]
