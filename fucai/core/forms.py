"""Form fields shared by every app."""

from django import forms

from .validators import validate_sane_date


class SaneDateField(forms.DateField):
    """A date between 2000 and a year from today (filters, periods asked about)."""

    default_validators = [validate_sane_date]
