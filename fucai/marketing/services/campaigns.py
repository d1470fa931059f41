"""Campaigns: plan, pick stations, start, finish and measure."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fucai.core import audit, roles
from fucai.core.choices import AuditAction
from fucai.core.scope import require_region
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

from .. import effect
from ..choices import CAMPAIGN_TRANSITIONS, CampaignStatus
from ..models import Campaign, CampaignStation
from ._common import check_transition, record_transition


def _require(user, permission=roles.MANAGE_CAMPAIGNS) -> None:
    if not roles.has_permission(user, permission):
        raise PermissionDenied


def _check_regions(user, regions) -> None:
    if not regions:
        raise ValidationError({"regions": _("Choose at least one district.")})
    for region in regions:
        require_region(user, region)


@transaction.atomic
def campaign_create(
    *,
    acting_user,
    name: str,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    budget_fen: int,
    regions,
    games,
    materials=(),
    description: str = "",
) -> Campaign:
    _require(acting_user)
    _check_regions(acting_user, regions)
    campaign = Campaign(
        name=name,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        budget_fen=budget_fen,
        description=description,
        created_by=acting_user,
    )
    campaign.full_clean()
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The campaign cannot end before it starts.")})
    campaign.save()
    campaign.regions.set(regions)
    campaign.games.set(games)
    campaign.materials.set(materials)
    audit.record_create(actor=acting_user, obj=campaign)
    return campaign


@transaction.atomic
def campaign_update(*, acting_user, campaign: Campaign, regions, games, materials=(), **fields):
    _require(acting_user)
    _check_regions(acting_user, regions)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == CampaignStatus.FINISHED:
        raise ValidationError(_("A finished campaign can no longer be edited."))
    region_ids = {getattr(r, "pk", r) for r in regions}
    if campaign.entries.exclude(station__region_id__in=region_ids).exists():
        raise ValidationError(
            {"regions": _("Remove the stations of a district before removing the district.")}
        )
    before = audit.snapshot(campaign)
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    if campaign.ends_on < campaign.starts_on:
        raise ValidationError({"ends_on": _("The campaign cannot end before it starts.")})
    campaign.save()
    campaign.regions.set(regions)
    campaign.games.set(games)
    campaign.materials.set(materials)
    changes = audit.diff(Campaign, before, audit.snapshot(campaign))
    audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=campaign, changes=changes)
    return campaign


@transaction.atomic
def campaign_add_stations(*, acting_user, campaign: Campaign, stations) -> int:
    """Add active stations of the campaign's districts (a bulk pick); returns how many
    were new. Stations elsewhere or not trading are refused, none is added twice."""
    _require(acting_user)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == CampaignStatus.FINISHED:
        raise ValidationError(_("A finished campaign's stations can no longer change."))
    region_ids = set(campaign.regions.values_list("pk", flat=True))
    stations = list(stations)
    for station in stations:
        require_region(acting_user, station.region_id)
        if station.region_id not in region_ids:
            raise ValidationError(
                _("Station %(code)s lies outside the campaign's districts.")
                % {"code": station.code}
            )
        if station.status != StationStatus.ACTIVE:
            raise ValidationError(_("Station %(code)s is not active.") % {"code": station.code})
    have = set(campaign.entries.values_list("station_id", flat=True))
    new = [s for s in {s.pk: s for s in stations}.values() if s.pk not in have]
    CampaignStation.objects.bulk_create(
        [CampaignStation(campaign=campaign, station=s) for s in new]
    )
    if new:
        audit.record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=campaign,
            changes={
                "stations": {
                    "label": str(Campaign._meta.get_field("stations").verbose_name),
                    "old": len(have),
                    "new": len(have) + len(new),
                }
            },
            comment=_("Added: %(codes)s") % {"codes": ", ".join(s.code for s in new[:50])},
        )
    return len(new)


@transaction.atomic
def campaign_remove_station(*, acting_user, campaign: Campaign, station: Station) -> None:
    _require(acting_user)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == CampaignStatus.FINISHED:
        raise ValidationError(_("A finished campaign's stations can no longer change."))
    require_region(acting_user, station.region_id)
    deleted, _rows = CampaignStation.objects.filter(campaign=campaign, station=station).delete()
    if deleted:
        audit.record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=campaign,
            comment=_("Removed: %(code)s") % {"code": station.code},
        )


def _move(acting_user, campaign: Campaign, to: str, comment: str = "") -> Campaign:
    _require(acting_user)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    check_transition(campaign, to, CAMPAIGN_TRANSITIONS, CampaignStatus)
    old = campaign.status
    campaign.status = to
    campaign.save(update_fields=["status"])
    record_transition(
        actor=acting_user, obj=campaign, old=old, choices=CampaignStatus, comment=comment
    )
    return campaign


@transaction.atomic
def campaign_start(*, acting_user, campaign: Campaign) -> Campaign:
    if not campaign.entries.exists():
        raise ValidationError(_("Add the participating stations before starting."))
    return _move(acting_user, campaign, CampaignStatus.RUNNING)


@transaction.atomic
def campaign_finish(*, acting_user, campaign: Campaign) -> Campaign:
    campaign = _move(acting_user, campaign, CampaignStatus.FINISHED)
    return campaign_measure(acting_user=acting_user, campaign=campaign)


@transaction.atomic
def campaign_measure(*, acting_user, campaign: Campaign) -> Campaign:
    """Measure the campaign's effect from the sales data and keep it (a derived figure:
    the audit entry records the result and when it was computed)."""
    _require(acting_user)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == CampaignStatus.DRAFT:
        raise ValidationError(_("A draft campaign has no effect to measure yet."))
    result = effect.measure(campaign)
    old = campaign.lift or {}
    campaign.lift = result
    campaign.lift_computed_at = timezone.now()
    campaign.save(update_fields=["lift", "lift_computed_at"])
    summary = {k: result.get(k) for k in ("estimate", "low", "high", "weeks", "controls")}
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=campaign,
        changes={
            "lift": {
                "label": str(Campaign._meta.get_field("lift").verbose_name),
                "old": {k: old.get(k) for k in summary} if old else None,
                "new": summary,
            }
        },
        comment=result.get("reason", ""),
    )
    return campaign
