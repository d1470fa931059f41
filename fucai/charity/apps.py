from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharityConfig(AppConfig):
    name = "fucai.charity"
    label = "charity"
    verbose_name = _("Charity")

    def ready(self) -> None:
        # Welfare's disclosure counts the people and activities the fund reached; the
        # layering runs charity → welfare, so charity provides the figures.
        from fucai.welfare import reach

        from .selectors.activities import reach_of_year

        reach.register(reach_of_year)
