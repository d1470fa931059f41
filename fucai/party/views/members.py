"""Member pages: the masked list, registering a member (or a transfer in), a member's
record (posts, transfers, attendance, study, volunteer hours, evaluations) and the
probationary → full and transfer-out steps."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
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

from .. import selectors, services
from ..forms import (
    FullForm,
    MemberFilterForm,
    MemberForm,
    PioneerForm,
    PostForm,
    StudyForm,
    TransferOutForm,
)
from ..models import PartyMember


class MemberListView(ObjectListView):
    model = PartyMember
    permission = roles.VIEW_PARTY
    filter_form_class = MemberFilterForm
    template_name = "party/member_list.html"
    table_template_name = "party/_member_table.html"
    sort_fields = {"name": "name", "joined": "joined_on", "branch": "branch__name"}
    default_sort = "name"
    export_filename = "party-members"
    # Masked, like the screen.
    export_columns = [
        (_("Full name"), lambda m: m.name),
        (_("Branch"), lambda m: m.branch.name),
        (_("ID number"), lambda m: m.id_number_masked),
        (_("Phone"), lambda m: m.phone_masked),
        (_("Joined the party on"), lambda m: m.joined_on),
        (_("Status"), lambda m: m.get_status_display()),
        (_("Post"), lambda m: m.get_post_display()),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("branch")


class MemberCreateView(RolePermissionMixin, View):
    permission = roles.MANAGE_PARTY
    template_name = "party/member_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": MemberForm()})

    def post(self, request):
        form = MemberForm(request.POST)
        if form.is_valid():
            try:
                data = dict(form.cleaned_data)
                data["user"] = data.pop("username")
                member = services.member_register(acting_user=request.user, **data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Registered."))
                return redirect("party:member", pk=member.pk)
        return render(request, self.template_name, {"form": form}, status=400)


def member_context(user, member: PartyMember) -> dict:
    year = timezone.localdate().year
    attendances = list(
        member.attendances.select_related("activity").order_by("-activity__held_on")[:20]
    )
    return {
        "member": member,
        "year": year,
        "transfers": list(member.transfers.all()),
        "pioneer_posts": list(member.pioneer_posts.select_related("station")),
        "studies": list(member.studies.all()[:20]),
        "study_points": selectors.study_points(member, year),
        "volunteer_hours": selectors.member_volunteer_hours(member, year),
        "attendances": attendances,
        "results": list(member.results.select_related("round").order_by("-round__year")),
    }


class MemberDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = PartyMember
    permission = roles.VIEW_PARTY
    template_name = "party/member_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("branch", "user")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = self.get_object()
        context.update(member_context(self.request.user, member))
        context.update(
            # Five forms on one page: their ids apart, so each label opens its own field.
            full_form=FullForm(auto_id="full_%s"),
            transfer_form=TransferOutForm(auto_id="transfer_%s"),
            study_form=StudyForm(auto_id="study_%s"),
            pioneer_form=PioneerForm(auto_id="pioneer_%s"),
            post_form=PostForm(
                initial={"post": member.post, "department": member.department}, auto_id="post_%s"
            ),
        )
        return context


def _step(request, pk, form_class, action, success):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not has_permission(request.user, roles.MANAGE_PARTY):
        raise PermissionDenied
    member = get_object_or_404(PartyMember.objects.visible_to(request.user), pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(member, form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, success)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("party:member", pk=member.pk)


@require_POST
def member_full(request, pk):
    return _step(
        request,
        pk,
        FullForm,
        lambda m, d: services.member_make_full(acting_user=request.user, member=m, on=d["on"]),
        _("Now a full member."),
    )


@require_POST
def member_post(request, pk):
    return _step(
        request,
        pk,
        PostForm,
        lambda m, d: services.member_update(acting_user=request.user, member=m, **d),
        _("Post updated."),
    )


@require_POST
def member_transfer(request, pk):
    return _step(
        request,
        pk,
        TransferOutForm,
        lambda m, d: services.member_transfer_out(acting_user=request.user, member=m, **d),
        _("Transferred out."),
    )


urlpatterns = [
    path("members/", MemberListView.as_view(), name="members"),
    path("members/new/", MemberCreateView.as_view(), name="member_create"),
    path("members/<int:pk>/", MemberDetailView.as_view(), name="member"),
    path("members/<int:pk>/full/", member_full, name="member_full"),
    path("members/<int:pk>/transfer/", member_transfer, name="member_transfer"),
    path("members/<int:pk>/post/", member_post, name="member_post"),
]
