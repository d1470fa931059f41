"""The owner's portal (/my/): the hub of an owner's stations and to-dos, one station's
page, its monthly commission statements (HTML and PDF). Read only; every write is a
link to the page that already does it (notices, rectification replies, supplies,
complaints). A station outside the user's scope is a 404, as if it did not exist."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from fucai.core import roles
from fucai.core.generic import RolePermissionMixin
from fucai.core.pdf import pdf_response, render_pdf
from fucai.stations.models import Station

from . import selectors, statements
from .statements import NoSales

# How many stations the hub lists for a user who is not an owner (they search by code).
STAFF_LIST = 20


class HomeView(RolePermissionMixin, TemplateView):
    """An owner's stations as cards, with their to-do strip. The center and the
    districts (who may read any owner's pages in their scope) find a station here."""

    permission = roles.VIEW_OWNER_PAGES
    template_name = "mystation/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        stations = Station.objects.visible_to(user).select_related("region")
        is_owner = roles.has_permission(user, roles.OWNER_PORTAL)
        query = self.request.GET.get("q", "").strip()[:50]
        if is_owner:
            stations = list(stations.order_by("code"))
            context.update(selectors.todo(user, stations, today))
        else:
            if query:
                stations = stations.filter(Q(code__startswith=query) | Q(name__contains=query))
            stations = list(stations.order_by("code")[:STAFF_LIST])
        context.update(stations=stations, is_owner=is_owner, q=query, today=today)
        return context


class StationMixin(RolePermissionMixin):
    permission = roles.VIEW_OWNER_PAGES

    def get_station(self):
        return selectors.station_for(self.request.user, self.kwargs["code"])


class StationView(StationMixin, TemplateView):
    template_name = "mystation/station.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        station = self.get_station()
        today = timezone.localdate()
        context.update(selectors.station_page(self.request.user, station, today))
        context.update(
            station=station,
            today=today,
            can_reply=roles.has_permission(self.request.user, roles.REPLY_RECTIFICATION),
            can_order=roles.has_permission(self.request.user, roles.ORDER_SUPPLIES),
        )
        return context


class CommissionListView(StationMixin, TemplateView):
    template_name = "mystation/commission_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        station = self.get_station()
        context.update(
            station=station,
            months=statements.months_with_sales(self.request.user, station),
        )
        return context


class StatementMixin(StationMixin):
    def get_statement(self):
        station = self.get_station()
        try:
            month = statements.parse_month(self.kwargs["month"])
        except ValueError:
            # Said on the page like a month without sales (a 404 with the reason).
            raise NoSales(statements.BAD_MONTH) from None
        return statements.statement(self.request.user, station, month, timezone.localdate())


class StatementView(StatementMixin, TemplateView):
    template_name = "mystation/statement.html"

    def get(self, request, *args, **kwargs):
        try:
            statement = self.get_statement()
        except NoSales as error:
            # A month without sales: the station is the user's, so say why.
            response = self.render_to_response(
                {"station": self.get_station(), "statement": None, "no_sales": str(error)}
            )
            response.status_code = 404
            return response
        return self.render_to_response(
            self.get_context_data(statement=statement, station=statement.station)
        )


class StatementPdfView(StatementMixin, View):
    def get(self, request, *args, **kwargs):
        statement = self.get_statement()
        content = render_pdf(
            "mystation/statement_pdf.html",
            {"statement": statement, "title": _("Commission statement")},
            request,
        )
        filename = f"commission-{statement.station.code}-{statement.month_label}"
        return pdf_response(filename, content, inline=False)
