from django.db import models

from . import crypto


class EncryptedCharField(models.TextField):
    """A short text stored encrypted. Reads decrypt transparently; filtering on it is
    meaningless (ciphertexts differ each time), so pair it with a blind-index column.

    Templates never print it directly: they show the masked form, kept in a
    :class:`MaskedField` beside it so lists never need to decrypt (see
    :func:`defer_encrypted`).
    """

    def __init__(self, *args, max_length=None, **kwargs):
        self.plain_max_length = max_length
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plain_max_length is not None:
            kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)

    def formfield(self, **kwargs):
        from django import forms

        defaults = {"form_class": forms.CharField, "max_length": self.plain_max_length}
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)


class MaskedField(models.CharField):
    """The display mask of an :class:`EncryptedCharField`, stored beside it and kept in
    step on every save, so a list, an export or the API shows ``138****5678`` without
    decrypting anything.

    ``source`` names the encrypted field; ``mask`` is a function of the plaintext, or
    the name of a method of the instance taking the plaintext (when the mask depends on
    another field, as for a person's ID number versus a company's credit code). Neither
    is part of the migration state: changing a mask is a data migration, not a schema
    one.
    """

    def __init__(self, *args, source: str | None = None, mask=None, **kwargs):
        self.source = source
        self.mask = mask
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def masked_value(self, instance) -> str:
        plain = getattr(instance, self.source)
        if not plain:
            return ""
        mask = getattr(instance, self.mask) if isinstance(self.mask, str) else self.mask
        return mask(plain)[: self.max_length]

    def pre_save(self, model_instance, add):
        if self.source is None:  # a historical model in a migration
            return super().pre_save(model_instance, add)
        # A deferred (never loaded) source cannot have changed: keep the stored mask.
        if self.source in model_instance.get_deferred_fields():
            return getattr(model_instance, self.attname)
        value = self.masked_value(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def encrypted_field_names(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]


def defer_encrypted(queryset):
    """``queryset`` with every encrypted column left unloaded — on its model and on the
    models it joins with ``select_related`` — so listing rows decrypts nothing. Show the
    ``*_masked`` columns; reading a full value then costs a query and is meant for the
    audited reveal and for edits only."""
    names = encrypted_field_names(queryset.model)

    def walk(model, related, prefix):
        if not isinstance(related, dict):
            return
        for name, nested in related.items():
            field = model._meta.get_field(name)
            target = field.related_model
            names.extend(prefix + name + "__" + n for n in encrypted_field_names(target))
            walk(target, nested, prefix + name + "__")

    walk(queryset.model, queryset.query.select_related, "")
    return queryset.defer(*names) if names else queryset
