"""Forms of party building."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fucai.core.forms import SaneDateField

from .choices import ActivityKind, AssessmentKind, MemberStatus, Outcome, Post
from .models import PartyBranch, PartyMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberFilterForm(forms.Form):
    branch = forms.ModelChoiceField(
        label=_("Branch"),
        queryset=PartyBranch.objects.all(),
        required=False,
        empty_label=_("All branches"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Current members")), *MemberStatus.choices],
    )
    q = forms.CharField(label=_("Full name"), required=False, max_length=50)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = PartyBranch.objects.visible_to(user)

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("branch"):
            queryset = queryset.filter(branch=data["branch"])
        queryset = (
            queryset.filter(status=data["status"]) if data.get("status") else queryset.current()
        )
        if data.get("q"):
            queryset = queryset.filter(name__startswith=data["q"])
        return queryset


class BranchForm(forms.Form):
    name = forms.CharField(label=_("Branch name"), max_length=100)
    founded_on = SaneDateField(label=_("Founded on"), widget=DATE, required=False)


class MemberForm(forms.Form):
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=PartyBranch.objects.all())
    name = forms.CharField(label=_("Full name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    phone = forms.CharField(label=_("Phone"), max_length=11, required=False)
    joined_on = SaneDateField(label=_("Joined the party on"), widget=DATE)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[c for c in MemberStatus.choices if c[0] != MemberStatus.TRANSFERRED_OUT],
    )
    full_on = SaneDateField(label=_("Full member since"), widget=DATE, required=False)
    post = forms.ChoiceField(label=_("Post"), choices=Post.choices, required=False)
    department = forms.CharField(label=_("Department"), max_length=50, required=False)
    transferred_from = forms.CharField(
        label=_("Transferred in from (party organization)"), max_length=100, required=False
    )
    username = forms.CharField(
        label=_("Staff account (user name), to see their own record"),
        max_length=150,
        required=False,
    )

    def clean_username(self):
        from django.contrib.auth import get_user_model

        name = self.cleaned_data["username"].strip()
        if not name:
            return None
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account has this user name."))
        return user


class FullForm(forms.Form):
    on = SaneDateField(label=_("Full member since"), widget=DATE)


class TransferOutForm(forms.Form):
    on = SaneDateField(label=_("Date"), widget=DATE)
    organization = forms.CharField(label=_("Receiving party organization"), max_length=100)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ActivityFilterForm(forms.Form):
    branch = forms.ModelChoiceField(
        label=_("Branch"),
        queryset=PartyBranch.objects.all(),
        required=False,
        empty_label=_("All branches"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *ActivityKind.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = PartyBranch.objects.visible_to(user)

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("branch"):
            queryset = queryset.filter(branch=data["branch"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("year"):
            queryset = queryset.filter(planned_on__year=data["year"])
        return queryset


class ActivityForm(forms.Form):
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=PartyBranch.objects.all())
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    planned_on = SaneDateField(label=_("Planned for"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)


class RecordForm(forms.Form):
    held_on = SaneDateField(label=_("Held on"), widget=DATE)
    minutes = forms.CharField(
        label=_("Minutes"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    present = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=PartyMember.objects.none(),
        required=False,
        # Bootstrap checks: a bare input put each name on the line below its box.
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = PartyMember.objects.filter(
            branch=activity.branch
        ).current()


class OutcomeForm(forms.Form):
    member = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Evaluation outcome"), choices=Outcome.choices)


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=100, required=False)


class StudyForm(forms.Form):
    studied_on = SaneDateField(label=_("Date"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=100)
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_value=24, decimal_places=1)
    points = forms.IntegerField(label=_("Points"), min_value=0, max_value=1000)


class PioneerForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    department = forms.CharField(label=_("Department"), max_length=50)
    since = SaneDateField(label=_("Since"), widget=DATE)


class RoundForm(forms.Form):
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=PartyBranch.objects.all())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class AssessmentForm(forms.Form):
    member = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Assessment"), choices=AssessmentKind.choices)
    grade = forms.ChoiceField(label=_("Grade"), choices=Outcome.choices)


class PostForm(forms.Form):
    post = forms.ChoiceField(label=_("Post"), choices=Post.choices, required=False)
    department = forms.CharField(label=_("Department"), max_length=50, required=False)
