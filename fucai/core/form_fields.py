"""Form fields: personal values (phones, ID numbers) on edit forms, and a model choice
field whose select reads its options in one query.

An edit form never sends a stored personal value back to the browser: it shows the
masked form. Submitting the mask unchanged keeps the value on file; typing a new value
replaces it (validated). Seeing the full value is a separate, audited reveal action.
"""

from collections.abc import Callable

from django import forms


class ProtectedValueField(forms.CharField):
    def __init__(self, *, validate: Callable[[str], str], mask: Callable[[str], str], **kwargs):
        self.validate_value = validate
        self.mask = mask
        self.current = ""
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if self.current and value == self.mask(self.current):
            return self.current
        return self.validate_value(value) if value else ""


def protect(form: forms.BaseForm, name: str, current: str) -> None:
    """Show field ``name`` of ``form`` masked, keeping ``current`` unless replaced.
    Sets the form's own initial too, which a ModelForm fills from the instance and which
    would otherwise win over the field's."""
    field = form.fields[name]
    field.current = current or ""
    masked = field.mask(current) if current else ""
    field.initial = masked
    form.initial[name] = masked


class _ListedChoices(forms.models.ModelChoiceIterator):
    """Django's iterator reads the options with ``queryset.iterator()``, a server-side
    cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips) every time the
    select is rendered. Short option lists (districts, games) are read like any
    queryset instead: one query, its rows kept on the field's queryset (a copy per
    form), so a second pass over the choices reads nothing. A field given its options
    (``RegionChoiceField``) prints those and reads nothing."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.options is not None:
            yield from self.field.options
            return
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    """``forms.ModelChoiceField`` for short option lists (see ``_ListedChoices``)."""

    iterator = _ListedChoices
    options: list[tuple] | None = None  # (value, label) to print instead of a query


class RegionChoiceField(ModelChoiceField):
    """A county-level region of the user's data scope (``limit_to(user)``): its
    options come from ``scope.region_options`` (cached, no query), a submitted value is
    checked against ``scope.regions_visible`` in the database."""

    def __init__(self, **kwargs):
        from .models import Region

        kwargs.setdefault("queryset", Region.objects.none())
        super().__init__(**kwargs)

    def limit_to(self, user) -> None:
        from .scope import region_options, regions_visible

        self.options = region_options(user, self.to_field_name or "pk")
        self.queryset = regions_visible(user)
