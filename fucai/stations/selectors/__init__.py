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
from .staff import (
    NO_CERTIFICATE,
    certified_on_duty,
    certified_staff_count,
    current_stations,
    filter_certificate_status,
    live_certificates,
    renewable_certificates,
    renewal_eligible,
    station_is_flagged,
    station_staff,
    stations_without_certified_seller,
    with_certificate_status,
)

__all__ = [
    "EXPIRING_SOON_DAYS",
    "EXPIRY_WINDOWS",
    "NO_CERTIFICATE",
    "CoverageRow",
    "certified_on_duty",
    "certified_staff_count",
    "current_stations",
    "expiring_policies",
    "filter_certificate_status",
    "insurance_coverage",
    "insurance_state",
    "insured_on",
    "live_certificates",
    "renewable_certificates",
    "renewal_eligible",
    "station_is_flagged",
    "station_staff",
    "stations_without_certified_seller",
    "uninsured_stations",
    "with_certificate_status",
]
