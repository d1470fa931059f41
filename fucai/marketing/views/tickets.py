"""Instant-ticket orders: the list with each station's tickets on hand, the order page
and its steps; owners order from a phone."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fucai.core import roles
from fucai.core.generic import ObjectListView, add_validation_errors
from fucai.core.money import yuan_to_fen

from ..forms import OrderFilterForm, ReasonForm, TicketOrderForm
from ..models import InstantTicketOrder
from ..selectors import ticket_stock
from ..services import tickets as services
from ._helpers import READ, AnyPermissionMixin, permission_required, run_action

STOCK_SHOWN = 100


class OrderListView(AnyPermissionMixin, ObjectListView):
    model = InstantTicketOrder
    permissions = READ
    filter_form_class = OrderFilterForm
    template_name = "marketing/order_list.html"
    table_template_name = "marketing/_order_table.html"
    sort_fields = {"requested": "requested_at", "amount": "amount_fen"}
    default_sort = "-requested"
    export_filename = "instant-ticket-orders"
    export_columns = [
        (_("Betting station"), lambda o: o.station.code),
        (_("Game"), lambda o: o.game.name),
        (_("Books"), lambda o: o.books),
        (_("Amount (yuan)"), lambda o: Decimal(o.amount_fen) / 100),
        (_("Status"), lambda o: o.get_status_display()),
        (_("Requested at"), lambda o: o.requested_at),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("station", "game")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stock"] = ticket_stock(self.request.user)[:STOCK_SHOWN]
        return context


def _order(request, pk) -> InstantTicketOrder:
    try:
        return (
            InstantTicketOrder.objects.visible_to(request.user)
            .select_related("station", "game")
            .get(pk=pk)
        )
    except (InstantTicketOrder.DoesNotExist, ValueError):
        raise Http404 from None


@permission_required(roles.ORDER_SUPPLIES, roles.MANAGE_SUPPLIES)
def order_create(request):
    form = TicketOrderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.ticket_order_create(
                acting_user=request.user,
                station=data["station"],
                game=data["game"],
                books=data["books"],
                book_value_fen=yuan_to_fen(data["book_value"]),
                note=data["note"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Order sent."))
            return redirect(order)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "title": _("Order instant tickets"),
        "back": reverse("marketing:orders"),
    }
    return render(request, "marketing/form.html", context, status=status)


@permission_required(*READ)
def order_detail(request, pk):
    context = {"item": _order(request, pk), "reason_form": ReasonForm()}
    return render(request, "marketing/order_detail.html", context)


def _step(service, success, reason=False):
    @require_POST
    @permission_required(roles.MANAGE_SUPPLIES)
    def view(request, pk):
        order = _order(request, pk)
        kwargs = {}
        if reason:
            kwargs["reason"] = request.POST.get("reason", "")[:200]
        return run_action(
            request,
            lambda: service(acting_user=request.user, order=order, **kwargs),
            success,
            order.get_absolute_url(),
        )

    return view


urlpatterns = [
    path("orders/", OrderListView.as_view(), name="orders"),
    path("orders/new/", order_create, name="order_create"),
    path("orders/<int:pk>/", order_detail, name="order"),
    path(
        "orders/<int:pk>/approve/",
        _step(services.ticket_order_approve, _("Order approved.")),
        name="order_approve",
    ),
    path(
        "orders/<int:pk>/reject/",
        _step(services.ticket_order_reject, _("Order rejected."), reason=True),
        name="order_reject",
    ),
    path(
        "orders/<int:pk>/deliver/",
        _step(services.ticket_order_deliver, _("Delivery recorded.")),
        name="order_deliver",
    ),
    path(
        "orders/<int:pk>/settle/",
        _step(services.ticket_order_settle, _("Order settled.")),
        name="order_settle",
    ),
]
