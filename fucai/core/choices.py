from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("District / county")


class OrgUnitKind(models.TextChoices):
    CENTER = "center", _("Center")
    DEPARTMENT = "department", _("Department")
    BRANCH = "branch", _("District branch")
    # A county service station (综合服务站): serves the public of its district
    # (recruitment help, training, instant-ticket pick-up, complaints); its staff see
    # that district, like a branch's.
    SERVICE_STATION = "service_station", _("Service station")


class Role(models.TextChoices):
    LEADERSHIP = "leadership", _("Center leadership")
    STATION_MANAGEMENT = "station_management", _("Station management")
    FINANCE = "finance", _("Finance")
    CHARITY = "charity", _("Charity")
    MARKETING = "marketing", _("Marketing")
    PARTY_AFFAIRS = "party_affairs", _("Party affairs")
    BRANCH_STAFF = "branch_staff", _("District branch staff")
    INSPECTOR = "inspector", _("Inspector")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    STATION_OWNER = "station_owner", _("Station owner")
    SELLER = "seller", _("Sales staff")
    APPLICANT = "applicant", _("Applicant")


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    TRANSITION = "transition", _("Status change")
    REVEAL = "reveal", _("Personal data viewed")
    EXPORT = "export", _("Exported")
    IMPORT = "import", _("Imported")


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


class NotificationChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    IN_APP = "in_app", _("In-app")


class NotificationStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    LIMITED = "limited", _("Held back by the rate limit")
