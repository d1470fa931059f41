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

__all__ = [
    "ContractForm",
    "DateInput",
    "InsuranceForm",
    "StationFilterForm",
    "StationForm",
    "TransitionForm",
    "apply_station_filters",
]
