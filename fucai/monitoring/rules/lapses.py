"""Insurance and sales certificates about to lapse, for active stations: the liability
cover derived on the station (``insurance_until``) and the certificates of the sellers
on duty there, with no renewal on file."""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from fucai.stations.choices import StationStatus
from fucai.stations.models import Certificate, Station

from ..choices import AlertKind
from .common import Finding, params_of


def find_insurance_lapses(rule, today: datetime.date) -> list[Finding]:
    p = params_of(rule)
    horizon = today + datetime.timedelta(days=p["days"])
    findings = []
    for sid, region_id, code, name, until in Station.objects.filter(
        status=StationStatus.ACTIVE, insurance_until__range=(today, horizon)
    ).values_list("pk", "region_id", "code", "name", "insurance_until"):
        words = {
            "station": f"{code} {name}",
            "until": until.isoformat(),
            "days": (until - today).days,
        }
        findings.append(
            Finding(
                kind=AlertKind.INSURANCE_LAPSE,
                key=f"{AlertKind.INSURANCE_LAPSE}:{sid}:{until.isoformat()}",
                region_id=region_id,
                station_id=sid,
                day=until,
                title=_("Liability insurance of %(station)s ends on %(until)s") % words,
                detail=_(
                    "The station's liability insurance on file ends on %(until)s, in %(days)s "
                    "days, and no renewal is recorded."
                )
                % words,
                data={"insured_until": words["until"], "days_left": words["days"]},
                severity=rule.severity,
            )
        )
    return findings


def find_certificate_lapses(rule, today: datetime.date) -> list[Finding]:
    p = params_of(rule)
    horizon = today + datetime.timedelta(days=p["days"])
    rows = (
        Certificate.objects.filter(
            revoked_at__isnull=True,
            valid_from__lte=today,
            valid_to__range=(today, horizon),
            renewal__isnull=True,
            holder__assignments__starts_on__lte=today,
            holder__assignments__station__status=StationStatus.ACTIVE,
        )
        .filter(
            Q(holder__assignments__ends_on__isnull=True)
            | Q(holder__assignments__ends_on__gte=today)
        )
        .values_list(
            "pk",
            "number",
            "valid_to",
            "holder__name",
            "holder__assignments__station_id",
            "holder__assignments__station__region_id",
            "holder__assignments__station__code",
            "holder__assignments__station__name",
        )
        .distinct()
    )
    findings = []
    for pk, number, valid_to, holder, sid, region_id, code, name in rows:
        words = {
            "number": number,
            "holder": holder,
            "station": f"{code} {name}",
            "until": valid_to.isoformat(),
            "days": (valid_to - today).days,
        }
        findings.append(
            Finding(
                kind=AlertKind.CERTIFICATE_LAPSE,
                key=f"{AlertKind.CERTIFICATE_LAPSE}:{pk}:{sid}",
                region_id=region_id,
                station_id=sid,
                day=valid_to,
                title=_("Certificate %(number)s of %(holder)s ends on %(until)s") % words,
                detail=_(
                    "The sales certificate %(number)s of %(holder)s, on duty at %(station)s, "
                    "is valid until %(until)s (%(days)s days) and no renewal is on file: "
                    "refresher training and renewal are due."
                )
                % words,
                data={
                    "certificate": number,
                    "valid_to": words["until"],
                    "days_left": words["days"],
                },
                severity=rule.severity,
            )
        )
    return findings
