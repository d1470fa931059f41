"""Forms of the ledger pages: the year shown, a budget line, a reversal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import FundCategory
from .common import YuanField, year_field


class YearForm(forms.Form):
    year = year_field(required=False)


class BudgetForm(forms.Form):
    year = year_field()
    category = forms.ChoiceField(label=_("Category"), choices=FundCategory.choices)
    amount_fen = YuanField(label=_("Budget (yuan)"), min_fen=0)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ReverseForm(forms.Form):
    memo = forms.CharField(label=_("Reason"), max_length=200)
