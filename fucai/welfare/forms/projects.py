"""Forms of the project pages: the project itself, documents, money requests, an
approval decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fucai.core.forms import SaneDateField
from fucai.core.scope import regions_visible

from ..choices import DocumentKind, FundCategory, ProjectStatus
from ..models import WelfareProject
from .common import YuanField, year_field

DATE = forms.DateInput(attrs={"type": "date"})


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *FundCategory.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ProjectStatus.choices]
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.filter(name__icontains=data["q"])
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        return queryset


class ProjectForm(forms.ModelForm):
    budget = YuanField(label=_("Budget (yuan)"), min_fen=0)

    class Meta:
        model = WelfareProject
        fields = [
            "name",
            "category",
            "owner_unit",
            "region",
            "partner",
            "starts_on",
            "ends_on",
            "status",
            "summary",
            "outcome",
            "public",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible(user)
        self.fields["outcome"].widget.attrs["rows"] = 4
        if self.instance.pk:
            self.fields["budget"].initial = self.instance.budget_fen / 100


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    file = forms.FileField(label=_("File"))


class AllocationForm(forms.Form):
    amount_fen = YuanField(label=_("Amount (yuan)"))
    year = year_field()
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class PaymentForm(forms.Form):
    amount_fen = YuanField(label=_("Amount (yuan)"))
    payee = forms.CharField(label=_("Payee"), max_length=100)
    paid_on = SaneDateField(label=_("Payment date"), widget=DATE)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)


class ReturnForm(forms.Form):
    amount_fen = YuanField(label=_("Amount (yuan)"))
    returned_on = SaneDateField(label=_("Return date"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Reject"))],
        coerce=lambda v: v == "1",
    )
    comment = forms.CharField(label=_("Comment"), max_length=200, required=False)
