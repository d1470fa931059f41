"""Pages of grant programmes (助圆大学梦): the programmes, a programme's applications and
its steps (open, close, rank against the quota, public notice, approve), one
application's review (verify, return, reject), objections, and the bank's payment
batches (export in the bank's layout, import the return file)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.excel import excel_response
from fucai.core.generic import RolePermissionMixin, add_validation_errors
from fucai.core.roles import has_permission

from .. import eligibility
from ..choices import GrantApplicationState as S
from ..choices import GrantDocumentKind
from ..forms.grants import ProgrammeForm, ReasonForm, ResolveForm, ReturnFileForm, VerifyForm
from ..models import GrantApplication, GrantDocument, GrantObjection, GrantProgramme, PaymentBatch
from ..selectors import grants as selectors
from ..services import grant_payments as payments
from ..services import grant_programmes as programmes
from ..services import grant_review as review
from ..services.grant_review import notice_ends_on
from ._helpers import run_action, staff_permission_required

APPLICATIONS_PER_PAGE = 100


def _require(request, permission):
    if not has_permission(request.user, permission):
        raise PermissionDenied


class ProgrammeListView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_CHARITY
    template_name = "charity/programme_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(GrantProgramme.objects.select_related("project").order_by("-year", "name"))
        counts = selectors.state_counts(rows)
        for programme in rows:
            c = counts.get(programme.pk, {})
            programme.applied = sum(c.values())
            programme.granted = c.get(S.APPROVED, 0) + c.get(S.PAID, 0)
            programme.paid = c.get(S.PAID, 0)
        context["programmes"] = rows
        return context


class ProgrammeCreateView(RolePermissionMixin, View):
    permission = roles.MANAGE_GRANTS
    template_name = "charity/programme_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ProgrammeForm(user=request.user)})

    def post(self, request):
        form = ProgrammeForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                programme = programmes.programme_create(
                    acting_user=request.user,
                    name=data["name"],
                    year=data["year"],
                    project=data["project"],
                    quota=data["quota"],
                    amount_fen=form.amount_fen(),
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    objection_days=data["objection_days"],
                    description=data["description"],
                    rules=form.rules(),
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Programme created."))
                return redirect("charity:programme", pk=programme.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class ProgrammeDetailView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_CHARITY
    template_name = "charity/programme_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = get_object_or_404(
            GrantProgramme.objects.select_related("project"), pk=self.kwargs["pk"]
        )
        state = self.request.GET.get("state", "")
        applications = []
        can_read_people = has_permission(self.request.user, roles.VIEW_BENEFICIARIES)
        if can_read_people:
            queryset = (
                GrantApplication.objects.visible_to(self.request.user)
                .filter(programme=programme)
                .select_related("household_region")
                .only(
                    *("pk", "tracking_code", "name", "school", "state", "score", "rank"),
                    *("household_region__name", "decision_reason", "submitted_at"),
                )
                .order_by("rank", "-score", "pk")
            )
            if state in S.values:
                queryset = queryset.filter(state=state)
            applications = list(queryset[:APPLICATIONS_PER_PAGE])
        counts = selectors.state_counts([programme]).get(programme.pk, {})
        context.update(
            programme=programme,
            rules=list(programme.rules.all()),
            applications=applications,
            can_read_people=can_read_people,
            state=state,
            states=[
                (value, label, counts.get(value, 0))
                for value, label in S.choices
                if value != S.DRAFT
            ],
            objections=list(
                programme.objections.select_related("application").order_by("-received_at")
            ),
            batches=list(programme.payment_batches.order_by("-created_at")),
            notice_ends_on=notice_ends_on(programme),
            resolve_form=ResolveForm(),
        )
        return context


def _programme(request, pk) -> GrantProgramme:
    _require(request, roles.MANAGE_GRANTS)
    return get_object_or_404(GrantProgramme, pk=pk)


def _programme_step(service, success):
    @staff_permission_required(roles.MANAGE_GRANTS)
    @require_POST
    def view(request, pk):
        programme = _programme(request, pk)
        return run_action(
            request,
            lambda: service(acting_user=request.user, programme=programme),
            success,
            reverse("charity:programme", args=[pk]),
        )

    return view


programme_open = _programme_step(programmes.programme_open, _("Open for applications."))
programme_close = _programme_step(programmes.programme_close, _("Closed; the review starts."))
programme_rank = _programme_step(review.programme_rank, _("The ranked list is drawn up."))
programme_notice = _programme_step(
    review.programme_notice_start, _("The list is on public notice.")
)
programme_approve = _programme_step(review.programme_approve, _("The grants are approved."))
programme_finish = _programme_step(programmes.programme_finish, _("Programme closed."))


@staff_permission_required(roles.MANAGE_GRANTS)
@require_POST
def batch_create(request, pk):
    programme = _programme(request, pk)
    try:
        batch = payments.batch_create(acting_user=request.user, programme=programme)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("charity:programme", pk=pk)
    messages.success(request, _("Payment batch created; export it for the bank."))
    return redirect("charity:batch", pk=batch.pk)


class ApplicationDetailView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_BENEFICIARIES
    template_name = "charity/application_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = get_object_or_404(
            GrantApplication.objects.visible_to(self.request.user).select_related(
                "programme", "household_region", "beneficiary"
            ),
            tracking_code=self.kwargs["code"],
        )
        documents = list(application.documents.all())
        labels = dict(GrantDocumentKind.choices)
        for document in documents:
            document.label = labels.get(document.kind, document.kind)
        context.update(
            application=application,
            documents=documents,
            events=list(application.events.select_related("actor")),
            failures=eligibility.failures(application, application.programme.rules.all()),
            suggested=eligibility.suggested_score(application),
            verify_form=VerifyForm(),
            reason_form=ReasonForm(),
        )
        return context


def _application(request, code) -> GrantApplication:
    _require(request, roles.MANAGE_GRANTS)
    return get_object_or_404(GrantApplication.objects.visible_to(request.user), tracking_code=code)


@staff_permission_required(roles.MANAGE_GRANTS)
@require_POST
def application_verify(request, code):
    application = _application(request, code)
    form = VerifyForm(request.POST)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    return run_action(
        request,
        lambda: review.grant_application_verify(
            acting_user=request.user,
            application=application,
            score=data.get("score"),
            comment=data.get("comment", ""),
        ),
        _("Verified."),
        reverse("charity:application", args=[code]),
    )


@staff_permission_required(roles.MANAGE_GRANTS)
@require_POST
def application_return(request, code):
    application = _application(request, code)
    form = ReasonForm(request.POST)
    form.is_valid()
    return run_action(
        request,
        lambda: review.grant_application_return(
            acting_user=request.user,
            application=application,
            reason=form.cleaned_data.get("reason", ""),
        ),
        _("Returned to the student for correction."),
        reverse("charity:application", args=[code]),
    )


@staff_permission_required(roles.MANAGE_GRANTS)
@require_POST
def application_reject(request, code):
    application = _application(request, code)
    form = ReasonForm(request.POST)
    form.is_valid()
    return run_action(
        request,
        lambda: review.grant_application_reject(
            acting_user=request.user,
            application=application,
            reason=form.cleaned_data.get("reason", ""),
        ),
        _("Not granted; the student is told why."),
        reverse("charity:application", args=[code]),
    )


@staff_permission_required(roles.VIEW_BENEFICIARIES)
def application_document(request, code, document_pk):
    _require(request, roles.VIEW_BENEFICIARIES)
    application = get_object_or_404(
        GrantApplication.objects.visible_to(request.user), tracking_code=code
    )
    document = get_object_or_404(GrantDocument, pk=document_pk, application=application)
    try:
        return FileResponse(document.file.open("rb"), content_type=document.content_type)
    except FileNotFoundError:
        raise Http404 from None


@staff_permission_required(roles.MANAGE_GRANTS)
@require_POST
def objection_resolve(request, pk):
    _require(request, roles.MANAGE_GRANTS)
    objection = get_object_or_404(GrantObjection, pk=pk)
    form = ResolveForm(request.POST)
    target = reverse("charity:programme", args=[objection.programme_id]) + "#objections"
    if not form.is_valid():
        messages.error(request, _("Write the resolution."))
        return redirect(target)
    return run_action(
        request,
        lambda: review.objection_resolve(
            acting_user=request.user,
            objection=objection,
            resolution=form.cleaned_data["resolution"],
            upheld=form.cleaned_data["upheld"],
        ),
        _("Objection resolved."),
        target,
    )


class BatchDetailView(RolePermissionMixin, View):
    permission = roles.MANAGE_GRANTS
    template_name = "charity/batch_detail.html"

    def _context(self, batch, form):
        rows = list(
            batch.payments.select_related("application").only(
                *("pk", "status", "amount_fen", "paid_on", "failure_reason", "bank_reference"),
                *("application__name", "application__tracking_code", "application__school"),
                "application__bank_account_masked",
            )
        )
        return {
            "batch": batch,
            "payments": rows,
            "total_fen": sum(p.amount_fen for p in rows),
            "form": form,
        }

    def get(self, request, pk):
        batch = get_object_or_404(PaymentBatch.objects.select_related("programme"), pk=pk)
        return render(request, self.template_name, self._context(batch, ReturnFileForm()))

    def post(self, request, pk):
        """The bank's return file: every row applied, or none (errors listed by row)."""
        batch = get_object_or_404(PaymentBatch.objects.select_related("programme"), pk=pk)
        form = ReturnFileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                counts = payments.batch_return_import(
                    acting_user=request.user,
                    batch=batch,
                    file=form.cleaned_data["file"],
                    paid_on=form.cleaned_data["paid_on"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _(
                        "Return file applied: %(paid)s paid, %(failed)s failed, "
                        "%(unchanged)s unchanged."
                    )
                    % counts,
                )
                return redirect("charity:batch", pk=pk)
        return render(request, self.template_name, self._context(batch, form), status=400)


@staff_permission_required(roles.MANAGE_GRANTS)
def batch_export(request, pk):
    """The batch in the bank's column layout (formula-neutralized like every export)."""
    _require(request, roles.MANAGE_GRANTS)
    batch = get_object_or_404(PaymentBatch.objects.select_related("programme"), pk=pk)
    rows = payments.batch_export(acting_user=request.user, batch=batch)
    return excel_response(
        f"bank-{batch.number}", payments.BANK_HEADERS, rows, title=_("Payment batch")
    )


urlpatterns = [
    path("grants/", ProgrammeListView.as_view(), name="programmes"),
    path("grants/new/", ProgrammeCreateView.as_view(), name="programme_create"),
    path("grants/<int:pk>/", ProgrammeDetailView.as_view(), name="programme"),
    path("grants/<int:pk>/open/", programme_open, name="programme_open"),
    path("grants/<int:pk>/close/", programme_close, name="programme_close"),
    path("grants/<int:pk>/rank/", programme_rank, name="programme_rank"),
    path("grants/<int:pk>/notice/", programme_notice, name="programme_notice"),
    path("grants/<int:pk>/approve/", programme_approve, name="programme_approve"),
    path("grants/<int:pk>/finish/", programme_finish, name="programme_finish"),
    path("grants/<int:pk>/batches/", batch_create, name="batch_create"),
    path("grants/applications/<str:code>/", ApplicationDetailView.as_view(), name="application"),
    path("grants/applications/<str:code>/verify/", application_verify, name="application_verify"),
    path("grants/applications/<str:code>/return/", application_return, name="application_return"),
    path("grants/applications/<str:code>/reject/", application_reject, name="application_reject"),
    path(
        "grants/applications/<str:code>/documents/<int:document_pk>/",
        application_document,
        name="application_document",
    ),
    path("grants/objections/<int:pk>/resolve/", objection_resolve, name="objection_resolve"),
    path("grants/batches/<int:pk>/", BatchDetailView.as_view(), name="batch"),
    path("grants/batches/<int:pk>/export/", batch_export, name="batch_export"),
]
