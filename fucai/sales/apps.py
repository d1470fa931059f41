from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "fucai.sales"
    label = "sales"
    verbose_name = _("Sales")

    def ready(self) -> None:
        from fucai.core.tabs import ObjectTab, register_tab

        from . import jobs, signals  # noqa: F401 -- job handler and signal receivers
        from .views.analytics import can_see_station_sales, station_sales_tab

        # The station page's "Sales" tab: contributed here, so stations never imports sales.
        register_tab(
            "stations.station",
            ObjectTab(
                key="sales",
                label=_("Sales"),
                template="sales/analytics/_station_sales.html",
                scripts_template="sales/analytics/_station_sales_scripts.html",
                visible=can_see_station_sales,
                context=station_sales_tab,
            ),
        )
