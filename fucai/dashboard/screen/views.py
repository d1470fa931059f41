"""The big screen: a full-screen page drawn from the payload embedded in it, then
refreshed in place from ``/api/dashboard/screen`` every few seconds."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from fucai.core import roles
from fucai.core.generic import RolePermissionMixin
from fucai.core.models import Region
from fucai.core.scope import region_in_scope

from .selectors import screen_payload

MIN_REFRESH_SECONDS = 1
MAX_REFRESH_SECONDS = 3600


def labels() -> dict[str, str]:
    """The words the page's script puts on the charts (as text, never as HTML)."""
    return {
        "this_year": _("This year"),
        "last_year": _("Same days last year"),
        "wan": _("10k yuan"),
        "whole_scope": _("All districts"),
        "ranking_districts": _("Sales by district, year to date"),
        "ranking_stations": _("Top stations, year to date"),
        "stale": _(
            "The newest sales import finished at {at}, more than {hours} hours ago: the "
            "figures may be out of date."
        ),
        "no_import": _("No sales import yet: the figures may be incomplete."),
        "stars": _("{n} stars"),
        "no_stars": _("No stars"),
        "no_alerts": _("No open alerts"),
        "stations": _("Active stations"),
        "sales": _("Sales"),
    }


def drilled_region(user, code: str | None):
    """The district named by ``?region=`` when it is inside the user's scope; None when
    absent. An unknown code or one outside the scope is a 404 (nothing is revealed)."""
    if not code:
        return None
    region = Region.objects.filter(code=code, level="county").first()
    if region is None or not region_in_scope(user, region):
        raise Http404(_("No such district in your scope."))
    return region


def refresh_seconds(raw: str | None) -> int:
    """``?refresh=`` (seconds, bounded) or ``FUCAI_SCREEN_REFRESH_SECONDS``."""
    try:
        value = int(raw) if raw else settings.FUCAI_SCREEN_REFRESH_SECONDS
    except ValueError:
        value = settings.FUCAI_SCREEN_REFRESH_SECONDS
    return max(MIN_REFRESH_SECONDS, min(MAX_REFRESH_SECONDS, value))


class ScreenView(RolePermissionMixin, TemplateView):
    """The command room's wall: 1920×1080, scaled to the window."""

    permission = roles.VIEW_SCREEN
    template_name = "dashboard/screen.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        region = drilled_region(user, self.request.GET.get("region"))
        context.update(
            payload=screen_payload(user, region),
            refresh=refresh_seconds(self.request.GET.get("refresh")),
            labels=labels(),
        )
        return context
