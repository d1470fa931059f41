"""The siting page (read only, VIEW_MARKETING, scoped to the user's districts) and the
population data set's import (MANAGE_POPULATION)."""

from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.excel import excel_response, yuan
from fucai.core.generic import RolePermissionMixin
from fucai.core.models import PopulationArea, PopulationImport
from fucai.core.population import PopulationImportRejected, population_import, template_rows
from fucai.core.scope import region_options

from . import selectors


def call_link(area) -> str:
    """The call form prefilled for ``area``: its district's quota and the township."""
    try:
        url = reverse("recruitment:call_create")
    except NoReverseMatch:
        return ""
    query = {"region": area.region_code, "quota": max(area.gap, 1)}
    if area.township:
        query["township"] = area.township
    return f"{url}?{urlencode(query)}"


class SitingView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_MARKETING
    template_name = "dashboard/siting.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        options = region_options(user)
        region = _region_param(self.request)
        result = selectors.siting(user, region or None)
        can_open_call = roles.has_permission(user, roles.MANAGE_CALLS)
        for area in result.candidates:
            area.call_url = call_link(area) if can_open_call else ""
        return {
            **super().get_context_data(**kwargs),
            "siting": result,
            "region": region,
            "region_options": options,
            "map_data": selectors.map_data(result),
            "can_import": roles.has_permission(user, roles.MANAGE_POPULATION),
            "can_open_call": can_open_call,
        }


def _region_param(request) -> str:
    region = request.GET.get("region") or ""
    return region if region in {code for code, _n in region_options(request.user)} else ""


class SitingExportView(RolePermissionMixin, View):
    """The page's district and township rows as a workbook (figures, no personal data)."""

    permission = roles.VIEW_MARKETING

    def get(self, request, *args, **kwargs):
        result = selectors.siting(request.user, _region_param(request) or None)
        headers = [
            _("District"),
            _("Township"),
            _("Population year"),
            _("Residents"),
            _("Active stations"),
            _("Stations per 10,000 residents"),
            _("Sales per station (yuan)"),
            _("Under-served index"),
            _("Gap"),
        ]
        rows = [
            [
                area.region_name,
                area.township or _("whole district"),
                area.year,
                area.population,
                area.active,
                None if area.density is None else Decimal(f"{area.density:.3f}"),
                yuan.from_fen(area.sales_per_station_fen),
                None if area.index is None else Decimal(f"{area.index:.3f}"),
                area.gap,
            ]
            for area in result.districts + result.townships
        ]
        return excel_response("siting", headers, rows, title=_("Siting"))


class PopulationImportForm(forms.Form):
    file = forms.FileField(
        label=_("Population file (.xlsx or .csv)"),
        help_text=_(
            "One area and year per row: district, township (empty for the whole district), "
            "year, resident population, optionally the township's latitude and longitude "
            "and the source. Download the template for the columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class PopulationImportView(RolePermissionMixin, View):
    permission = roles.MANAGE_POPULATION
    template_name = "dashboard/siting_population.html"

    def render_page(self, request, form, *, errors=(), status=200):
        areas = PopulationArea.objects.visible_to(request.user).select_related("region")
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "errors": errors,
                "imports": PopulationImport.objects.select_related("created_by")[:10],
                "areas": areas.order_by("-year", "region__sort_order", "township")[:300],
                "area_count": areas.count(),
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        return self.render_page(request, PopulationImportForm())

    def post(self, request, *args, **kwargs):
        form = PopulationImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        upload = form.cleaned_data["file"]
        try:
            batch = population_import(
                acting_user=request.user, upload=upload, filename=upload.name or ""
            )
        except PopulationImportRejected as rejected:
            form.add_error("file", rejected.messages[0])
            return self.render_page(request, form, errors=rejected.row_errors, status=400)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return self.render_page(request, form, status=400)
        messages.success(
            request,
            _(
                "Population file imported: %(created)d areas added, %(updated)d updated, "
                "%(unchanged)d unchanged."
            )
            % {"created": batch.created, "updated": batch.updated, "unchanged": batch.unchanged},
        )
        return redirect(reverse("dashboard:siting_population"))


class PopulationTemplateView(RolePermissionMixin, View):
    permission = roles.MANAGE_POPULATION

    def get(self, request, *args, **kwargs):
        headers, rows = template_rows()
        return excel_response("population-template", headers, rows, title=_("Population"))
