"""Writes of the facilities app: a service station's public profile, purchase projects
and their payments. Each runs in one transaction, checks permission and data scope, and
writes its audit entry in the same transaction.

Payments lock their project (``select_for_update``) before adding up what was paid, so
two payments recorded at the same moment cannot together go over the budget: the second
waits for the first and then sees it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, roles
from fucai.core.choices import AuditAction, OrgUnitKind
from fucai.core.models import OrgUnit, Region, User
from fucai.core.money import format_yuan
from fucai.core.scope import require_in_scope, require_region
from fucai.core.services import require

from .choices import PAYABLE_STATUSES, PROJECT_TRANSITIONS, ProjectStatus
from .models import Premises, PurchasePayment, PurchaseProject, ServiceStation

PROFILE_FIELDS = (
    "address",
    "opening_hours",
    "phone",
    "latitude",
    "longitude",
    "services",
    "opened_on",
)


@transaction.atomic
def service_station_update(
    *, acting_user: User, station: ServiceStation, head: User | None = None, **changes
) -> ServiceStation:
    """Change a service station's public profile (address, hours, phone, coordinates,
    services, opening date) and its head (one of its staff)."""
    require(acting_user, roles.MANAGE_SERVICE_STATIONS)
    station = ServiceStation.objects.select_for_update().get(pk=station.pk)
    require_in_scope(acting_user, station)
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    before = audit.snapshot(station)
    for name, value in changes.items():
        setattr(station, name, value)
    station.full_clean()
    station.save()
    after = audit.snapshot(station)
    changed = audit.diff(ServiceStation, before, after)
    unit = station.unit
    if head is not None and head.pk != unit.head_id:
        if head.org_unit_id != unit.pk:
            raise ValidationError({"head": _("The head must be one of the station's staff.")})
        changed["head"] = {"label": str(_("head")), "old": str(unit.head or ""), "new": str(head)}
        unit.head = head
        unit.save(update_fields=["head"])
    if changed:
        audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=station, changes=changed)
    return station


@transaction.atomic
def service_station_create(
    *, acting_user: User, name: str, region: Region, **profile
) -> ServiceStation:
    """Open a service station in ``region``: an org unit of that kind (under the
    district's branch office if it has one, else the center) and its public profile.
    Staff join it by having the unit as their org unit; the head is picked on edit."""
    require(acting_user, roles.MANAGE_SERVICE_STATIONS)
    require_region(acting_user, region)
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    if OrgUnit.objects.filter(kind=OrgUnitKind.SERVICE_STATION, name=name).exists():
        raise ValidationError({"name": _("A service station with this name exists.")})
    parent = (
        OrgUnit.objects.filter(kind=OrgUnitKind.BRANCH, regions=region).order_by("pk").first()
        or OrgUnit.objects.filter(kind=OrgUnitKind.CENTER).order_by("pk").first()
    )
    unit = OrgUnit(name=name, kind=OrgUnitKind.SERVICE_STATION, parent=parent)
    unit.full_clean()
    unit.save()
    unit.regions.set([region])
    station = ServiceStation(unit=unit, region=region, **profile)
    station.full_clean()
    station.save()
    audit.record_create(actor=acting_user, obj=unit)
    audit.record_create(actor=acting_user, obj=station)
    return station


@transaction.atomic
def premises_create(
    *,
    acting_user: User,
    name: str,
    region: Region,
    address: str,
    floor_area_m2,
    tenure: str,
    unit=None,
    lease_ends_on: datetime.date | None = None,
    acquired_on: datetime.date | None = None,
) -> Premises:
    require(acting_user, roles.MANAGE_PREMISES)
    require_region(acting_user, region)
    if unit is not None and not unit.regions.filter(pk=region.pk).exists():
        raise ValidationError({"unit": _("That unit serves another district.")})
    premises = Premises(
        name=name,
        region=region,
        unit=unit,
        address=address,
        floor_area_m2=floor_area_m2,
        tenure=tenure,
        lease_ends_on=lease_ends_on,
        acquired_on=acquired_on,
    )
    premises.full_clean()
    premises.save()
    audit.record_create(actor=acting_user, obj=premises)
    return premises


@transaction.atomic
def project_create(
    *,
    acting_user: User,
    name: str,
    region: Region,
    budget_fen: int,
    started_on: datetime.date,
    premises: Premises | None = None,
    note: str = "",
) -> PurchaseProject:
    """Start a purchase project (planned) for a district, with its budget."""
    require(acting_user, roles.MANAGE_PREMISES)
    require_region(acting_user, region)
    if premises is not None and premises.region_id != region.pk:
        raise ValidationError({"premises": _("The premises are in another district.")})
    project = PurchaseProject(
        name=name,
        region=region,
        premises=premises,
        budget_fen=budget_fen,
        started_on=started_on,
        note=note,
    )
    if budget_fen <= 0:
        raise ValidationError({"budget_fen": _("The budget must be more than zero.")})
    project.full_clean()
    project.save()
    audit.record_create(actor=acting_user, obj=project)
    return project


@transaction.atomic
def project_transition(
    *, acting_user: User, project: PurchaseProject, to: str, comment: str = ""
) -> PurchaseProject:
    """Move a project along planned → approved → in progress → completed (or cancelled)."""
    require(acting_user, roles.MANAGE_PREMISES)
    project = PurchaseProject.objects.select_for_update().get(pk=project.pk)
    require_in_scope(acting_user, project)
    if to not in PROJECT_TRANSITIONS.get(project.status, ()):
        raise ValidationError(
            _("A project that is %(status)s cannot become %(to)s.")
            % {
                "status": project.get_status_display(),
                "to": dict(ProjectStatus.choices).get(to, to),
            }
        )
    old = project.get_status_display()
    project.status = to
    project.save(update_fields=["status"])
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=project,
        changes={
            "status": {
                "label": str(PurchaseProject._meta.get_field("status").verbose_name),
                "old": str(old),
                "new": str(project.get_status_display()),
            }
        },
        comment=comment,
    )
    return project


def _paid_fen(project: PurchaseProject) -> int:
    return project.payments.aggregate(total=Coalesce(Sum("amount_fen"), 0))["total"]


def _locked_project(acting_user: User, project: PurchaseProject) -> PurchaseProject:
    require(acting_user, roles.RECORD_PREMISES_PAYMENT)
    # The lock serializes the payments of one project: the sum read below includes
    # every payment committed before ours.
    project = PurchaseProject.objects.select_for_update().get(pk=project.pk)
    require_in_scope(acting_user, project)
    return project


@transaction.atomic
def payment_record(
    *,
    acting_user: User,
    project: PurchaseProject,
    amount_fen: int,
    paid_on: datetime.date,
    payee: str,
    voucher_no: str,
) -> PurchasePayment:
    """Record a payment on an approved or running project; refused over the budget."""
    project = _locked_project(acting_user, project)
    if project.status not in PAYABLE_STATUSES:
        raise ValidationError(
            _("Payments are recorded only on approved or running projects (this one is %(s)s).")
            % {"s": project.get_status_display()}
        )
    if amount_fen <= 0:
        raise ValidationError({"amount_fen": _("The amount must be more than zero.")})
    if paid_on < project.started_on:
        raise ValidationError({"paid_on": _("The payment cannot precede the project's start.")})
    paid = _paid_fen(project)
    if paid + amount_fen > project.budget_fen:
        raise ValidationError(
            {
                "amount_fen": _(
                    "Over budget: %(amount)s would bring the total paid to %(total)s, over "
                    "the budget of %(budget)s (%(left)s left)."
                )
                % {
                    "amount": format_yuan(amount_fen),
                    "total": format_yuan(paid + amount_fen),
                    "budget": format_yuan(project.budget_fen),
                    "left": format_yuan(project.budget_fen - paid),
                }
            },
            code="over_budget",
        )
    payment = PurchasePayment(
        project=project,
        amount_fen=amount_fen,
        paid_on=paid_on,
        payee=payee,
        voucher_no=voucher_no,
        recorded_by=acting_user,
    )
    payment.full_clean()
    payment.save()
    if project.status == ProjectStatus.APPROVED:
        project.status = ProjectStatus.IN_PROGRESS
        project.save(update_fields=["status"])
    audit.record_create(actor=acting_user, obj=payment, comment=str(project))
    return payment


@transaction.atomic
def payment_reverse(
    *,
    acting_user: User,
    payment: PurchasePayment,
    reason: str,
    paid_on: datetime.date,
    voucher_no: str = "",
) -> PurchasePayment:
    """Correct a payment by its reversal: the negative amount, with the reason. The
    payment itself is never changed; it can be reversed once."""
    project = _locked_project(acting_user, payment.project)
    payment = PurchasePayment.objects.get(pk=payment.pk, project=project)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the payment is reversed.")})
    if payment.reverses_id is not None:
        raise ValidationError(_("A reversal cannot itself be reversed."))
    if PurchasePayment.objects.filter(reverses=payment).exists():
        raise ValidationError(_("This payment has already been reversed."))
    if paid_on < payment.paid_on:
        raise ValidationError({"paid_on": _("A reversal cannot precede the payment.")})
    reversal = PurchasePayment(
        project=project,
        amount_fen=-payment.amount_fen,
        paid_on=paid_on,
        payee=payment.payee,
        voucher_no=voucher_no or f"{payment.voucher_no}-R",
        reverses=payment,
        reason=reason,
        recorded_by=acting_user,
    )
    reversal.full_clean()
    reversal.save()
    audit.record_create(actor=acting_user, obj=reversal, comment=reason)
    return reversal
