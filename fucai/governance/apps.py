from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "fucai.governance"
    label = "governance"
    verbose_name = _("Station supervision")

    def ready(self) -> None:
        from fucai.core.tabs import ObjectTab, register_tab

        from . import jobs  # noqa: F401 -- registers the job handlers
        from .selectors.supervision import can_see_station_supervision, station_supervision_tab

        # The station page's "Supervision" tab: contributed here, so stations never
        # imports governance.
        register_tab(
            "stations.station",
            ObjectTab(
                key="supervision",
                label=_("Supervision"),
                template="governance/_station_supervision.html",
                visible=can_see_station_supervision,
                context=station_supervision_tab,
            ),
        )
