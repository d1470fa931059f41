"""Form pieces the welfare pages share: an amount in yuan (to fen), a fund year."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fucai.core.money import yuan_to_fen


class YuanField(forms.DecimalField):
    """An amount typed in yuan, cleaned to integer fen."""

    def __init__(self, *args, min_fen: int = 1, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(min_fen) / 100)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        amount = super().clean(value)
        return None if amount is None else yuan_to_fen(amount)


def year_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, **kwargs)
