"""The station registry (registry.py) and the people who sell at stations (staff.py)."""

from .registry import (
    AgencyContract,
    InsurancePolicy,
    InsurancePolicyQuerySet,
    Station,
    StationOwner,
    StationOwnerQuerySet,
    StationQuerySet,
    StationStatusChange,
    station_code_validator,
)
from .staff import (
    CERTIFICATE_EXPIRING_DAYS,
    Certificate,
    CertificateQuerySet,
    SalesStaff,
    SalesStaffQuerySet,
    StaffAssignment,
    StaffAssignmentQuerySet,
)

__all__ = [
    "CERTIFICATE_EXPIRING_DAYS",
    "AgencyContract",
    "Certificate",
    "CertificateQuerySet",
    "InsurancePolicy",
    "InsurancePolicyQuerySet",
    "SalesStaff",
    "SalesStaffQuerySet",
    "StaffAssignment",
    "StaffAssignmentQuerySet",
    "Station",
    "StationOwner",
    "StationOwnerQuerySet",
    "StationQuerySet",
    "StationStatusChange",
    "station_code_validator",
]
