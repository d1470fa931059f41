"""Forms of the training pages."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import ModelChoiceField
from fucai.core.models import Region
from fucai.core.scope import regions_visible

from .constants import MAX_IMPORT_BYTES
from .models import Course, Exam


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["code", "title", "topic", "kind", "description", "position", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF document (at most 20 MB) or an MP4 or WebM video (at most 200 MB)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.mp4,.webm"}),
    )
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)


class ExamForm(forms.ModelForm):
    class Meta:
        model = Exam
        fields = [
            "questions_drawn",
            "time_limit_minutes",
            "pass_mark",
            "max_attempts",
            "period_days",
            "cooldown_minutes",
            "active",
        ]


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    meeting_url = forms.URLField(
        label=_("Video-conference link"), max_length=300, assume_scheme="https"
    )
    notes = forms.CharField(label=_("Notes"), max_length=200, required=False)


class QuestionImportForm(forms.Form):
    file = forms.FileField(
        label=_("Question workbook"),
        help_text=_(
            "Excel .xlsx with the columns 题型, 题目, 选项A to 选项F, 答案 and 解析 "
            "(download the template). One error imports nothing."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": MAX_IMPORT_BYTES // 2**20}
            )
        return upload


class _RegionFilter(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name")}),
    )
    region = ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible(user)


class LearnerFilterForm(_RegionFilter):
    passed = forms.ChoiceField(
        label=_("Exam"),
        required=False,
        choices=[("", _("Everyone")), ("yes", _("Passed")), ("no", _("Not passed yet"))],
    )

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("region") is not None:
            queryset = queryset.filter(assignments__station__region=data["region"])
        if data.get("passed") == "yes":
            queryset = queryset.filter(has_passed=True)
        elif data.get("passed") == "no":
            queryset = queryset.filter(has_passed=False)
        q = (data.get("q") or "").strip()
        if q:
            queryset = queryset.filter(name__icontains=q)
        return queryset


class AttemptFilterForm(_RegionFilter):
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=Course.objects.filter(exam__isnull=False),
        required=False,
        empty_label=_("All exams"),
    )
    passed = forms.ChoiceField(
        label=_("Result"),
        required=False,
        choices=[("", _("All results")), ("yes", _("Passed")), ("no", _("Failed"))],
    )

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("region") is not None:
            queryset = queryset.filter(learner__assignments__station__region=data["region"])
        if data.get("course") is not None:
            queryset = queryset.filter(exam__course=data["course"])
        if data.get("passed") == "yes":
            queryset = queryset.filter(passed=True)
        elif data.get("passed") == "no":
            queryset = queryset.filter(passed=False)
        q = (data.get("q") or "").strip()
        if q:
            queryset = queryset.filter(Q(learner__name__icontains=q))
        return queryset


__all__ = [
    "AttemptFilterForm",
    "CourseForm",
    "ExamForm",
    "LearnerFilterForm",
    "MaterialForm",
    "QuestionImportForm",
    "SessionForm",
]
