"""``governance:index``: planned / done / overdue inspections per district and per
inspector for a year, with Excel exports; scoped like everything else."""

from django import forms
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from fucai.core import roles
from fucai.core.excel import excel_response, percent
from fucai.core.generic import RolePermissionMixin

from ...choices import InspectionKind
from ...selectors import coverage


class CoverageForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    kind = forms.ChoiceField(
        label=_("Inspection kind"),
        required=False,
        choices=[("", _("All kinds")), *InspectionKind.choices],
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]


def _pct(rate):
    return None if rate is None else percent(round(rate * 100, 1))


class CoverageView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_GOVERNANCE
    template_name = "governance/planning/index.html"

    def setup_filters(self):
        user, self.today = self.request.user, timezone.localdate()
        years = coverage.years(user)
        default = years[0] if years else self.today.year
        if default not in years:
            years = [default, *years]
        self.form = CoverageForm(self.request.GET or None, years=years)
        self.year, self.kind = default, ""
        if self.form.is_bound and self.form.is_valid():
            self.year = self.form.cleaned_data["year"] or default
            self.kind = self.form.cleaned_data["kind"]
        self.districts = coverage.by_district(user, self.year, self.today, self.kind)
        self.inspectors = coverage.by_inspector(user, self.year, self.today, self.kind)

    def get(self, request, *args, **kwargs):
        self.setup_filters()
        export = request.GET.get("export")
        if export:
            if export == "inspectors":
                return self.export_inspectors()
            return self.export_districts()
        status = 400 if self.form.is_bound and not self.form.is_valid() else 200
        return self.render_to_response(self.get_context_data(), status=status)

    def export_districts(self):
        headers = [
            _("District"),
            _("Active stations"),
            _("Without annual inspection"),
            _("Planned"),
            _("Done"),
            _("In progress"),
            _("Overdue"),
            _("Failed"),
            _("Done rate"),
        ]
        rows = [
            [
                r["region"].name,
                r["active"],
                r["unplanned"],
                r["planned"],
                r["done"],
                r["in_progress"],
                r["overdue"],
                r["failed"],
                _pct(r["rate"]),
            ]
            for r in self.districts
        ]
        return excel_response(
            f"inspection-coverage-{self.year}-districts",
            [str(h) for h in headers],
            rows,
            title=_("Coverage by district %(year)s") % {"year": self.year},
        )

    def export_inspectors(self):
        headers = [
            _("Inspector"),
            _("Unit"),
            _("Planned"),
            _("Done"),
            _("In progress"),
            _("Overdue"),
            _("Failed"),
            _("Done rate"),
        ]
        rows = [
            [
                r["name"],
                r["inspector__org_unit__name"] or "",
                r["planned"],
                r["done"],
                r["in_progress"],
                r["overdue"],
                r["failed"],
                _pct(r["rate"]),
            ]
            for r in self.inspectors
        ]
        return excel_response(
            f"inspection-coverage-{self.year}-inspectors",
            [str(h) for h in headers],
            rows,
            title=_("Coverage by inspector %(year)s") % {"year": self.year},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            form=self.form,
            year=self.year,
            kind=self.kind,
            today=self.today,
            districts=self.districts,
            inspectors=self.inspectors,
            total=coverage.totals(self.districts),
            can_plan=roles.has_permission(user, roles.PLAN_INSPECTIONS),
            open_proposals=coverage.open_proposals(user)
            if roles.has_permission(user, roles.PLAN_INSPECTIONS)
            else 0,
        )
        return context


urlpatterns = [path("", CoverageView.as_view(), name="index")]
