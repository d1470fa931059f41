"""Staff pages of complaints: the list (+ Excel), enter one from a phone call (or, for
an owner, about their station), its page with the timeline, accept and reply."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.choices import Role
from fucai.core.generic import (
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
    add_validation_errors,
)
from fucai.core.roles import has_permission, role_of

from ..forms import ComplaintFilterForm, ReplyForm, StaffComplaintForm
from ..models import Complaint
from ..services import complaints as services


class ComplaintListView(ObjectListView):
    model = Complaint
    permission = roles.VIEW_COMPLAINTS
    filter_form_class = ComplaintFilterForm
    template_name = "feedback/complaint_list.html"
    table_template_name = "feedback/_complaint_table.html"
    sort_fields = {"received": "received_at", "due": "due_on", "state": "state"}
    default_sort = "-received"
    export_filename = "complaints"
    export_columns = [
        (_("Tracking code"), lambda c: c.tracking_code),
        (_("Received at"), lambda c: timezone.localtime(c.received_at).replace(tzinfo=None)),
        (_("Source"), lambda c: c.get_source_display()),
        (_("Category"), lambda c: c.get_category_display()),
        (_("Station"), lambda c: c.station.code if c.station else ""),
        (_("District"), lambda c: c.region.name if c.region else ""),
        (_("Handled by"), lambda c: c.unit.name if c.unit else ""),
        (_("Subject"), lambda c: c.title),
        (_("Due on"), lambda c: c.due_on),
        (_("Status"), lambda c: c.get_state_display()),
        (_("Finding"), lambda c: c.get_outcome_display()),
        (_("Satisfaction"), lambda c: c.rating),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("station", "region", "unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["is_owner"] = role_of(self.request.user) == Role.STATION_OWNER
        return context


class ComplaintCreateView(RolePermissionMixin, View):
    """Staff enter a phone call; an owner writes about their own station."""

    template_name = "feedback/complaint_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.owner = role_of(request.user) == Role.STATION_OWNER
        self.permission = roles.VIEW_COMPLAINTS if self.owner else roles.HANDLE_COMPLAINTS
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = StaffComplaintForm(user=request.user, owner=self.owner)
        return render(request, self.template_name, {"form": form, "is_owner": self.owner})

    def post(self, request):
        form = StaffComplaintForm(request.POST, user=request.user, owner=self.owner)
        if form.is_valid():
            try:
                complaint = services.complaint_submit(
                    acting_user=request.user, **form.service_fields()
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Complaint recorded with tracking code %(code)s.")
                    % {"code": complaint.tracking_code},
                )
                return redirect("feedback:complaint", pk=complaint.pk)
        context = {"form": form, "is_owner": self.owner}
        return render(request, self.template_name, context, status=400)


class ComplaintDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = Complaint
    permission = roles.VIEW_COMPLAINTS
    template_name = "feedback/complaint_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("station", "region", "unit", "replied_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        complaint = kwargs.get("complaint") or self.get_object()
        user = self.request.user
        can_handle = has_permission(user, roles.HANDLE_COMPLAINTS)
        context.update(
            complaint=complaint,
            events=complaint.events.select_related("actor"),
            # An owner never learns who complained about their station.
            show_contact=role_of(user) != Role.STATION_OWNER,
            can_handle=can_handle,
            reply_form=kwargs.get("reply_form") or ReplyForm(),
            today=timezone.localdate(),
            can_record_violation=has_permission(user, roles.RECORD_VIOLATION)
            and complaint.station_id is not None
            and complaint.substantiated,
        )
        return context


class ComplaintAcceptView(RolePermissionMixin, ScopedObjectMixin, View):
    model = Complaint
    permission = roles.HANDLE_COMPLAINTS

    def post(self, request, pk):
        complaint = self.get_object()
        try:
            services.complaint_accept(complaint=complaint, acting_user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("You are handling this complaint."))
        return redirect("feedback:complaint", pk=complaint.pk)


class ComplaintReplyView(RolePermissionMixin, ScopedObjectMixin, View):
    model = Complaint
    permission = roles.HANDLE_COMPLAINTS

    def post(self, request, pk):
        complaint = self.get_object()
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                services.complaint_reply(
                    complaint=complaint, acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Reply sent."))
                return redirect("feedback:complaint", pk=complaint.pk)
        view = ComplaintDetailView(request=request, kwargs={"pk": pk}, args=())
        context = view.get_context_data(complaint=complaint, reply_form=form)
        return render(request, ComplaintDetailView.template_name, context, status=400)


class ComplaintPhoneRevealView(RolePermissionMixin, ScopedObjectMixin, View):
    """The full mobile, to call the complainant back, on a page of its own; audited."""

    model = Complaint
    permission = roles.HANDLE_COMPLAINTS

    def post(self, request, pk):
        complaint = self.get_object()
        phone = services.complaint_phone_reveal(complaint=complaint, acting_user=request.user)
        context = {"complaint": complaint, "phone": phone}
        response = render(request, "feedback/complaint_phone.html", context)
        response["Cache-Control"] = "no-store"
        return response


urlpatterns = [
    path("complaints/", ComplaintListView.as_view(), name="complaints"),
    path("complaints/new/", ComplaintCreateView.as_view(), name="complaint_create"),
    path("complaints/<int:pk>/", ComplaintDetailView.as_view(), name="complaint"),
    path("complaints/<int:pk>/accept/", ComplaintAcceptView.as_view(), name="complaint_accept"),
    path("complaints/<int:pk>/reply/", ComplaintReplyView.as_view(), name="complaint_reply"),
    path("complaints/<int:pk>/phone/", ComplaintPhoneRevealView.as_view(), name="complaint_phone"),
]
