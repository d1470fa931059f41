from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "fucai.governance"
    label = "governance"
    verbose_name = _("Station supervision")

    def ready(self) -> None:
        from fucai.core.tabs import ObjectTab, register_tab

        # Register the job handlers (PDF bundles, risk scan; the grading run).
        from . import jobs, jobs_ratings  # noqa: F401
        from .selectors.ratings import can_see_station_ratings, station_ratings_tab
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
        # The station page's "Grading and stars" tab (分类分级 · 星级评定).
        register_tab(
            "stations.station",
            ObjectTab(
                key="ratings",
                label=_("Grading and stars"),
                template="governance/_station_ratings.html",
                visible=can_see_station_ratings,
                context=station_ratings_tab,
            ),
        )
