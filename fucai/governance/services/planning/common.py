"""What the planning services share: the open statuses, the current checklist of a
kind, and the check of a period."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ...choices import InspectionKind, InspectionStatus
from ...models import ChecklistTemplate

OPEN_STATUSES = (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS)


def current_template(kind: str) -> ChecklistTemplate:
    template = ChecklistTemplate.objects.filter(kind=kind, is_current=True).order_by("code").first()
    if template is None:
        raise ValidationError(
            _("There is no current checklist for %(kind)s inspections.")
            % {"kind": InspectionKind(kind).label}
        )
    return template


def _check_period(starts_on, due_on, year=None) -> None:
    if due_on < starts_on:
        raise ValidationError({"due_on": _("The due date is before the start date.")})
    if year is not None and starts_on.year != year:
        raise ValidationError({"starts_on": _("The plan must start in its year.")})
