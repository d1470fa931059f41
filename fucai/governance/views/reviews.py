"""Pages of the annual review (年审): the list (+ Excel), a review's page with its
breakdown explained, confirming (or overriding with a reason), computing a year, and
the yearly summary by district (+ Excel). governance/urls.py gathers the routes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import audit, roles
from fucai.core.excel import excel_response
from fucai.core.generic import (
    ModalActionView,
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
)

from .. import review_rules as rules
from ..choices import ReviewOutcome, ReviewStatus
from ..forms.reviews import ReviewComputeForm, ReviewConfirmForm, ReviewFilterForm
from ..forms.visits import PlanYearForm
from ..models import AnnualReview
from ..selectors.reviews import default_year, review_summary, review_years
from ..services import reviews as services


def _confirmed_at(review):
    return timezone.localtime(review.confirmed_at) if review.confirmed_at else None


def _findings(review, verdicts) -> str:
    return "\n".join(
        rules.finding_text(item.get("note", ""), item.get("facts") or {})
        for item in review.breakdown
        if item.get("verdict") in verdicts
    )


class ReviewListView(ObjectListView):
    model = AnnualReview
    permission = roles.VIEW_GOVERNANCE
    filter_form_class = ReviewFilterForm
    template_name = "governance/reviews/review_list.html"
    table_template_name = "governance/reviews/_review_table.html"
    sort_fields = {
        "station": "station__code",
        "region": ["station__region__sort_order", "station__code"],
        "outcome": "outcome",
        "decision": "decision",
        "status": "status",
    }
    default_sort = "station"
    export_filename = "annual-reviews"
    export_columns = [
        (_("Year"), lambda r: r.year),
        (_("Station code"), lambda r: r.station.code),
        (_("Station name"), lambda r: r.station.name),
        (_("District"), lambda r: r.station.region.name),
        (_("Computed outcome"), lambda r: r.get_computed_outcome_display()),
        (_("Outcome"), lambda r: r.get_outcome_display()),
        (_("Decision"), lambda r: r.get_decision_display()),
        (_("Status"), lambda r: r.get_status_display()),
        (_("Conditions"), lambda r: r.conditions),
        (_("Reason for overriding"), lambda r: r.override_reason),
        (_("Failed on"), lambda r: _findings(r, {rules.FAIL})),
        (
            _("Confirmed at"),
            # Excel cells carry no time zone: the wall-clock time of Asia/Shanghai.
            lambda r: (
                timezone.localtime(r.confirmed_at).replace(tzinfo=None) if r.confirmed_at else None
            ),
        ),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("station__region")

    def get_filter_form(self):
        self.year = default_year(self.request.user, timezone.localdate().year)
        return ReviewFilterForm(
            self.request.GET or None, user=self.request.user, default_year=self.year
        )

    def filtered_queryset(self):
        queryset, form = super().filtered_queryset()
        if not form.is_bound:  # the page opens on the latest year with reviews
            queryset = queryset.filter(year=self.year)
        return queryset, form

    def page_queryset(self, queryset):
        return queryset.defer("breakdown")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["filter_form"]
        year = (form.is_bound and form.cleaned_data.get("year")) or self.year
        context.update(
            year=year,
        )
        return context


class ReviewDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = AnnualReview
    permission = roles.VIEW_GOVERNANCE
    template_name = "governance/reviews/review_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("station__region", "confirmed_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = self.get_object()
        context.update(
            review=review,
            history=audit.history_for(review)[:50],
            overridden=bool(review.override_reason),
            rules=rules,
        )
        return context


class ReviewConfirmView(ScopedObjectMixin, ModalActionView):
    model = AnnualReview
    permission = roles.CONFIRM_REVIEW
    form_class = ReviewConfirmForm
    template_name = "governance/reviews/_confirm.html"
    title = _("Confirm the annual review")
    success_message = _("Annual review confirmed.")

    def get_queryset(self):
        return super().get_queryset().select_related("station")

    def make_form(self, review, data=None, files=None):
        initial = {
            "outcome": review.outcome,
            "decision": review.decision,
            "conditions": review.conditions,
        }
        return ReviewConfirmForm(data, initial=initial)

    def get_context(self, review) -> dict:
        return {"review": review}

    def perform(self, review, data):
        if review.status == ReviewStatus.CONFIRMED:
            raise ValidationError(_("This review is already confirmed."))
        services.annual_review_confirm(acting_user=self.request.user, review=review, **data)
        return reverse("governance:review_detail", args=[review.pk])


class ReviewComputeView(RolePermissionMixin, View):
    """POST: (re)compute a year's reviews in the user's scope (one district or all);
    confirmed reviews are kept as they are."""

    permission = roles.CONFIRM_REVIEW
    http_method_names = ["post"]

    def post(self, request):
        form = ReviewComputeForm(request.POST, user=request.user)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("governance:reviews")
        year, region = form.cleaned_data["year"], form.cleaned_data["region"]
        reviews = services.annual_reviews_compute(
            year=year, acting_user=request.user, regions=[region] if region else None
        )
        kept = sum(r.status == ReviewStatus.CONFIRMED for r in reviews)
        messages.success(
            request,
            _("%(count)s reviews computed for %(year)s; %(kept)s confirmed ones kept.")
            % {"count": len(reviews) - kept, "year": year, "kept": kept},
        )
        return redirect(reverse("governance:reviews") + f"?year={year}")


class ReviewSummaryView(RolePermissionMixin, TemplateView):
    """How many stations passed, passed with conditions or failed, and were continued,
    warned or exited, by district, for a year (default: the latest with reviews)."""

    permission = roles.VIEW_GOVERNANCE
    template_name = "governance/reviews/review_summary.html"

    def year(self) -> int:
        form = PlanYearForm(self.request.GET or None)
        if form.is_bound and form.is_valid() and form.cleaned_data["year"]:
            return form.cleaned_data["year"]
        return default_year(self.request.user, timezone.localdate().year)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def columns(self):
        return [
            ("total", _("Reviewed")),
            ("passed", ReviewOutcome.PASS.label),
            ("conditional", ReviewOutcome.CONDITIONAL.label),
            ("failed", ReviewOutcome.FAIL.label),
            ("continued", _("Continued")),
            ("warned", _("Warned")),
            ("exited", _("Exited")),
            ("confirmed", _("Confirmed")),
            ("overridden", _("Overridden")),
        ]

    def export(self):
        year = self.year()
        summary = review_summary(self.request.user, year)
        columns = self.columns()
        headers = [str(_("District"))] + [str(label) for _k, label in columns]
        rows = [[row["region"].name] + [row[k] for k, _l in columns] for row in summary["rows"]]
        rows.append([str(_("Total"))] + [summary["total"][k] for k, _l in columns])
        return excel_response(
            f"annual-review-summary-{year}",
            headers,
            rows,
            title=_("Annual review %(year)s") % {"year": year},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.year()
        user = self.request.user
        summary = review_summary(user, year)
        columns = self.columns()
        context.update(
            year=year,
            years=sorted(set(review_years(user)) | {year}, reverse=True),
            columns=columns,
            rows=[
                {"region": row["region"], "cells": [row[k] for k, _l in columns]}
                for row in summary["rows"]
            ],
            total=[summary["total"][k] for k, _l in columns],
        )
        return context


urlpatterns = [
    path("reviews/", ReviewListView.as_view(), name="reviews"),
    path("reviews/summary/", ReviewSummaryView.as_view(), name="review_summary"),
    path("reviews/compute/", ReviewComputeView.as_view(), name="review_compute"),
    path("reviews/<int:pk>/", ReviewDetailView.as_view(), name="review_detail"),
    path("reviews/<int:pk>/confirm/", ReviewConfirmView.as_view(), name="review_confirm"),
]
