"""The yearly disclosure pages (finance prepares, leadership approves and publishes):
the list of years, one year's announcement with its actions and PDF."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fucai.core import pdf, roles
from fucai.core.roles import has_permission

from .. import services
from ..models import Disclosure
from ..services.disclosure import ALLOWED, FOREWORD_MAX_LENGTH, PERMISSION
from .common import run, staff_view, year_choices

ACTION_LABELS = {
    "submit": _("Submit for approval"),
    "return": _("Return to draft"),
    "approve": _("Approve"),
    "publish": _("Publish"),
}


class ForewordForm(forms.Form):
    foreword = forms.CharField(
        label=_("Foreword and notes"),
        required=False,
        max_length=FOREWORD_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Shown above the figures on the portal and in the PDF; editable while the "
            "announcement is a draft."
        ),
    )


@staff_view(roles.VIEW_WELFARE)
def disclosure_list(request):
    return render(
        request,
        "welfare/disclosures/list.html",
        {
            "disclosures": Disclosure.objects.select_related("approved_by"),
            "years": year_choices(),
            "can_prepare": has_permission(request.user, roles.PREPARE_DISCLOSURE),
        },
    )


@require_POST
@staff_view(roles.PREPARE_DISCLOSURE)
def disclosure_generate(request):
    raw = request.POST.get("year", "")
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise Http404
    disclosure = run(
        request,
        services.disclosure_generate,
        success=str(_("Generated from the ledger.")),
        year=int(raw),
    )
    if disclosure is None:
        return redirect("welfare:disclosures")
    return redirect("welfare:disclosure", disclosure.year)


@staff_view(roles.VIEW_WELFARE)
def disclosure_detail(request, year):
    disclosure = get_object_or_404(Disclosure, year=year)
    actions = [
        (action, label)
        for action, label in ACTION_LABELS.items()
        if disclosure.state in ALLOWED[action] and has_permission(request.user, PERMISSION[action])
    ]
    return render(
        request,
        "welfare/disclosures/detail.html",
        {
            "disclosure": disclosure,
            "actions": actions,
            "can_generate": disclosure.state in ALLOWED["generate"]
            and has_permission(request.user, roles.PREPARE_DISCLOSURE),
            "foreword_form": ForewordForm(initial={"foreword": disclosure.foreword})
            if disclosure.state in ALLOWED["foreword"]
            and has_permission(request.user, roles.PREPARE_DISCLOSURE)
            else None,
        },
    )


@require_POST
@staff_view(roles.PREPARE_DISCLOSURE)
def disclosure_foreword(request, year):
    disclosure = get_object_or_404(Disclosure, year=year)
    form = ForewordForm(request.POST)
    if form.is_valid():
        run(
            request,
            services.disclosure_set_foreword,
            success=str(_("Foreword saved.")),
            disclosure=disclosure,
            foreword=form.cleaned_data["foreword"],
            version=int(request.POST.get("version") or 0) or None,
        )
    else:
        messages.error(request, "; ".join(form.errors["foreword"]))
    return redirect(reverse("welfare:disclosure", args=[year]) + "#foreword")


@require_POST
@staff_view(roles.VIEW_WELFARE)
def disclosure_action(request, year, action):
    disclosure = get_object_or_404(Disclosure, year=year)
    if action not in ACTION_LABELS:
        raise Http404
    run(
        request,
        services.disclosure_transition,
        success=str(_("Done.")),
        disclosure=disclosure,
        action=action,
        version=int(request.POST.get("version") or 0) or None,
    )
    return redirect(reverse("welfare:disclosure", args=[year]))


@staff_view(roles.VIEW_WELFARE)
def disclosure_pdf(request, year):
    disclosure = get_object_or_404(Disclosure, year=year)
    content = pdf.render_pdf("welfare/disclosure_pdf.html", {"disclosure": disclosure}, request)
    return pdf.pdf_response(f"disclosure-{year}", content)


urlpatterns = [
    path("disclosures/", disclosure_list, name="disclosures"),
    path("disclosures/generate/", disclosure_generate, name="disclosure_generate"),
    path("disclosures/<int:year>/", disclosure_detail, name="disclosure"),
    path("disclosures/<int:year>/pdf/", disclosure_pdf, name="disclosure_pdf"),
    path("disclosures/<int:year>/foreword/", disclosure_foreword, name="disclosure_foreword"),
    path("disclosures/<int:year>/<str:action>/", disclosure_action, name="disclosure_action"),
]
