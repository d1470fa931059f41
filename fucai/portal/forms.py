"""Forms of the public site: applicant accounts, tracking and objections."""

from django import forms
from django.utils.translation import gettext_lazy as _

PHONE_ATTRS = {"inputmode": "tel", "autocomplete": "tel", "placeholder": "138 0000 0000"}
CODE_ATTRS = {"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": "6"}


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"), max_length=20, widget=forms.TextInput(attrs=PHONE_ATTRS)
    )


class SignInForm(PhoneForm):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )
    password = forms.CharField(
        label=_("Or your password"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("code") and not data.get("password"):
            raise forms.ValidationError(_("Enter the code we sent you, or your password."))
        return data


class SignUpForm(PhoneForm):
    code = forms.CharField(
        label=_("Verification code"), max_length=6, widget=forms.TextInput(attrs=CODE_ATTRS)
    )
    name = forms.CharField(
        label=_("Your name"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits."),
    )


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocapitalize": "characters",
                "placeholder": "ABCD234567",
                "spellcheck": "false",
            }
        ),
    )


class ObjectionForm(forms.Form):
    raised_by = forms.CharField(label=_("Your name"), max_length=40)
    contact = forms.CharField(
        label=_("How to reach you"),
        max_length=50,
        help_text=_("A phone number or address; only the center sees it."),
    )
    content = forms.CharField(
        label=_("Your objection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you know, as precisely as you can: facts, dates, places."),
    )


class CertificateVerifyForm(forms.Form):
    """A sales certificate number (ZJFC + year + sequence), as printed."""

    number = forms.CharField(
        label=_("Certificate number"),
        max_length=24,
        widget=forms.TextInput(
            attrs={
                "autocapitalize": "characters",
                "placeholder": "ZJFC2019000123",
                "spellcheck": "false",
                "autocomplete": "off",
            }
        ),
    )

    def clean_number(self):
        number = "".join(self.cleaned_data["number"].split()).upper()
        if not number.isascii() or not number.isalnum() or not 6 <= len(number) <= 20:
            raise forms.ValidationError(
                _("A certificate number has letters and digits only, like ZJFC2019000123.")
            )
        return number
