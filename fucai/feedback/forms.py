"""Forms of complaints (staff entry, reply, filters; the public's complaint and rating)
and of the evaluation surveys and supervisors."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.choices import OrgUnitKind
from fucai.core.form_fields import RegionChoiceField
from fucai.core.forms import SaneDateField
from fucai.core.models import OrgUnit, Region
from fucai.core.scope import county_regions
from fucai.core.validators import validate_mobile
from fucai.stations.models import Station

from .choices import ComplaintCategory, ComplaintOutcome, ComplaintSource, ComplaintState
from .models.complaints import OPEN_STATES

TEXTAREA = forms.Textarea(attrs={"rows": 4})
# An ISO value, the only one a browser's date input accepts (initial dates included).
DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _station(code: str, queryset) -> Station | None:
    code = (code or "").strip()
    if not code:
        return None
    station = queryset.filter(code=code).select_related("region").first()
    if station is None:
        raise ValidationError(_("No station has this code."))
    return station


class ComplaintFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ComplaintState.choices],
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *ComplaintCategory.choices],
    )
    region = RegionChoiceField(
        label=_("District"), required=False, to_field_name="code", empty_label=_("All districts")
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=50)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].limit_to(user)

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("state"):
            queryset = queryset.filter(state=data["state"])
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        if data.get("region"):
            queryset = queryset.filter(region=data["region"])
        if data.get("overdue"):
            queryset = queryset.filter(state__in=OPEN_STATES, due_on__lt=timezone.localdate())
        q = (data.get("q") or "").strip()
        if q:
            queryset = queryset.filter(
                Q(tracking_code__iexact=q) | Q(title__icontains=q) | Q(station__code=q)
            )
        return queryset


class StaffComplaintForm(forms.Form):
    """A complaint taken down from a phone call (or written by a station owner)."""

    category = forms.ChoiceField(label=_("Category"), choices=ComplaintCategory.choices)
    station = forms.CharField(label=_("Station code"), max_length=12, required=False)
    region = RegionChoiceField(label=_("District"), required=False, to_field_name="code")
    title = forms.CharField(label=_("Subject"), max_length=100)
    text = forms.CharField(label=_("Description"), widget=TEXTAREA, max_length=2000)
    name = forms.CharField(label=_("Caller's name"), max_length=30, required=False)
    phone = forms.CharField(label=_("Caller's mobile"), max_length=20, required=False)

    def __init__(self, *args, user=None, owner=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.owner = owner
        self.fields["region"].limit_to(user)
        if owner:
            stations = Station.objects.visible_to(user).order_by("code")
            self.fields["station"] = forms.ChoiceField(
                label=_("Station"), choices=[(s.code, f"{s.code} {s.name}") for s in stations]
            )
            for name in ("region", "name", "phone"):
                del self.fields[name]

    def clean_station(self):
        return _station(self.cleaned_data.get("station"), Station.objects.visible_to(self.user))

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        return validate_mobile(phone) if phone else ""

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "source": ComplaintSource.OWNER if self.owner else ComplaintSource.PHONE,
            "category": data["category"],
            "station": data.get("station"),
            "region": data.get("region"),
            "title": data["title"],
            "text": data["text"],
            "name": data.get("name", ""),
            "phone": data.get("phone", ""),
        }


class PublicComplaintForm(forms.Form):
    """The public's complaint on the portal: no account; a phone only for a call back."""

    category = forms.ChoiceField(label=_("Category"), choices=ComplaintCategory.choices)
    station = forms.CharField(
        label=_("Station code (if about a station)"), max_length=12, required=False
    )
    # Without a station, the district sends it to the district's branch (by the rules).
    region = RegionChoiceField(
        label=_("District (optional)"), required=False, to_field_name="code", empty_label="—"
    )
    title = forms.CharField(label=_("Subject"), max_length=100)
    text = forms.CharField(label=_("What happened"), widget=TEXTAREA, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        field.options = [(code, name) for _pk, code, name in county_regions()]
        field.queryset = Region.objects.filter(level="county")

    name = forms.CharField(label=_("Your name (optional)"), max_length=30, required=False)
    phone = forms.CharField(
        label=_("Your mobile (optional, for a call back)"), max_length=20, required=False
    )

    def clean_station(self):
        return _station(self.cleaned_data.get("station"), Station.objects.all())

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        return validate_mobile(phone) if phone else ""


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Finding"), choices=ComplaintOutcome.choices)
    reply = forms.CharField(label=_("Reply to the complainant"), widget=TEXTAREA, max_length=2000)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the handling?"),
        coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment (optional)"), max_length=300, required=False)


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=12)

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class SurveyAnswerForm(forms.Form):
    """Built from a survey's questions: a field per question, and the phone."""

    phone = forms.CharField(label=_("Your mobile (one answer per phone)"), max_length=20)

    def __init__(self, *args, survey=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(survey.questions.all())
        for q in self.questions:
            name = f"q{q.pk}"
            if q.kind == "rating":
                self.fields[name] = forms.TypedChoiceField(
                    label=q.text,
                    coerce=int,
                    required=q.required,
                    choices=[(i, str(i)) for i in range(5, 0, -1)],
                    widget=forms.RadioSelect,
                )
            elif q.kind == "choice":
                self.fields[name] = forms.ChoiceField(
                    label=q.text,
                    required=q.required,
                    choices=[(o, o) for o in q.options],
                    widget=forms.RadioSelect,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=q.text, required=q.required, max_length=500, widget=TEXTAREA
                )

    def clean_phone(self):
        return validate_mobile(self.cleaned_data["phone"])

    def answers(self) -> dict[int, object]:
        return {
            q.pk: self.cleaned_data.get(f"q{q.pk}")
            for q in self.questions
            if self.cleaned_data.get(f"q{q.pk}") not in (None, "")
        }


class PublishedRankForm(forms.Form):
    month = forms.CharField(
        label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}), max_length=7
    )
    rank = forms.IntegerField(label=_("Rank"), min_value=1, max_value=999)
    out_of = forms.IntegerField(label=_("Units ranked"), min_value=1, max_value=999, required=False)
    body = forms.CharField(label=_("Published by"), max_length=100)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean_month(self):
        import datetime

        value = self.cleaned_data["month"]
        try:
            return datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise ValidationError(_("Enter a month as YYYY-MM.")) from None


class SupervisorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=30)
    organisation = forms.CharField(label=_("Organisation"), max_length=100, required=False)
    phone = forms.CharField(label=_("Mobile"), max_length=20)
    term_starts_on = SaneDateField(label=_("Term starts on"), widget=DATE_INPUT)
    term_ends_on = SaneDateField(label=_("Term ends on"), widget=DATE_INPUT)

    def clean_phone(self):
        return validate_mobile(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        starts, ends = data.get("term_starts_on"), data.get("term_ends_on")
        if starts and ends and ends < starts:
            raise ValidationError(_("The term ends before it starts."))
        return data


class InvitationForm(forms.Form):
    event = forms.CharField(label=_("Event"), max_length=100)
    held_on = SaneDateField(label=_("Date"), widget=DATE_INPUT)


class SupervisorFeedbackForm(forms.Form):
    received_on = SaneDateField(label=_("Received on"), widget=DATE_INPUT)
    text = forms.CharField(label=_("Feedback"), widget=TEXTAREA, max_length=2000)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=TEXTAREA, max_length=2000)


class RuleForm(forms.Form):
    """An assignment rule: a category, a district (none: every district), the unit
    that handles it, and the deadline in working days."""

    category = forms.ChoiceField(label=_("Category"), choices=ComplaintCategory.choices)
    region = RegionChoiceField(
        label=_("District"),
        required=False,
        empty_label=_("Every district"),
        help_text=_("A district's own rule comes before the rule for every district."),
    )
    unit = forms.ModelChoiceField(label=_("Handled by"), queryset=OrgUnit.objects.none())
    to_district_branch = forms.BooleanField(
        label=_("To the district's branch office when there is one"), required=False
    )
    deadline_days = forms.IntegerField(
        label=_("Deadline (working days)"), min_value=1, max_value=60, initial=5
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].limit_to(user)
        self.fields["unit"].queryset = OrgUnit.objects.filter(
            kind__in=[OrgUnitKind.DEPARTMENT, OrgUnitKind.BRANCH, OrgUnitKind.CENTER]
        ).order_by("kind", "name")
