from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """Complaints and suggestions, public evaluation surveys and conduct supervisors."""

    name = "fucai.feedback"
    label = "feedback"
    verbose_name = _("Complaints and evaluation")
