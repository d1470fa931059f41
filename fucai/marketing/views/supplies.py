"""Material pages: the stock with its movements, and stations' requests — the owner's
side made for a phone (request, follow, confirm delivery)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from fucai.core import roles
from fucai.core.generic import (
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
    add_validation_errors,
)

from ..forms import MaterialForm, MaterialRequestForm, ReasonForm, RequestFilterForm, StockForm
from ..models import Material, MaterialRequest
from ..services import supplies as services
from ._helpers import READ, AnyPermissionMixin, permission_required, run_action

MOVEMENTS_SHOWN = 100


class MaterialListView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_MARKETING
    template_name = "marketing/material_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["materials"] = list(Material.objects.visible_to(self.request.user))
        context["form"] = MaterialForm()
        return context


class MaterialDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = Material
    permission = roles.VIEW_MARKETING
    template_name = "marketing/material_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        material = self.get_object()
        movements = list(
            material.movements.select_related("by", "request__station")[:MOVEMENTS_SHOWN]
        )
        # The stock is the center's; a request behind a movement is linked (and its
        # station named) only for those who may open it — a district sees its own.
        shown = set(
            MaterialRequest.objects.visible_to(self.request.user)
            .filter(pk__in={mv.request_id for mv in movements if mv.request_id})
            .values_list("pk", flat=True)
        )
        for mv in movements:
            mv.shown_request = mv.request if mv.request_id in shown else None
        context.update(material=material, movements=movements, form=StockForm())
        return context


@require_POST
@permission_required(roles.MANAGE_SUPPLIES)
def material_create(request):
    form = MaterialForm(request.POST)
    if form.is_valid():
        try:
            material = services.material_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Material added."))
            return redirect("marketing:material", pk=material.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("marketing:materials")


def _material(request, pk) -> Material:
    try:
        return Material.objects.visible_to(request.user).get(pk=pk)
    except (Material.DoesNotExist, ValueError):
        raise Http404 from None


@require_POST
@permission_required(roles.MANAGE_SUPPLIES)
def material_stock(request, pk):
    """Receive stock (a positive quantity without a note is a receipt) or correct it
    after a count (``adjust``, with its reason)."""
    material = _material(request, pk)
    form = StockForm(request.POST)
    target = reverse("marketing:material", args=[material.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(target)
    data = form.cleaned_data
    if request.POST.get("adjust"):
        service = services.material_adjust
        kwargs = {"note": data["note"]}
    else:
        service = services.material_receive
        kwargs = {"note": data["note"]}
    return run_action(
        request,
        lambda: service(
            acting_user=request.user, material=material, quantity=data["quantity"], **kwargs
        ),
        _("Stock updated."),
        target,
    )


class RequestListView(AnyPermissionMixin, ObjectListView):
    model = MaterialRequest
    permissions = READ
    filter_form_class = RequestFilterForm
    template_name = "marketing/request_list.html"
    table_template_name = "marketing/_request_table.html"
    sort_fields = {"requested": "requested_at"}
    default_sort = "-requested"
    export_filename = "material-requests"
    export_columns = [
        (_("Betting station"), lambda r: r.station.code),
        (_("Material"), lambda r: r.material.name),
        (_("Quantity"), lambda r: r.quantity),
        (_("Status"), lambda r: r.get_status_display()),
        (_("Requested at"), lambda r: r.requested_at),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("station", "material")


def _request(request, pk) -> MaterialRequest:
    try:
        return (
            MaterialRequest.objects.visible_to(request.user)
            .select_related("station", "material", "campaign")
            .get(pk=pk)
        )
    except (MaterialRequest.DoesNotExist, ValueError):
        raise Http404 from None


@permission_required(roles.ORDER_SUPPLIES, roles.MANAGE_SUPPLIES)
def request_create(request):
    form = MaterialRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.material_request_create(
                acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Request sent."))
            return redirect(created)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "title": _("Request materials"),
        "back": reverse("marketing:requests"),
    }
    return render(request, "marketing/form.html", context, status=status)


@permission_required(*READ)
def request_detail(request, pk):
    context = {"item": _request(request, pk), "reason_form": ReasonForm()}
    return render(request, "marketing/request_detail.html", context)


def _step(service, success, *permissions, reason=False):
    @require_POST
    @permission_required(*permissions)
    def view(request, pk):
        item = _request(request, pk)
        kwargs = {}
        if reason:
            kwargs["reason"] = request.POST.get("reason", "")[:200]
        return run_action(
            request,
            lambda: service(acting_user=request.user, request=item, **kwargs),
            success,
            item.get_absolute_url(),
        )

    return view


_M = roles.MANAGE_SUPPLIES
urlpatterns = [
    path("materials/", MaterialListView.as_view(), name="materials"),
    path("materials/new/", material_create, name="material_create"),
    path("materials/<int:pk>/", MaterialDetailView.as_view(), name="material"),
    path("materials/<int:pk>/stock/", material_stock, name="material_stock"),
    path("requests/", RequestListView.as_view(), name="requests"),
    path("requests/new/", request_create, name="request_create"),
    path("requests/<int:pk>/", request_detail, name="request"),
    path(
        "requests/<int:pk>/approve/",
        _step(services.material_request_approve, _("Request approved."), _M),
        name="request_approve",
    ),
    path(
        "requests/<int:pk>/reject/",
        _step(services.material_request_reject, _("Request rejected."), _M, reason=True),
        name="request_reject",
    ),
    path(
        "requests/<int:pk>/deliver/",
        _step(services.material_request_deliver, _("Delivery recorded."), _M),
        name="request_deliver",
    ),
    path(
        "requests/<int:pk>/confirm/",
        _step(services.material_request_confirm, _("Receipt confirmed."), roles.ORDER_SUPPLIES),
        name="request_confirm",
    ),
    path(
        "requests/<int:pk>/cancel/",
        _step(services.material_request_cancel, _("Request cancelled."), roles.ORDER_SUPPLIES, _M),
        name="request_cancel",
    ),
]
