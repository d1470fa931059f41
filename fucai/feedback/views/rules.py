"""The assignment rules of complaints, kept as data and edited here by station
management: which unit handles a category, in one district or every district, within
how many working days. A complaint is assigned by the rules when it comes in; changing
a rule does not move complaints already assigned."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from fucai.core import roles
from fucai.core.generic import RolePermissionMixin, add_validation_errors

from ..forms import RuleForm
from ..models import AssignmentRule
from ..services import rules as services

TEMPLATE = "feedback/rule_list.html"


def _context(user, form, editing=None) -> dict:
    rules = AssignmentRule.objects.select_related("region", "unit").order_by(
        "category", "region__code"
    )
    return {"rules": list(rules), "form": form, "editing": editing}


class RuleListView(RolePermissionMixin, View):
    """The rules with a form to add one (or, with ?edit=<id>, to change one)."""

    permission = roles.MANAGE_COMPLAINT_RULES

    def get(self, request):
        editing = None
        if request.GET.get("edit", "").isdigit():
            editing = get_object_or_404(AssignmentRule, pk=int(request.GET["edit"]))
        initial = (
            {
                "category": editing.category,
                "region": editing.region_id,
                "unit": editing.unit_id,
                "to_district_branch": editing.to_district_branch,
                "deadline_days": editing.deadline_days,
            }
            if editing
            else None
        )
        form = RuleForm(initial=initial, user=request.user)
        return render(request, TEMPLATE, _context(request.user, form, editing))

    def post(self, request):
        editing = None
        if request.POST.get("rule", "").isdigit():
            editing = get_object_or_404(AssignmentRule, pk=int(request.POST["rule"]))
        form = RuleForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                if editing:
                    services.rule_update(
                        acting_user=request.user, rule=editing, **form.cleaned_data
                    )
                else:
                    services.rule_create(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("feedback:rules")
        return render(request, TEMPLATE, _context(request.user, form, editing), status=400)


class RuleDeleteView(RolePermissionMixin, View):
    permission = roles.MANAGE_COMPLAINT_RULES
    http_method_names = ["post"]

    def post(self, request, pk):
        rule = get_object_or_404(AssignmentRule, pk=pk)
        try:
            services.rule_delete(acting_user=request.user, rule=rule)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Deleted."))
        return redirect("feedback:rules")


urlpatterns = [
    path("rules/", RuleListView.as_view(), name="rules"),
    path("rules/<int:pk>/delete/", RuleDeleteView.as_view(), name="rule_delete"),
]
