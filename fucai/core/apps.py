from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fucai.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.apps import apps
        from django.contrib import admin

        from . import signals, tokens  # noqa: F401

        # The administrators read the admin in Chinese too: its titles, and the name of
        # django-axes (login lockout), whose AppConfig has none and no Chinese catalog.
        admin.site.site_header = _("Welfare lottery center administration")
        admin.site.site_title = _("Welfare lottery center administration")
        admin.site.index_title = _("Site administration")
        if apps.is_installed("axes"):
            apps.get_app_config("axes").verbose_name = _("Login lockout")
