"""Rating schemes and the yearly classification and grading (分类分级).

A run computes every station of the user's scope that operated in the year with the
active grading scheme, in a few queries (``ratings.load_metrics``) and bulk writes;
results already confirmed or published are kept. Staff confirm each result (or override
its grade or class with a reason, audited) and publish the confirmed ones onto the
stations through the registry's ``station_judgements_publish``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, scope
from fucai.core.choices import AuditAction
from fucai.core.roles import MANAGE_RATINGS
from fucai.core.services import require
from fucai.stations.choices import StationClass
from fucai.stations.models import Station
from fucai.stations.services import station_judgements_publish

from .. import ratings as engine
from ..choices import GradingStatus, SchemeKind, StationGrade
from ..defaults_ratings import load_default_schemes
from ..models import GradingResult, RatingScheme, StarRound
from .reviews import stations_reviewed

SCHEME_FIELDS = ["name", "criteria", "bands", "class_rules"]


def rating_scheme_active(kind: str) -> RatingScheme:
    """The scheme in use for ``kind``; a center without any scheme of that kind (a
    database emptied after its migrations) starts again from the default version 1."""
    if not RatingScheme.objects.filter(kind=kind).exists():
        load_default_schemes(django_apps)
    scheme = RatingScheme.objects.filter(kind=kind, active=True).first()
    if scheme is None:
        raise ValidationError(_("No rating scheme is in use for this kind."), code="no_scheme")
    return scheme


def scheme_in_use(scheme: RatingScheme) -> bool:
    return (
        GradingResult.objects.filter(scheme=scheme).exists()
        or StarRound.objects.filter(scheme=scheme).exists()
    )


@transaction.atomic
def rating_scheme_update(
    *,
    acting_user,
    scheme: RatingScheme,
    name: str,
    criteria: list[dict],
    bands: list,
    class_rules: list | None = None,
) -> RatingScheme:
    """Change a scheme. One that results were computed with is kept as it is: the
    change becomes the next version (now the one in use), so past results keep theirs."""
    require(acting_user, MANAGE_RATINGS)
    locked = RatingScheme.objects.select_for_update().get(pk=scheme.pk)
    if not locked.active:
        raise ValidationError(_("Only the scheme in use can be changed."), code="inactive")
    class_rules = locked.class_rules if class_rules is None else class_rules
    engine.validate_scheme(locked.kind, criteria, bands, class_rules)
    values = {"name": name, "criteria": criteria, "bands": bands, "class_rules": class_rules}
    if scheme_in_use(locked):
        locked.active = False
        locked.save(update_fields=["active"])
        new = RatingScheme(
            kind=locked.kind,
            version=locked.version + 1,
            created_by=acting_user,
            active=True,
            **values,
        )
        new.full_clean()
        new.save()
        audit.record_create(
            actor=acting_user,
            obj=new,
            comment=str(_("New version of %(scheme)s")) % {"scheme": locked},
        )
        return new
    before = audit.snapshot(locked, SCHEME_FIELDS)
    for key, value in values.items():
        setattr(locked, key, value)
    locked.full_clean()
    locked.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=locked,
        changes=audit.diff(RatingScheme, before, audit.snapshot(locked, SCHEME_FIELDS)),
    )
    return locked


def _graded(scheme: RatingScheme, metrics: dict) -> dict:
    outcome = engine.evaluate(scheme.criteria, scheme.bands, metrics)
    return {
        "score": outcome.score,
        "computed_grade": outcome.band,
        "computed_class": engine.classify(scheme.class_rules, metrics),
        "breakdown": outcome.breakdown,
        "metrics": metrics,
    }


def grading_compute(
    *,
    acting_user,
    year: int,
    regions=None,
    progress: Callable[[int, str], None] | None = None,
) -> dict:
    """(Re)compute the grading of ``year`` for every station of the user's scope (of
    ``regions`` only, if given) that operated that year. Confirmed and published
    results are kept as they are. A fixed number of queries and bulk writes."""
    require(acting_user, MANAGE_RATINGS)
    for region in regions or ():
        scope.require_region(acting_user, region)
    report = progress or (lambda percent, message="": None)
    scheme = rating_scheme_active(SchemeKind.GRADING)
    stations = stations_reviewed(year) & Station.objects.visible_to(acting_user)
    if regions:
        stations = stations.filter(region__in=regions)
    stations = list(stations.order_by("code"))
    report(10, str(_("Reading the data of %(count)s stations") % {"count": len(stations)}))
    with transaction.atomic():
        metrics = engine.load_metrics(stations, year)
        report(50, str(_("Scoring")))
        existing = {
            r.station_id: r
            for r in GradingResult.objects.select_for_update().filter(
                station__in=stations, year=year
            )
        }
        now = timezone.now()
        created, updated, kept = [], [], 0
        previous: dict[int, str] = {}
        for station in stations:
            values = _graded(scheme, metrics[station.pk])
            result = existing.get(station.pk)
            if result is not None and result.status != GradingStatus.COMPUTED:
                kept += 1
                continue
            if result is None:
                result = GradingResult(station=station, year=year)
                created.append(result)
            else:
                previous[result.pk] = result.computed_grade
                updated.append(result)
            for key, value in values.items():
                setattr(result, key, value)
            result.scheme = scheme
            result.grade = result.computed_grade
            result.station_class = result.computed_class
            result.override_reason = ""
            result.computed_at = now
        report(80, str(_("Saving")))
        GradingResult.objects.bulk_create(created, batch_size=500)
        GradingResult.objects.bulk_update(
            updated,
            [
                *("scheme", "metrics", "breakdown", "score", "computed_class"),
                *("computed_grade", "station_class", "grade", "override_reason", "computed_at"),
            ],
            batch_size=500,
        )
        summary = {"year": year, "computed": len(created) + len(updated), "kept": kept}
        comment = str(_("Grading %(year)s computed with %(scheme)s")) % {
            "year": year,
            "scheme": scheme,
        }

        def change(result, old) -> dict:
            return {
                "computed_grade": {
                    "label": str(_("computed grade")),
                    "old": old,
                    "new": result.computed_grade,
                },
                "score": {"label": str(_("score")), "old": None, "new": str(result.score)},
            }

        audit.record_many(
            actor=acting_user,
            action=AuditAction.CREATE,
            entries=[(r, change(r, None), comment) for r in created],
        )
        audit.record_many(
            actor=acting_user,
            action=AuditAction.UPDATE,
            entries=[(r, change(r, previous.get(r.pk)), comment) for r in updated],
        )
    return summary


@transaction.atomic
def grading_confirm(
    *,
    acting_user,
    result: GradingResult,
    grade: str,
    station_class: str,
    override_reason: str = "",
) -> GradingResult:
    """Confirm a result as computed, or with another grade or class and the reason.
    A published result is final."""
    require(acting_user, MANAGE_RATINGS)
    locked = GradingResult.objects.select_for_update().get(pk=result.pk)
    scope.require_in_scope(acting_user, locked)
    if locked.status == GradingStatus.PUBLISHED:
        raise ValidationError(_("This grading is already published."), code="published")
    errors = {}
    if grade not in StationGrade.values:
        errors["grade"] = _("Choose a grade.")
    if station_class not in StationClass.values:
        errors["station_class"] = _("Choose a class.")
    override_reason = (override_reason or "").strip()
    overridden = (grade, station_class) != (locked.computed_grade, locked.computed_class)
    if overridden and not override_reason:
        errors["override_reason"] = _(
            "The grade or class differs from the computed one: give the reason."
        )
    if errors:
        raise ValidationError(errors)
    fields = ["grade", "station_class", "override_reason", "status"]
    before = audit.snapshot(locked, fields)
    locked.grade, locked.station_class = grade, station_class
    locked.override_reason = override_reason if overridden else ""
    locked.status = GradingStatus.CONFIRMED
    locked.confirmed_by, locked.confirmed_at = acting_user, timezone.now()
    locked.full_clean(exclude=["station", "scheme", "confirmed_by"], validate_unique=False)
    locked.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes=audit.diff(GradingResult, before, audit.snapshot(locked, fields)),
        comment=override_reason,
    )
    return locked


def _scoped_results(acting_user, year: int, regions):
    results = GradingResult.objects.visible_to(acting_user).filter(year=year)
    for region in regions or ():
        scope.require_region(acting_user, region)
    if regions:
        results = results.filter(station__region__in=regions)
    return results


@transaction.atomic
def grading_confirm_computed(*, acting_user, year: int, regions=None) -> int:
    """Confirm, as computed, every result of ``year`` in the user's scope still
    awaiting confirmation (one audit entry per result)."""
    require(acting_user, MANAGE_RATINGS)
    results = list(
        _scoped_results(acting_user, year, regions)
        .select_for_update()
        .filter(status=GradingStatus.COMPUTED)
    )
    now = timezone.now()
    change = {
        "status": {
            "label": str(_("status")),
            "old": str(GradingStatus.COMPUTED.label),
            "new": str(GradingStatus.CONFIRMED.label),
        }
    }
    comment = str(_("Confirmed as computed"))
    for result in results:
        result.status = GradingStatus.CONFIRMED
        result.confirmed_by, result.confirmed_at = acting_user, now
    audit.record_many(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        entries=[(result, change, comment) for result in results],
    )
    GradingResult.objects.bulk_update(
        results, ["status", "confirmed_by", "confirmed_at"], batch_size=500
    )
    return len(results)


@transaction.atomic
def grading_publish(*, acting_user, year: int, regions=None) -> int:
    """Publish every confirmed result of ``year`` in the user's scope: the grade goes
    onto the station (unless it already shows a later year's)."""
    require(acting_user, MANAGE_RATINGS)
    results = list(
        _scoped_results(acting_user, year, regions)
        .select_for_update()
        .filter(status=GradingStatus.CONFIRMED)
        .select_related("station")
    )
    now = timezone.now()
    comment = str(_("Grading %(year)s published")) % {"year": year}
    station_judgements_publish(
        acting_user=acting_user,
        judgements={
            result.station_id: {"grade": result.grade, "grade_year": year}
            for result in results
            if result.station.grade_year is None or result.station.grade_year <= year
        },
        comment=comment,
    )
    for result in results:
        result.status, result.published_at = GradingStatus.PUBLISHED, now
    GradingResult.objects.bulk_update(results, ["status", "published_at"], batch_size=500)
    if results:
        audit.record(
            actor=acting_user,
            action=AuditAction.TRANSITION,
            obj=results[0].scheme,
            changes={"published": {"label": comment, "old": None, "new": len(results)}},
            comment=comment,
        )
    return len(results)
