"""The applicant's applications: filled in, documented, submitted, corrected, followed
and withdrawn — all online (最多跑一次)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fucai.charity.models import GrantApplication
from fucai.core.generic import add_validation_errors
from fucai.recruitment import services
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.choices import CallStatus
from fucai.recruitment.forms import SECTIONS, ApplicationForm, DocumentForm
from fucai.recruitment.models import Application, RecruitmentCall
from fucai.recruitment.progress import progress
from fucai.recruitment.services.applicant import EDITABLE_STATES

from .account import applicant_required


def own_application(request, code: str) -> Application:
    """The signed-in applicant's application; anyone else's is a 404."""
    return get_object_or_404(
        Application.objects.of_applicant(request.user).select_related("call", "region"),
        tracking_code=code,
    )


# Applications ----------------------------------------------------------------


@applicant_required
def my_applications(request):
    applications = (
        Application.objects.of_applicant(request.user)
        .select_related("call", "region")
        .order_by("-created_at", "-id")
    )
    grants = (
        GrantApplication.objects.filter(applicant=request.user)
        .select_related("programme")
        .only("tracking_code", "state", "programme__name", "programme__year")
        .order_by("-created_at", "-id")
    )
    return render(
        request,
        "portal/my_applications.html",
        {"applications": applications, "grants": grants},
    )


def _form_page(request, form, *, call, application=None, status=200):
    return render(
        request,
        "portal/application_form.html",
        {"form": form, "call": call, "application": application, "sections": SECTIONS},
        status=status,
    )


@applicant_required
def apply(request, pk: int):
    call = get_object_or_404(RecruitmentCall, pk=pk, status=CallStatus.PUBLISHED)
    if not call.is_open_on(timezone.localdate()):
        messages.error(request, _("This call is not open for applications."))
        return redirect("portal:call_detail", pk=call.pk)
    existing = (
        Application.objects.of_applicant(request.user)
        .filter(call=call)
        .exclude(status__in=[S.WITHDRAWN, S.REJECTED])
        .first()
    )
    if existing is not None:
        messages.info(request, _("You already have an application under this call."))
        return redirect("portal:application", code=existing.tracking_code)
    form = ApplicationForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                acting_user=request.user, call=call, **form.service_fields()
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                _("Draft saved. Next, attach your documents, then submit."),
            )
            return redirect("portal:application", code=application.tracking_code)
    return _form_page(request, form, call=call, status=400 if form.errors else 200)


@applicant_required
def application_edit(request, code: str):
    application = own_application(request, code)
    if application.status not in EDITABLE_STATES:
        messages.info(request, _("This application can no longer be changed."))
        return redirect("portal:application", code=code)
    form = ApplicationForm(request.POST or None, call=application.call, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                acting_user=request.user, application=application, **form.service_fields()
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("portal:application", code=code)
    return _form_page(
        request,
        form,
        call=application.call,
        application=application,
        status=400 if form.errors else 200,
    )


def _status_page(request, application, document_form=None, status=200):
    events = list(application.events.order_by("at", "id"))
    documents = list(application.documents.order_by("uploaded_at", "id"))
    kinds = {d.kind for d in documents}
    required = [{"code": k, "present": k in kinds} for k in application.call.required_documents]
    return render(
        request,
        "portal/application_detail.html",
        {
            "application": application,
            "progress": progress(application, events, with_comments=True),
            "documents": documents,
            "required": required,
            "editable": application.status in EDITABLE_STATES,
            "document_form": document_form or DocumentForm(),
        },
        status=status,
    )


@applicant_required
def application_detail(request, code: str):
    return _status_page(request, own_application(request, code))


@applicant_required
@require_POST
def document_add(request, code: str):
    application = own_application(request, code)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.application_document_add(
                acting_user=request.user,
                application=application,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Document attached."))
            return redirect(f"{reverse('portal:application', args=[code])}#documents")
    return _status_page(request, application, document_form=form, status=400)


@applicant_required
@require_POST
def application_submit(request, code: str):
    application = own_application(request, code)
    try:
        if application.status == S.RETURNED:
            services.application_resubmit(
                acting_user=request.user,
                application=application,
                comment=request.POST.get("comment", "")[:500],
            )
        else:
            services.application_submit(acting_user=request.user, application=application)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("portal:application", code=code)
    return redirect("portal:receipt", code=code)


@applicant_required
def receipt(request, code: str):
    application = own_application(request, code)
    if application.submitted_at is None:
        raise Http404
    events = list(application.events.order_by("at", "id"))
    return render(
        request,
        "portal/receipt.html",
        {
            "application": application,
            "progress": progress(application, events, with_comments=False),
        },
    )


@applicant_required
@require_POST
def application_withdraw(request, code: str):
    application = own_application(request, code)
    try:
        services.application_withdraw(
            acting_user=request.user,
            application=application,
            reason=request.POST.get("reason", "")[:500],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("portal:application", code=code)
