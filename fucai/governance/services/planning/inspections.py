"""One inspection at a time: an ad-hoc inspection outside any plan, and reassigning a
planned one."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.models import User
from fucai.core.scope import require_in_scope
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

from ...choices import InspectionStatus
from ...constants import SPECIAL_INSPECTION_DAYS
from ...models import ChecklistTemplate, Inspection
from .common import _check_period, current_template
from .inspectors import _require_can_inspect, least_loaded_inspector


@transaction.atomic
def inspection_plan_ad_hoc(
    *,
    station: Station,
    kind: str,
    due_on: datetime.date | None = None,
    planned_on: datetime.date | None = None,
    inspector: User | None = None,
    reason: str = "",
    template: ChecklistTemplate | None = None,
    acting_user,
) -> Inspection:
    """One inspection of one station outside any plan (a complaint, a tip, a risk
    proposal accepted). Without ``inspector`` it goes to the least-loaded inspector of
    the station's district."""
    require_in_scope(acting_user, station)
    if station.status == StationStatus.CLOSED:
        raise ValidationError({"station": _("This station is closed.")})
    today = timezone.localdate()
    planned_on = planned_on or today
    due_on = due_on or planned_on + datetime.timedelta(days=SPECIAL_INSPECTION_DAYS)
    _check_period(planned_on, due_on)
    template = template or current_template(kind)
    if template.kind != kind:
        raise ValidationError({"template": _("The checklist is for another kind of inspection.")})
    if inspector is None:
        inspector = least_loaded_inspector(station, planned_on.year)
        if inspector is None:
            raise ValidationError(
                {"inspector": _("No inspector covers %(region)s.") % {"region": station.region}}
            )
    _require_can_inspect(inspector, station)
    inspection = Inspection(
        station=station,
        kind=kind,
        template=template,
        inspector=inspector,
        year=planned_on.year,
        planned_on=planned_on,
        due_on=due_on,
        reason=reason,
        status=InspectionStatus.PLANNED,
    )
    inspection.full_clean()
    inspection.save()
    audit.record_create(actor=acting_user, obj=inspection)
    return inspection


@transaction.atomic
def inspection_reassign(
    *, inspection: Inspection, inspector: User, acting_user, comment: str = ""
) -> Inspection:
    """Give a planned inspection to another inspector (one who may inspect the
    station's district). Started or finished inspections stay with their inspector."""
    require_in_scope(acting_user, inspection)
    inspection = (
        Inspection.objects.select_for_update().select_related("station").get(pk=inspection.pk)
    )
    if inspection.status != InspectionStatus.PLANNED:
        raise ValidationError(_("Only an inspection that has not started can be reassigned."))
    if inspector.pk == inspection.inspector_id:
        raise ValidationError({"inspector": _("This inspector has it already.")})
    _require_can_inspect(inspector, inspection.station)
    before = audit.snapshot(inspection, ["inspector"])
    inspection.inspector = inspector
    inspection.version += 1
    inspection.save(update_fields=["inspector", "version"])
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=inspection,
        changes=audit.diff(Inspection, before, audit.snapshot(inspection, ["inspector"])),
        comment=comment,
    )
    return inspection
