"""Pages of the rectifications topic: the list (+ Excel), an order's page with its log,
the owner's reply with photos, the inspector's verify / reject, closing, the photos and
the order as a PDF. Every page reads through ``RectificationOrder.objects.visible_to``:
an owner reaches only their stations' orders, an inspector only their districts'."""

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.generic import (
    ObjectActionView,
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
)
from fucai.core.pdf import pdf_response
from fucai.core.roles import has_permission

from .. import documents
from ..choices import RectificationStatus
from ..forms.rectifications import CloseForm, DecisionForm, RectificationFilterForm, ReplyForm
from ..models import RectificationOrder, RectificationPhoto
from ..services import rectifications as services


def _local(moment):
    """A stored time as the wall-clock time of Asia/Shanghai: Excel cells carry no zone."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


class RectificationListView(ObjectListView):
    model = RectificationOrder
    permission = roles.VIEW_GOVERNANCE
    filter_form_class = RectificationFilterForm
    template_name = "governance/rectifications/list.html"
    table_template_name = "governance/rectifications/_table.html"
    sort_fields = {
        "number": "number",
        "station": "station__code",
        "severity": "severity",
        "deadline": "deadline_on",
        "status": "status",
        "issued": "issued_on",
    }
    default_sort = "deadline"
    export_filename = "rectifications"
    export_columns = [
        (_("Order number"), lambda o: o.number),
        (_("Station code"), lambda o: o.station.code),
        (_("Station name"), lambda o: o.station.name),
        (_("District"), lambda o: o.station.region.name),
        (_("Problem found"), lambda o: o.problem),
        (_("Severity"), lambda o: o.get_severity_display()),
        (_("Issued on"), lambda o: o.issued_on),
        (_("Deadline"), lambda o: o.deadline_on),
        (_("Status"), lambda o: o.get_status_display()),
        (_("Escalation"), lambda o: o.get_escalation_display()),
        (_("Closed at"), lambda o: _local(o.closed_at)),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("station__region")


class OrderMixin(RolePermissionMixin, ScopedObjectMixin):
    model = RectificationOrder
    permission = roles.VIEW_GOVERNANCE

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("station__region", "station__owner", "inspection", "item", "issued_by")
        )


class RectificationDetailView(OrderMixin, TemplateView):
    template_name = "governance/rectifications/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = kwargs.get("order") or self.get_object()
        user = self.request.user
        can_reply = (
            has_permission(user, roles.REPLY_RECTIFICATION)
            and order.status in (services.ALLOWED["reply"])
        )
        can_decide = (
            has_permission(user, roles.INSPECT) and order.status in (services.ALLOWED["verify"])
        )
        can_close = (
            has_permission(user, roles.INSPECT) and order.status in (services.ALLOWED["close"])
        )
        replies = order.replies.select_related("author").prefetch_related(
            Prefetch("photos", queryset=RectificationPhoto.objects.order_by("pk"))
        )
        context.update(
            order=order,
            events=[
                (event, services.EVENT_LABELS.get(event.action, event.action))
                for event in order.events.select_related("actor")
            ],
            replies=replies,
            can_reply=can_reply,
            can_decide=can_decide,
            can_close=can_close,
            reply_form=kwargs.get("reply_form") or ReplyForm(initial={"version": order.version}),
            decision_form=kwargs.get("decision_form")
            or DecisionForm(initial={"version": order.version}),
            close_form=kwargs.get("close_form") or CloseForm(initial={"version": order.version}),
            unresolved=order.status in services.UNRESOLVED,
            statuses=RectificationStatus,
        )
        return context


class _OrderActionView(OrderMixin, ObjectActionView):
    """POST of one transition; errors re-render the order's page (400)."""

    detail_view = RectificationDetailView
    object_name = "order"
    success_url_name = "governance:rectification_detail"


class RectificationReplyView(_OrderActionView):
    permission = roles.REPLY_RECTIFICATION
    form_class = ReplyForm
    form_name = "reply_form"
    success_message = _("Your reply was sent to the inspector.")

    def perform(self, order, data):
        services.rectification_reply(
            order=order,
            text=data["text"],
            photos=data["photos"],
            acting_user=self.request.user,
            version=data.get("version"),
        )


class RectificationDecideView(_OrderActionView):
    permission = roles.INSPECT
    form_class = DecisionForm
    form_name = "decision_form"

    def perform(self, order, data):
        if data["decision"] == "verify":
            services.rectification_verify(
                order=order,
                comment=data["comment"],
                acting_user=self.request.user,
                version=data.get("version"),
            )
            self.success_message = _("The rectification is verified.")
        else:
            services.rectification_reject(
                order=order,
                comment=data["comment"],
                acting_user=self.request.user,
                version=data.get("version"),
            )
            self.success_message = _("The reply was rejected; the owner was told why.")


class RectificationCloseView(_OrderActionView):
    permission = roles.INSPECT
    form_class = CloseForm
    form_name = "close_form"
    success_message = _("The order is closed.")

    def perform(self, order, data):
        services.rectification_close(
            order=order,
            reason=data["reason"],
            acting_user=self.request.user,
            version=data.get("version"),
        )


class RectificationPhotoView(RolePermissionMixin, View):
    """A reply's photo, served only to those who may see its order."""

    permission = roles.VIEW_GOVERNANCE

    def get(self, request, *args, **kwargs):
        orders = RectificationOrder.objects.visible_to(request.user)
        photo = (
            RectificationPhoto.objects.filter(pk=kwargs["pk"], reply__order__in=orders)
            .only("file", "content_type")
            .first()
        )
        if photo is None:
            raise Http404
        try:
            handle = photo.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        response = FileResponse(
            handle,
            content_type=photo.content_type
            if photo.content_type in ("image/jpeg", "image/png")
            else "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, max-age=3600"
        return response


class RectificationPdfView(OrderMixin, View):
    """The order as a 整改通知书 (PDF) with the reply photos."""

    def get(self, request, *args, **kwargs):
        order = self.get_object()
        content = documents.rectification_pdf(order, request)
        return pdf_response(documents.rectification_filename(order), content)


urlpatterns = [
    path("rectifications/", RectificationListView.as_view(), name="rectifications"),
    path(
        "rectifications/<int:pk>/",
        RectificationDetailView.as_view(),
        name="rectification_detail",
    ),
    path(
        "rectifications/<int:pk>/reply/",
        RectificationReplyView.as_view(),
        name="rectification_reply",
    ),
    path(
        "rectifications/<int:pk>/decide/",
        RectificationDecideView.as_view(),
        name="rectification_decide",
    ),
    path(
        "rectifications/<int:pk>/close/",
        RectificationCloseView.as_view(),
        name="rectification_close",
    ),
    path("rectifications/<int:pk>/pdf/", RectificationPdfView.as_view(), name="rectification_pdf"),
    path(
        "rectification-photos/<int:pk>/",
        RectificationPhotoView.as_view(),
        name="rectification_photo",
    ),
]
