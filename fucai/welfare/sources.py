"""The business record an entry or payment books, written ``<kind>:<id>`` (e.g.
``disbursement:12``, ``activity:7``, ``accrual:2019-01``), and how staff read it: the
audit log shows the kind in Chinese."""

from django.utils.translation import gettext_lazy as _

SOURCE_LABELS = {
    "accrual": _("Accrual"),
    "opening": _("Opening balance"),
    "allocation": _("Allocation"),
    "disbursement": _("Payment"),
    "return": _("Return"),
    "activity": _("Charity activity"),
    "grant-payment": _("Grant payment"),
}


def source_label(value: str) -> str:
    """``"activity:7"`` → ``"慈善活动 #7"``; an unknown kind stays as written."""
    kind, _sep, ref = (value or "").partition(":")
    label = SOURCE_LABELS.get(kind)
    if label is None:
        return value
    return f"{label} #{ref}" if ref else str(label)
