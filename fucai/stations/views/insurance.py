"""Liability insurance renewals: importing an insurer's renewal list (Excel, all rows or
none, with every wrong cell named) and its template, and the coverage chart's data for
the overview page (``registry.InsuranceOverviewView``)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from fucai.core import roles
from fucai.core.excel import excel_response
from fucai.core.generic import RolePermissionMixin

from ..models import InsuranceImport
from ..selectors import insurance as insurance_selectors
from ..services import insurance_import as importing


class RenewalImportForm(forms.Form):
    file = forms.FileField(
        label=_("Renewal list (.xlsx)"),
        help_text=_(
            "One policy per row: station code, insurer, policy number, coverage and premium "
            "in yuan, start and end date. Download the template for the columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class RenewalImportView(RolePermissionMixin, View):
    permission = roles.MANAGE_INSURANCE
    template_name = "stations/insurance_import.html"

    def render_page(self, request, form, *, errors=(), status=200):
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "errors": errors,
                "imports": InsuranceImport.objects.select_related("created_by")[:20],
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        return self.render_page(request, RenewalImportForm())

    def post(self, request, *args, **kwargs):
        form = RenewalImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        upload = form.cleaned_data["file"]
        try:
            batch = importing.insurance_renewals_import(
                acting_user=request.user, upload=upload, filename=upload.name or ""
            )
        except importing.RenewalImportRejected as rejected:
            form.add_error("file", rejected.messages[0])
            return self.render_page(request, form, errors=rejected.row_errors, status=400)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return self.render_page(request, form, status=400)
        messages.success(
            request,
            _("Renewal list imported: %(created)d policies added, %(skipped)d already on file.")
            % {"created": batch.created, "skipped": batch.skipped},
        )
        return redirect(reverse("stations:insurance_import"))


class RenewalTemplateView(RolePermissionMixin, View):
    permission = roles.MANAGE_INSURANCE

    def get(self, request, *args, **kwargs):
        headers, rows = importing.template_rows()
        return excel_response("insurance-renewals-template", headers, rows, title=_("Renewals"))


def coverage_chart(user, year: int | None, today) -> dict:
    """The coverage KPI over time for the insurance page: the chart's data and the
    years to choose from."""
    months = insurance_selectors.coverage_by_month(user, year=year, today=today)
    return {
        "kpi_year": year,
        "kpi_years": insurance_selectors.policy_years(user)[:8],
        "kpi_data": {
            "labels": [m.month.strftime("%Y-%m") for m in months],
            "rates": [None if m.rate is None else round(m.rate * 100, 1) for m in months],
            "active": [m.active for m in months],
            "insured": [m.insured for m in months],
        },
    }


urlpatterns = [
    path("insurance/import/", RenewalImportView.as_view(), name="insurance_import"),
    path(
        "insurance/import/template/",
        RenewalTemplateView.as_view(),
        name="insurance_import_template",
    ),
]
