"""The station registry's pages; one module per topic."""

from .registry import (
    ContractAddView,
    InsuranceAddView,
    InsuranceOverviewView,
    InsuranceWindowForm,
    NextCodeView,
    OwnerRevealView,
    StationActionView,
    StationDetailView,
    StationEditView,
    StationListView,
    StationTransitionView,
)

__all__ = [
    "ContractAddView",
    "InsuranceAddView",
    "InsuranceOverviewView",
    "InsuranceWindowForm",
    "NextCodeView",
    "OwnerRevealView",
    "StationActionView",
    "StationDetailView",
    "StationEditView",
    "StationListView",
    "StationTransitionView",
]
