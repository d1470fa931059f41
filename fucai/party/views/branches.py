"""Branches: the party-affairs office sets up a branch and corrects its name or founding
date (before, only the admin site could)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from fucai.core import roles
from fucai.core.generic import RolePermissionMixin, ScopedObjectMixin, add_validation_errors

from .. import services
from ..forms import BranchForm
from ..models import PartyBranch


class BranchCreateView(RolePermissionMixin, View):
    permission = roles.MANAGE_PARTY
    template_name = "party/branch_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": BranchForm(), "branch": None})

    def post(self, request):
        form = BranchForm(request.POST)
        if form.is_valid():
            try:
                services.branch_create(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("party:index")
        return render(request, self.template_name, {"form": form, "branch": None}, status=400)


class BranchEditView(RolePermissionMixin, ScopedObjectMixin, View):
    model = PartyBranch
    permission = roles.MANAGE_PARTY
    template_name = "party/branch_form.html"

    def get(self, request, pk):
        branch = self.get_object()
        form = BranchForm(initial={"name": branch.name, "founded_on": branch.founded_on})
        return render(request, self.template_name, {"form": form, "branch": branch})

    def post(self, request, pk):
        branch = self.get_object()
        form = BranchForm(request.POST)
        if form.is_valid():
            try:
                services.branch_update(acting_user=request.user, branch=branch, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("party:index")
        return render(request, self.template_name, {"form": form, "branch": branch}, status=400)


urlpatterns = [
    path("branches/new/", BranchCreateView.as_view(), name="branch_create"),
    path("branches/<int:pk>/edit/", BranchEditView.as_view(), name="branch_edit"),
]
