from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    """Party-building (智慧党建): branches, members, activities, evaluations."""

    name = "fucai.party"
    label = "party"
    verbose_name = _("Party building")
