from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    STATIONS = "stations", _("Stations (owners and sellers)")
    STAFF = "staff", _("Center staff")
    BOTH = "both", _("Stations and staff")


class RecipientKind(models.TextChoices):
    OWNER = "owner", _("Station owner")
    SELLER = "seller", _("Seller")
    STAFF = "staff", _("Staff")
