"""Recruitment calls, the public draw and the school register."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.generic import RolePermissionMixin, add_validation_errors
from fucai.core.models import Region

from .. import constants as c
from .. import selectors, services
from ..forms import CallForm, DrawForm, SchoolImportForm
from ..models import Draw, RecruitmentCall, School
from .applications import AnyPermissionMixin


class CallListView(RolePermissionMixin, TemplateView):
    permission = c.MANAGE_CALLS
    template_name = "recruitment/call_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["calls"] = RecruitmentCall.objects.order_by("-opens_on", "-id")
        return context


class CallDetailView(RolePermissionMixin, TemplateView):
    permission = c.MANAGE_CALLS
    template_name = "recruitment/call_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        call = get_object_or_404(RecruitmentCall, pk=kwargs["pk"])
        quotas = selectors.quota_rows([call])[call.pk]
        context.update(call=call, quotas=quotas, draws=call.draws.select_related("region"))
        return context


class CallEditView(RolePermissionMixin, View):
    permission = c.MANAGE_CALLS
    template_name = "recruitment/call_form.html"

    def get_call(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(RecruitmentCall, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        call = self.get_call()
        initial = self.prefill(request.GET) if call is None else {}
        form = CallForm(instance=call, initial=initial)
        return render(request, self.template_name, {"form": form, "call": call})

    @staticmethod
    def prefill(query) -> dict:
        """A new call opened from the siting page (``?region=<code>&quota=<n>&township=``):
        that district's quota and a title naming the area. Anything unknown is ignored."""
        region = Region.objects.filter(level="county", code=query.get("region") or "").first()
        if region is None:
            return {}
        try:
            quota = min(max(int(query.get("quota") or 1), 1), 10_000)
        except ValueError:
            quota = 1
        area = region.name + (query.get("township") or "").strip()[:50]
        return {
            f"quota_{region.code}": quota,
            "title": _("Public call for betting stations: %(area)s") % {"area": area},
        }

    def post(self, request, *args, **kwargs):
        call = self.get_call()
        form = CallForm(request.POST, instance=call or RecruitmentCall())
        if form.is_valid():
            try:
                if call is None:
                    call = services.call_create(
                        acting_user=request.user, quotas=form.quotas(), **form.call_fields()
                    )
                else:
                    call = services.call_update(
                        acting_user=request.user,
                        call=call,
                        quotas=form.quotas(),
                        **form.call_fields(),
                    )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Call saved."))
                return redirect("recruitment:call_detail", pk=call.pk)
        return render(request, self.template_name, {"form": form, "call": call}, status=400)


class CallMoveView(RolePermissionMixin, View):
    """POST-only: publish or close a call."""

    permission = c.MANAGE_CALLS
    http_method_names = ["post"]
    service = None
    message = ""

    def post(self, request, *args, **kwargs):
        call = get_object_or_404(RecruitmentCall, pk=kwargs["pk"])
        try:
            type(self).service(acting_user=request.user, call=call)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, self.message)
        return redirect("recruitment:call_detail", pk=call.pk)


class CallPublishView(CallMoveView):
    service = services.call_publish
    message = _("The call is published on the portal.")


class CallCloseView(CallMoveView):
    service = services.call_close
    message = _("The call is closed.")


class DrawRunView(RolePermissionMixin, View):
    permission = c.REVIEW_APPLICATIONS
    template_name = "recruitment/draw_form.html"

    def get(self, request, *args, **kwargs):
        initial = {
            "call": request.GET.get("call"),
            "region": request.GET.get("region"),
            "seed": timezone.localdate().strftime("%Y%m%d"),
        }
        form = DrawForm(initial=initial, user=request.user)
        return self.respond(request, form)

    def respond(self, request, form, status=200):
        draws = Draw.objects.visible_to(request.user).select_related("call", "region")[:20]
        return render(request, self.template_name, {"form": form, "draws": draws}, status=status)

    def post(self, request, *args, **kwargs):
        form = DrawForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                draw = services.draw_run(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Draw held: %(n)d winners of %(m)d candidates.")
                    % {"n": len(draw.winners), "m": len(draw.candidates)},
                )
                return redirect("portal:draw_detail", pk=draw.pk)
        return self.respond(request, form, status=400)


class SchoolListView(AnyPermissionMixin, View):
    permissions = (c.MANAGE_CALLS, c.REVIEW_APPLICATIONS, c.SURVEY)
    template_name = "recruitment/school_list.html"

    def respond(self, request, form, status=200):
        schools = School.objects.select_related("region").order_by("region__sort_order", "name")
        page = Paginator(schools, 50).get_page(request.GET.get("page"))
        return render(
            request,
            self.template_name,
            {
                "page_obj": page,
                "form": form,
                "can_import": roles.has_permission(request.user, c.MANAGE_CALLS),
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        return self.respond(request, SchoolImportForm())


class SchoolImportView(SchoolListView):
    permissions = (c.MANAGE_CALLS,)
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = SchoolImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                count = services.schools_import_csv(
                    acting_user=request.user, file=form.cleaned_data["file"]
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("%(count)d schools imported.") % {"count": count})
                return redirect("recruitment:school_list")
        return self.respond(request, form, status=400)
