"""Pages of the beneficiary registry (charity department and leadership): the masked
list, registering a person (an ID number already known links to its record), a
person's page with everything they received, the audited reveal, consent, merge."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.generic import (
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
    add_validation_errors,
)
from fucai.core.roles import has_permission

from ..forms.beneficiaries import BeneficiaryFilterForm, BeneficiaryForm, ConsentForm, MergeForm
from ..models import Beneficiary
from ..services import beneficiaries as services
from ._helpers import run_action, staff_permission_required


class BeneficiaryListView(ObjectListView):
    model = Beneficiary
    permission = roles.VIEW_BENEFICIARIES
    filter_form_class = BeneficiaryFilterForm
    template_name = "charity/beneficiary_list.html"
    table_template_name = "charity/_beneficiary_table.html"
    sort_fields = {"name": "name", "region": "region__code", "created": "created_at"}
    default_sort = "name"
    export_filename = "beneficiaries"
    # Masked, like the screen: the export is no way around the audited reveal.
    export_columns = [
        (_("Name"), lambda b: b.name),
        (_("ID number"), lambda b: b.id_number_masked),
        (_("District"), lambda b: b.region.name),
        (_("Category"), lambda b: b.get_category_display()),
        (_("Consents to publication"), lambda b: _("Yes") if b.consent_to_publish else _("No")),
    ]

    def get_queryset(self):
        return super().get_queryset().current().select_related("region")


class BeneficiaryCreateView(RolePermissionMixin, View):
    permission = roles.VIEW_BENEFICIARIES
    template_name = "charity/beneficiary_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_permission(request.user, roles.MANAGE_CHARITY):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": BeneficiaryForm(user=request.user)})

    def post(self, request):
        form = BeneficiaryForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                person, created = services.beneficiary_register(
                    acting_user=request.user,
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    region=data["region"],
                    category=data["category"],
                    situation=data["situation"],
                    consent_to_publish=data["consent_to_publish"],
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                if created:
                    messages.success(request, _("Registered."))
                else:
                    messages.info(
                        request, _("This person is registered already: here is their record.")
                    )
                return redirect("charity:beneficiary", pk=person.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class BeneficiaryDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = Beneficiary
    permission = roles.VIEW_BENEFICIARIES
    template_name = "charity/beneficiary_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("region", "merged_into")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.get_object()
        benefits = list(
            person.benefits.select_related("activity__series", "grant__programme").order_by(
                "-received_on", "-pk"
            )
        )
        context.update(
            person=person,
            benefits=benefits,
            total_fen=sum(b.amount_fen for b in benefits),
            merged=list(person.merged.all()),
            consent_form=ConsentForm(
                initial={
                    "consent": person.consent_to_publish,
                    "recorded_on": person.consent_recorded_on,
                }
            ),
            merge_form=MergeForm(),
        )
        return context


def _person(request, pk, permission=roles.MANAGE_CHARITY) -> Beneficiary:
    if not (
        has_permission(request.user, roles.VIEW_BENEFICIARIES)
        and has_permission(request.user, permission)
    ):
        raise PermissionDenied
    return get_object_or_404(Beneficiary.objects.visible_to(request.user), pk=pk)


@staff_permission_required(roles.REVEAL_BENEFICIARY)
@require_POST
def beneficiary_reveal(request, pk):
    """The full ID number and phone, once, on a page of its own; audited."""
    person = _person(request, pk, roles.REVEAL_BENEFICIARY)
    identity = services.beneficiary_identity_reveal(acting_user=request.user, beneficiary=person)
    return render(
        request, "charity/beneficiary_reveal.html", {"person": person, "identity": identity}
    )


@staff_permission_required(roles.MANAGE_CHARITY)
@require_POST
def beneficiary_consent(request, pk):
    person = _person(request, pk)
    form = ConsentForm(request.POST)
    target = reverse("charity:beneficiary", args=[pk])
    if not form.is_valid():
        messages.error(request, _("Enter the date the consent was recorded."))
        return redirect(target)
    return run_action(
        request,
        lambda: services.beneficiary_consent_record(
            acting_user=request.user,
            beneficiary=person,
            consent=form.cleaned_data["consent"],
            recorded_on=form.cleaned_data["recorded_on"],
        ),
        _("Consent recorded."),
        target,
    )


@staff_permission_required(roles.MANAGE_CHARITY)
@require_POST
def beneficiary_merge(request, pk):
    """Merge a duplicate record (its number given) into this one."""
    person = _person(request, pk)
    form = MergeForm(request.POST)
    target = reverse("charity:beneficiary", args=[pk])
    if not form.is_valid():
        messages.error(request, _("Enter the number of the duplicate record."))
        return redirect(target)
    duplicate = (
        Beneficiary.objects.visible_to(request.user)
        .filter(pk=form.cleaned_data["duplicate"])
        .first()
    )
    if duplicate is None:
        messages.error(request, _("No such record."))
        return redirect(target)
    return run_action(
        request,
        lambda: services.beneficiary_merge(
            acting_user=request.user,
            survivor=person,
            duplicate=duplicate,
            reason=form.cleaned_data["reason"],
        ),
        _("Records merged."),
        target,
    )


urlpatterns = [
    path("beneficiaries/", BeneficiaryListView.as_view(), name="beneficiaries"),
    path("beneficiaries/new/", BeneficiaryCreateView.as_view(), name="beneficiary_create"),
    path("beneficiaries/<int:pk>/", BeneficiaryDetailView.as_view(), name="beneficiary"),
    path("beneficiaries/<int:pk>/reveal/", beneficiary_reveal, name="beneficiary_reveal"),
    path("beneficiaries/<int:pk>/consent/", beneficiary_consent, name="beneficiary_consent"),
    path("beneficiaries/<int:pk>/merge/", beneficiary_merge, name="beneficiary_merge"),
]
