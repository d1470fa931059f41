"""Forms of the import pages and the game catalogue."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.archives import UnsafeArchive, check_zip

from ..choices import GameType, ImportMode, ImportStatus

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
ALLOWED_EXTENSIONS = (".csv", ".txt", ".xlsx")
# Leading bytes of files people pick by mistake: type is judged by content, not name.
_FOREIGN_SIGNATURES = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\x1f\x8b",
)


def check_upload(upload) -> None:
    """Refuse what cannot be a sales file, with a message saying what is expected."""
    name = (upload.name or "").lower()
    if name.endswith(".xls"):
        raise forms.ValidationError(
            _("Old .xls workbooks are not supported; save the file as .xlsx or CSV."),
            code="xls",
        )
    if upload.size == 0:
        raise forms.ValidationError(_("The file is empty."), code="empty")
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("The file is larger than %(size)s MB; split it by month.")
            % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    foreign = any(head.startswith(signature) for signature in _FOREIGN_SIGNATURES)
    is_zip = head.startswith(b"PK\x03\x04")
    if foreign or (not name.endswith(ALLOWED_EXTENSIONS) and not is_zip):
        raise forms.ValidationError(
            _("This is not a sales file: upload a CSV (.csv) or Excel (.xlsx) file."),
            code="file_type",
        )
    if name.endswith(".xlsx") and not head.startswith(b"PK\x03\x04"):
        raise forms.ValidationError(
            _("The file is named .xlsx but is not an Excel workbook."), code="file_type"
        )
    if is_zip:
        # Only the zip's directory is read here: a workbook that would expand to
        # gigabytes is refused before anything is unzipped.
        try:
            check_zip(upload)
        except UnsafeArchive as refused:
            raise forms.ValidationError(str(refused), code="unsafe_archive") from None


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Sales file"),
        help_text=_(
            "CSV (UTF-8 or GBK) or Excel .xlsx with the columns 站点编号, 游戏, 日期, 销售额 "
            "(票数 and 兑奖金额 optional). The first row must be the header."
        ),
        error_messages={"empty": _("The file is empty.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )
    replace = forms.BooleanField(
        label=_("Replace rows already imported"),
        required=False,
        help_text=_(
            "Tick this to correct figures: rows of the file whose station, game and date "
            "are already stored overwrite the stored ones. Without it such rows are errors "
            "and nothing is imported."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload


class ImportFilterForm(forms.Form):
    q = forms.CharField(
        label=_("File name"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("File name")}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ImportStatus.choices]
    )
    mode = forms.ChoiceField(
        label=_("Mode"), required=False, choices=[("", _("All modes")), *ImportMode.choices]
    )
    covers = forms.DateField(
        label=_("Covers date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Batches whose sales dates include this day."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.filter(filename__icontains=data["q"].strip())
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("mode"):
            queryset = queryset.filter(mode=data["mode"])
        if data.get("covers"):
            day = data["covers"]
            queryset = queryset.filter(Q(date_from__lte=day) & Q(date_to__gte=day))
        return queryset


_PCT = {"max_digits": 5, "decimal_places": 2, "min_value": Decimal(0), "max_value": Decimal(100)}


RATE_FIELDS = ("effective_from", "prize_pct", "issuance_pct", "welfare_pct", "commission_pct")


class SplitRateForm(forms.Form):
    effective_from = forms.DateField(
        label=_("Effective from"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "The rate applies to sales from this date on. Monthly figures already imported "
            "from this month on are recomputed when you save."
        ),
    )
    prize_pct = forms.DecimalField(label=_("Prize fund %"), **_PCT)
    issuance_pct = forms.DecimalField(label=_("Issuance fee %"), **_PCT)
    welfare_pct = forms.DecimalField(label=_("Welfare fund %"), **_PCT)
    commission_pct = forms.DecimalField(
        label=_("Station commission %"),
        help_text=_("Paid out of the issuance fee, so at most the issuance fee."),
        **_PCT,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("effective_from", timezone.localdate())
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        shares = [data.get(name) for name in ("prize_pct", "issuance_pct", "welfare_pct")]
        if all(share is not None for share in shares) and sum(shares) != 100:
            raise forms.ValidationError(
                _("Prize fund, issuance fee and welfare fund must add up to exactly 100%."),
                code="split_sum",
            )
        return data

    def rate_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in RATE_FIELDS}


class GameForm(SplitRateForm):
    code = forms.CharField(label=_("Game code"), max_length=10, help_text=_("e.g. SSQ, KL8"))
    name = forms.CharField(label=_("Game name"), max_length=50)
    game_type = forms.ChoiceField(label=_("Game type"), choices=GameType.choices)
    sort_order = forms.IntegerField(
        label=_("Sort order"), min_value=0, max_value=32767, initial=100
    )

    field_order = ["code", "name", "game_type", "sort_order", "effective_from"]
