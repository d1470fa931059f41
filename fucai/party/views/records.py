"""The smaller writes of party building, each a POST from the page it belongs to: a
study record or a pioneer post on a member's page, a photo on an activity's; and the
yearly democratic evaluation: its rounds, a round's page with every member's self, peer
and branch assessments and the outcome the branch decides."""

import functools

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fucai.core import roles
from fucai.core.roles import has_permission

from .. import services
from ..forms import AssessmentForm, OutcomeForm, PhotoForm, PioneerForm, RoundForm, StudyForm
from ..models import ActivityPhoto, EvaluationRound, PartyActivity, PartyMember


def party_permission(permission: str):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_permission(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _run(request, form, action, success: str, target: str):
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, success)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(target)


def _member(request, pk) -> PartyMember:
    return get_object_or_404(PartyMember.objects.visible_to(request.user), pk=pk)


@party_permission(roles.MANAGE_PARTY)
@require_POST
def study_add(request, pk):
    member = _member(request, pk)
    return _run(
        request,
        StudyForm(request.POST),
        lambda d: services.study_record(acting_user=request.user, member=member, **d),
        _("Study recorded."),
        reverse("party:member", args=[pk]),
    )


@party_permission(roles.MANAGE_PARTY)
@require_POST
def pioneer_add(request, pk):
    member = _member(request, pk)
    return _run(
        request,
        PioneerForm(request.POST),
        lambda d: services.pioneer_assign(acting_user=request.user, member=member, **d),
        _("Pioneer post recorded."),
        reverse("party:member", args=[pk]),
    )


@party_permission(roles.MANAGE_PARTY)
@require_POST
def photo_add(request, pk):
    activity = get_object_or_404(PartyActivity.objects.visible_to(request.user), pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    return _run(
        request,
        form,
        lambda d: services.photo_add(acting_user=request.user, activity=activity, **d),
        _("Photo added."),
        reverse("party:activity", args=[pk]),
    )


@party_permission(roles.VIEW_PARTY)
def photo_file(request, pk, photo_pk):
    """A photo of an activity, for the party office and leadership only."""
    activity = get_object_or_404(PartyActivity.objects.visible_to(request.user), pk=pk)
    photo = get_object_or_404(ActivityPhoto, pk=photo_pk, activity=activity)
    try:
        return FileResponse(photo.file.open("rb"))
    except FileNotFoundError:
        raise Http404 from None


@party_permission(roles.VIEW_PARTY)
def evaluation_list(request):
    if request.method == "POST":
        if not has_permission(request.user, roles.MANAGE_PARTY):
            raise PermissionDenied
        form = RoundForm(request.POST)
        if form.is_valid():
            try:
                evaluation = services.evaluation_open(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("party:evaluation", pk=evaluation.pk)
        status = 400
    else:
        form = RoundForm(initial={"year": timezone.localdate().year})
        status = 200
    rounds = (
        EvaluationRound.objects.visible_to(request.user)
        .select_related("branch")
        .annotate(decided=Count("results"))
    )
    return render(
        request, "party/evaluation_list.html", {"rounds": rounds, "form": form}, status=status
    )


@party_permission(roles.VIEW_PARTY)
def evaluation_detail(request, pk):
    evaluation = get_object_or_404(
        EvaluationRound.objects.visible_to(request.user).select_related("branch"), pk=pk
    )
    members = list(
        PartyMember.objects.visible_to(request.user)
        .filter(branch=evaluation.branch)
        .current()
        .order_by("name")
    )
    grades: dict[int, dict[str, list[str]]] = {}
    for a in evaluation.assessments.all():
        grades.setdefault(a.member_id, {}).setdefault(a.kind, []).append(a.get_grade_display())
    outcomes = {r.member_id: r for r in evaluation.results.all()}
    rows = [
        {
            "member": m,
            "self": "、".join(grades.get(m.pk, {}).get("self", [])),
            "peer": "、".join(grades.get(m.pk, {}).get("peer", [])),
            "branch": "、".join(grades.get(m.pk, {}).get("branch", [])),
            "outcome": outcomes.get(m.pk),
        }
        for m in members
    ]
    return render(
        request,
        "party/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "rows": rows,
            "outcome_form": OutcomeForm(),
            "assessment_form": AssessmentForm(),
        },
    )


def _round_step(request, pk, form, action, success):
    evaluation = get_object_or_404(EvaluationRound.objects.visible_to(request.user), pk=pk)

    def run(data):
        member = None
        if "member" in data:
            member = get_object_or_404(
                PartyMember.objects.visible_to(request.user), pk=data.pop("member")
            )
        action(evaluation, member, data)

    return _run(request, form, run, success, reverse("party:evaluation", args=[pk]))


@party_permission(roles.MANAGE_PARTY)
@require_POST
def evaluation_decide(request, pk):
    return _round_step(
        request,
        pk,
        OutcomeForm(request.POST),
        lambda e, m, d: services.evaluation_decide(
            acting_user=request.user, evaluation=e, member=m, **d
        ),
        _("Outcome recorded."),
    )


@party_permission(roles.MANAGE_PARTY)
@require_POST
def evaluation_assess(request, pk):
    return _round_step(
        request,
        pk,
        AssessmentForm(request.POST),
        lambda e, m, d: services.assessment_record(
            acting_user=request.user, evaluation=e, member=m, **d
        ),
        _("Assessment recorded."),
    )


@party_permission(roles.MANAGE_PARTY)
@require_POST
def evaluation_close(request, pk):
    return _round_step(
        request,
        pk,
        forms.Form(request.POST),
        lambda e, m, d: services.evaluation_close(acting_user=request.user, evaluation=e),
        _("Round closed."),
    )


urlpatterns = [
    path("members/<int:pk>/study/", study_add, name="study_add"),
    path("members/<int:pk>/pioneer/", pioneer_add, name="pioneer_add"),
    path("activities/<int:pk>/photos/", photo_add, name="photo_add"),
    path("activities/<int:pk>/photos/<int:photo_pk>/", photo_file, name="photo"),
    path("evaluations/", evaluation_list, name="evaluations"),
    path("evaluations/<int:pk>/", evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/decide/", evaluation_decide, name="evaluation_decide"),
    path("evaluations/<int:pk>/assess/", evaluation_assess, name="evaluation_assess"),
    path("evaluations/<int:pk>/close/", evaluation_close, name="evaluation_close"),
]
