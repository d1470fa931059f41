"""The station registry (registry.py), the people who sell at stations (staff.py) and
insurance renewals (insurance.py)."""

from .insurance import REMINDER_DAYS, InsuranceImport, InsuranceReminder
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
    "REMINDER_DAYS",
    "AgencyContract",
    "Certificate",
    "CertificateQuerySet",
    "InsuranceImport",
    "InsurancePolicy",
    "InsurancePolicyQuerySet",
    "InsuranceReminder",
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
