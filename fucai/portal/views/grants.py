"""Grant programmes on the portal (助圆大学梦): the programmes and their conditions, the
public notice of a list (names masked, school, amount — never an ID number or a phone)
with its objection form, and the student's own application on a phone: fill in, attach
documents, submit, correct, follow the outcome. Sign-in is the recruitment portal's."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fucai.charity.choices import GrantApplicationState as S
from fucai.charity.forms.grants import GrantApplicationForm, GrantDocumentForm, ObjectionForm
from fucai.charity.models import GrantApplication
from fucai.charity.selectors import grants as selectors
from fucai.charity.services import grant_applications as services
from fucai.charity.services import grant_review
from fucai.charity.services.grant_common import EDITABLE_STATES
from fucai.core.generic import add_validation_errors

from .account import applicant_required


def grant_list(request):
    programmes = list(selectors.public_programmes().prefetch_related("rules"))
    return render(
        request,
        "portal/grant_list.html",
        {"programmes": [(p, services.is_open(p)) for p in programmes]},
    )


def grant_programme(request, pk: int, objection_form=None, status=200):
    programme = get_object_or_404(selectors.public_programmes(), pk=pk)
    listed = programme.notice_starts_on is not None
    return render(
        request,
        "portal/grant_programme.html",
        {
            "programme": programme,
            "rules": list(programme.rules.all()),
            "is_open": services.is_open(programme),
            "rows": selectors.notice_rows(programme) if listed else [],
            "notice_open": selectors.notice_is_open(programme),
            "notice_ends_on": grant_review.notice_ends_on(programme),
            "objection_form": objection_form or ObjectionForm(),
        },
        status=status,
    )


@require_POST
def grant_objection(request, pk: int):
    programme = get_object_or_404(selectors.public_programmes(), pk=pk)
    form = ObjectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            grant_review.objection_file(
                programme=programme, text=data["text"], contact=data["contact"], rank=data["rank"]
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, _("Your objection was received; the center will look into it.")
            )
            return redirect("portal:grant_programme", pk=pk)
    return grant_programme(request, pk, objection_form=form, status=400)


def own_grant(request, code: str) -> GrantApplication:
    return get_object_or_404(
        GrantApplication.objects.filter(applicant=request.user).select_related(
            "programme", "household_region"
        ),
        tracking_code=code,
    )


@applicant_required
def grant_apply(request, pk: int):
    programme = get_object_or_404(selectors.public_programmes(), pk=pk)
    if not services.is_open(programme):
        messages.error(request, _("This programme is not open for applications."))
        return redirect("portal:grant_programme", pk=pk)
    existing = GrantApplication.objects.filter(programme=programme, applicant=request.user).first()
    if existing is not None:
        messages.info(request, _("You already have an application to this programme."))
        return redirect("portal:grant_application", code=existing.tracking_code)
    form = GrantApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.grant_application_create(
                acting_user=request.user, programme=programme, **form.service_fields()
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Draft saved. Next, attach your documents, then submit."))
            return redirect("portal:grant_application", code=application.tracking_code)
    return render(
        request,
        "portal/grant_form.html",
        {"form": form, "programme": programme},
        status=400 if form.errors else 200,
    )


@applicant_required
def grant_application_edit(request, code: str):
    application = own_grant(request, code)
    if application.state not in EDITABLE_STATES:
        messages.info(request, _("This application can no longer be changed."))
        return redirect("portal:grant_application", code=code)
    form = GrantApplicationForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_application_update(
                acting_user=request.user, application=application, **form.service_fields()
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("portal:grant_application", code=code)
    return render(
        request,
        "portal/grant_form.html",
        {"form": form, "programme": application.programme, "application": application},
        status=400 if form.errors else 200,
    )


def _status_page(request, application, document_form=None, status=200):
    events = list(application.events.order_by("at", "id"))
    return render(
        request,
        "portal/grant_application.html",
        {
            "application": application,
            "events": events,
            "documents": list(application.documents.order_by("uploaded_at", "id")),
            "missing": services.missing_documents(application),
            "editable": application.state in EDITABLE_STATES,
            "document_form": document_form or GrantDocumentForm(),
            "returned_reason": next(
                (e.comment for e in reversed(events) if e.to_state == S.RETURNED), ""
            ),
        },
        status=status,
    )


@applicant_required
def grant_application(request, code: str):
    return _status_page(request, own_grant(request, code))


@applicant_required
@require_POST
def grant_document_add(request, code: str):
    application = own_grant(request, code)
    form = GrantDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.grant_document_add(
                acting_user=request.user,
                application=application,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Document attached."))
            return redirect(f"{reverse('portal:grant_application', args=[code])}#documents")
    return _status_page(request, application, document_form=form, status=400)


@applicant_required
@require_POST
def grant_application_submit(request, code: str):
    application = own_grant(request, code)
    try:
        services.grant_application_submit(
            acting_user=request.user,
            application=application,
            comment=request.POST.get("comment", "")[:200],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Submitted. Keep your tracking code to follow it."))
    return redirect("portal:grant_application", code=code)
