"""Pages of classification and grading (分类分级) and of the rating schemes: the yearly
list (+ Excel), a result with its breakdown, confirming or overriding it, running a
year as a background job, confirming the computed ones, publishing; the schemes with
their versions, and editing one (a new version when results use it)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import audit, roles
from fucai.core.generic import (
    ModalActionView,
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
    add_validation_errors,
)
from fucai.core.jobs import job_start

from ..forms.ratings import (
    CriterionFormSet,
    GradingConfirmForm,
    GradingFilterForm,
    GradingRunForm,
    SchemeForm,
    bands_text,
)
from ..jobs_ratings import GRADING_JOB
from ..models import GradingResult, RatingScheme
from ..selectors.ratings import default_grading_year
from ..services import ratings as services


class GradingListView(ObjectListView):
    model = GradingResult
    permission = roles.VIEW_GOVERNANCE
    filter_form_class = GradingFilterForm
    template_name = "governance/ratings/grading_list.html"
    table_template_name = "governance/ratings/_grading_table.html"
    sort_fields = {
        "station": "station__code",
        "region": ["station__region__sort_order", "station__code"],
        "score": "score",
        "grade": "grade",
        "class": "station_class",
        "status": "status",
    }
    default_sort = "station"
    export_filename = "gradings"
    export_columns = [
        (_("Year"), lambda r: r.year),
        (_("Station code"), lambda r: r.station.code),
        (_("Station name"), lambda r: r.station.name),
        (_("District"), lambda r: r.station.region.name),
        (_("Score"), lambda r: r.score),
        (_("Computed class"), lambda r: r.get_computed_class_display()),
        (_("Computed grade"), lambda r: r.computed_grade),
        (_("Class"), lambda r: r.get_station_class_display()),
        (_("Grade"), lambda r: r.grade),
        (_("Status"), lambda r: r.get_status_display()),
        (_("Reason for overriding"), lambda r: r.override_reason),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("station__region")

    def get_filter_form(self):
        self.year = default_grading_year(self.request.user, timezone.localdate().year)
        return GradingFilterForm(
            self.request.GET or None, user=self.request.user, default_year=self.year
        )

    def filtered_queryset(self):
        queryset, form = super().filtered_queryset()
        if not form.is_bound:
            queryset = queryset.filter(year=self.year)
        return queryset, form

    def page_queryset(self, queryset):
        return queryset.defer("breakdown", "metrics")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["filter_form"]
        context["year"] = (form.is_bound and form.cleaned_data.get("year")) or self.year
        return context


class GradingDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = GradingResult
    permission = roles.VIEW_GOVERNANCE
    template_name = "governance/ratings/grading_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("station__region", "scheme", "confirmed_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = self.get_object()
        context.update(result=result, history=audit.history_for(result)[:50])
        return context


class GradingConfirmView(ScopedObjectMixin, ModalActionView):
    model = GradingResult
    permission = roles.MANAGE_RATINGS
    form_class = GradingConfirmForm
    template_name = "governance/ratings/_grading_confirm.html"
    title = _("Confirm the grading")
    success_message = _("Grading confirmed.")

    def make_form(self, result, data=None, files=None):
        initial = {"grade": result.grade, "station_class": result.station_class}
        return GradingConfirmForm(data, initial=initial)

    def get_context(self, result) -> dict:
        return {"result": result}

    def perform(self, result, data):
        services.grading_confirm(acting_user=self.request.user, result=result, **data)
        return reverse("governance:grading_detail", args=[result.pk])


class _YearActionView(RolePermissionMixin, View):
    """POST year (and district): a bulk step of a year's grading."""

    permission = roles.MANAGE_RATINGS
    http_method_names = ["post"]

    def post(self, request):
        form = GradingRunForm(request.POST, user=request.user)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("governance:gradings")
        year, region = form.cleaned_data["year"], form.cleaned_data["region"]
        return self.act(year, region)


class GradingRunView(_YearActionView):
    """Start the grading run of a year as a background job; its page follows it."""

    def act(self, year, region):
        job = job_start(
            acting_user=self.request.user,
            kind=GRADING_JOB,
            title=str(_("Grading %(year)s") % {"year": year}),
            params={"year": year, "region": region.code if region else ""},
        )
        return redirect("core:job_detail", job.pk)


class GradingConfirmComputedView(_YearActionView):
    def act(self, year, region):
        count = services.grading_confirm_computed(
            acting_user=self.request.user, year=year, regions=[region] if region else None
        )
        messages.success(
            self.request, _("%(count)s gradings confirmed as computed.") % {"count": count}
        )
        return redirect(reverse("governance:gradings") + f"?year={year}")


class GradingPublishView(_YearActionView):
    def act(self, year, region):
        count = services.grading_publish(
            acting_user=self.request.user, year=year, regions=[region] if region else None
        )
        messages.success(
            self.request,
            _("%(count)s confirmed gradings published onto the stations.") % {"count": count},
        )
        return redirect(reverse("governance:gradings") + f"?year={year}&status=published")


class SchemeListView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_GOVERNANCE
    template_name = "governance/ratings/scheme_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["schemes"] = list(RatingScheme.objects.order_by("kind", "-version"))
        return context


class SchemeMixin(RolePermissionMixin):
    def get_scheme(self) -> RatingScheme:
        scheme = RatingScheme.objects.filter(pk=self.kwargs["pk"]).first()
        if scheme is None:
            raise Http404
        return scheme


class SchemeDetailView(SchemeMixin, TemplateView):
    permission = roles.VIEW_GOVERNANCE
    template_name = "governance/ratings/scheme_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scheme = self.get_scheme()
        context.update(
            scheme=scheme,
            criteria=[{**c, "bands_text": bands_text(c["bands"])} for c in scheme.criteria],
            bands=bands_text(scheme.bands),
            in_use=services.scheme_in_use(scheme),
            history=audit.history_for(scheme)[:30],
        )
        return context


class SchemeEditView(SchemeMixin, View):
    """Edit the labels, weights and bands of the scheme in use (a new version when
    results use it)."""

    permission = roles.MANAGE_RATINGS
    template_name = "governance/ratings/scheme_edit.html"

    def forms(self, scheme, data=None):
        initial = [{**c, "bands": bands_text(c["bands"])} for c in scheme.criteria]
        formset = CriterionFormSet(data, initial=initial, prefix="c")
        form = SchemeForm(
            data,
            kind=scheme.kind,
            initial={"name": scheme.name, "bands": bands_text(scheme.bands)},
        )
        return form, formset

    def render(self, scheme, form, formset, status=200):
        context = {
            "scheme": scheme,
            "form": form,
            "formset": formset,
            "in_use": services.scheme_in_use(scheme),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        scheme = self.get_scheme()
        return self.render(scheme, *self.forms(scheme))

    def post(self, request, pk):
        scheme = self.get_scheme()
        form, formset = self.forms(scheme, request.POST)
        if form.is_valid() and formset.is_valid():
            criteria = [
                {
                    "code": f.cleaned_data["code"],
                    "label": f.cleaned_data["label"],
                    "metric": f.cleaned_data["metric"],
                    "weight": f.cleaned_data["weight"],
                    "direction": f.cleaned_data["direction"],
                    "bands": f.cleaned_data["bands"],
                }
                for f in formset.forms
            ]
            try:
                new = services.rating_scheme_update(
                    acting_user=request.user,
                    scheme=scheme,
                    name=form.cleaned_data["name"],
                    criteria=criteria,
                    bands=form.cleaned_data["bands"],
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                if new.pk != scheme.pk:
                    messages.success(
                        request,
                        _("Saved as version %(version)s; past results keep version %(old)s.")
                        % {"version": new.version, "old": scheme.version},
                    )
                else:
                    messages.success(request, _("Scheme saved."))
                return redirect("governance:scheme_detail", new.pk)
        return self.render(scheme, form, formset, status=400)


urlpatterns = [
    path("gradings/", GradingListView.as_view(), name="gradings"),
    path("gradings/run/", GradingRunView.as_view(), name="grading_run"),
    path("gradings/confirm/", GradingConfirmComputedView.as_view(), name="grading_confirm_all"),
    path("gradings/publish/", GradingPublishView.as_view(), name="grading_publish"),
    path("gradings/<int:pk>/", GradingDetailView.as_view(), name="grading_detail"),
    path("gradings/<int:pk>/confirm/", GradingConfirmView.as_view(), name="grading_confirm"),
    path("schemes/", SchemeListView.as_view(), name="schemes"),
    path("schemes/<int:pk>/", SchemeDetailView.as_view(), name="scheme_detail"),
    path("schemes/<int:pk>/edit/", SchemeEditView.as_view(), name="scheme_edit"),
]
