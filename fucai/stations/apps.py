from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "fucai.stations"
    label = "stations"
    verbose_name = _("Stations")

    def ready(self) -> None:
        from fucai.core.tabs import ObjectTab, register_tab

        from . import signals  # noqa: F401 -- signal receivers
        from .views.staff import can_see_station_staff, station_staff_tab

        # The station page's "Sales staff" tab (持证上岗): who is on duty, certified or not.
        register_tab(
            "stations.station",
            ObjectTab(
                key="staff",
                label=_("Sales staff"),
                template="stations/_station_staff.html",
                visible=can_see_station_staff,
                context=station_staff_tab,
            ),
        )
