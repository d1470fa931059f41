"""An owner's evidence photos after applying (星级评定 · 佐证照片): added to a criterion of
the self-assessment, or removed (their own), while the application still waits for
the district's review; the reviewers see them on the application's page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from fucai.core import roles
from fucai.core.generic import RolePermissionMixin

from ..forms.stars import EvidenceForm
from ..services import stars as services
from .stars import StarMixin


class EvidenceAddView(RolePermissionMixin, StarMixin, View):
    permission = roles.APPLY_STARS
    http_method_names = ["post"]

    def post(self, request, pk):
        application = self.get_object()
        form = EvidenceForm(request.POST, request.FILES, criteria=application.round.scheme.criteria)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        else:
            try:
                services.star_evidence_add(
                    acting_user=request.user,
                    application=application,
                    criterion=form.cleaned_data["criterion"],
                    file=form.cleaned_data["photo"],
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Photo added."))
        return redirect("governance:star_detail", application.pk)


class EvidenceRemoveView(RolePermissionMixin, StarMixin, View):
    permission = roles.APPLY_STARS
    http_method_names = ["post"]

    def post(self, request, pk, photo):
        application = self.get_object()
        evidence = get_object_or_404(application.evidence, pk=photo)
        try:
            services.star_evidence_remove(acting_user=request.user, photo=evidence)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Photo removed."))
        return redirect("governance:star_detail", application.pk)


urlpatterns = [
    path("stars/<int:pk>/photos/add/", EvidenceAddView.as_view(), name="star_evidence_add"),
    path(
        "stars/<int:pk>/photos/<int:photo>/remove/",
        EvidenceRemoveView.as_view(),
        name="star_evidence_remove",
    ),
]
