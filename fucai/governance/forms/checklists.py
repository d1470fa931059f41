from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import AnswerType, InspectionKind, Severity
from ..models import ChecklistItem, ChecklistSection, ChecklistTemplate


class ChecklistCreateForm(forms.ModelForm):
    class Meta:
        model = ChecklistTemplate
        fields = ["code", "kind", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"code": _("Letters, digits and hyphens; versions share it.")}


class _ServiceSaved(forms.ModelForm):
    """A form whose instance the service saves: the form leaves it untouched (so the
    service sees the values before the edit and may write to a new version)."""

    def _post_clean(self):
        pass


class ChecklistMetaForm(_ServiceSaved):
    class Meta:
        model = ChecklistTemplate
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SectionForm(_ServiceSaved):
    class Meta:
        model = ChecklistSection
        fields = ["title", "order"]


class ItemForm(_ServiceSaved):
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=ChecklistSection.objects.none(), empty_label=None
    )

    class Meta:
        model = ChecklistItem
        fields = [
            "section",
            "order",
            "code",
            "text",
            "guidance",
            "weight",
            "answer_type",
            "critical",
            "severity",
        ]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "critical": _("Failing it fails the inspection whatever the score."),
            "weight": _("Points the item is worth; a score item is answered 0 to this."),
        }

    def __init__(self, *args, template: ChecklistTemplate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = template.sections.all()
        self.fields["answer_type"].choices = AnswerType.choices
        self.fields["severity"].choices = Severity.choices


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Inspection kind"),
        required=False,
        choices=[("", _("All kinds")), *InspectionKind.choices],
    )
