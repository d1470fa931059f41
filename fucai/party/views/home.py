"""The party-building home (this month's political birthdays, branches behind their
minimum frequencies), the compliance view, the political-birthday card and a member's
own record."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from fucai.core import roles
from fucai.core.generic import RolePermissionMixin, ScopedObjectMixin

from .. import selectors
from ..choices import THREE_MEETINGS_ONE_LECTURE
from ..models import PartyMember
from .members import member_context


def _year(request, default: int) -> int:
    try:
        year = int(request.GET.get("year") or default)
    except ValueError:
        return default
    return year if 2000 <= year <= default + 1 else default


class IndexView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_PARTY
    template_name = "party/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        user = self.request.user
        rows = selectors.compliance(user, today.year, today, kinds=THREE_MEETINGS_ONE_LECTURE)
        counts = selectors.member_counts(user)
        context.update(
            today=today,
            birthdays=list(selectors.birthdays_in_month(user, today.month)),
            behind=[row for row in rows if row.behind],
            branches=[(row.branch, counts.get(row.branch.pk, 0)) for row in rows],
        )
        return context


class ComplianceView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_PARTY
    template_name = "party/compliance.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = _year(self.request, today.year)
        rows = selectors.compliance(self.request.user, year, today)
        context.update(
            year=year,
            years=range(today.year, today.year - 8, -1),
            rows=rows,
            kinds=rows[0].cells if rows else [],
        )
        return context


class BirthdayCardView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    """A printable card for a member's political birthday (the years since joining)."""

    model = PartyMember
    permission = roles.VIEW_PARTY
    template_name = "party/birthday_card.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = self.get_object()
        today = timezone.localdate()
        context.update(member=member, years=today.year - member.joined_on.year, today=today)
        return context


def my_record(request):
    """The signed-in staff user's own party record, if their account is linked."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not roles.has_permission(request.user, roles.USE_STAFF_SITE):
        raise PermissionDenied
    member = (
        PartyMember.objects.visible_to(request.user)
        .filter(user=request.user)
        .select_related("branch")
        .first()
    )
    if member is None:
        return render(request, "party/my_record.html", {"member": None})
    return render(request, "party/my_record.html", member_context(request.user, member))


urlpatterns = [
    path("", IndexView.as_view(), name="index"),
    path("compliance/", ComplianceView.as_view(), name="compliance"),
    path("members/<int:pk>/card/", BirthdayCardView.as_view(), name="birthday_card"),
    path("me/", my_record, name="my_record"),
]
