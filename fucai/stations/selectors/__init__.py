"""Reads of the station registry, data scope applied; one module per topic."""

from .registry import (
    EXPIRING_SOON_DAYS,
    EXPIRY_WINDOWS,
    CoverageRow,
    expiring_policies,
    insurance_coverage,
    insurance_state,
    insured_on,
    uninsured_stations,
)

__all__ = [
    "EXPIRING_SOON_DAYS",
    "EXPIRY_WINDOWS",
    "CoverageRow",
    "expiring_policies",
    "insurance_coverage",
    "insurance_state",
    "insured_on",
    "uninsured_stations",
]
