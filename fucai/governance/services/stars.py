"""The yearly star-rating round (星级评定).

An application moves through an explicit table of states (``TRANSITIONS``): the owner
applies with a self-assessment and evidence photos while the round's window is open →
the district reviews → the city reviews after a site check → the city publishes the
round (the stars go onto the stations through the registry) → the owner may appeal a
published or rejected decision within the appeal window and the city decides. A
published application of enough stars may be nominated to the province, whose decision
the city records (approved → the station is a provincial star station of that year).

Every step locks the application (``select_for_update``), checks the state it starts
from, and is logged as a ``StarEvent`` with its actor and comment and in the audit log.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, scope
from fucai.core.choices import AuditAction
from fucai.core.files import IMAGES, inspect_upload
from fucai.core.roles import (
    APPLY_STARS,
    MANAGE_RATINGS,
    REVIEW_STARS_DISTRICT,
    has_permission,
)
from fucai.core.services import require
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station
from fucai.stations.services import station_judgement_publish, station_judgements_publish

from .. import ratings as engine
from ..choices import (
    ProvincialStatus,
    SchemeKind,
    SiteCheckResult,
    StarRoundStatus,
    StarStatus,
)
from ..constants import MAX_PHOTO_BYTES, PROVINCIAL_MIN_STARS
from ..models import StarApplication, StarEvent, StarEvidence, StarRound
from .ratings import rating_scheme_active

S = StarStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    S.SUBMITTED: frozenset({S.DISTRICT_PASSED, S.REJECTED}),
    S.DISTRICT_PASSED: frozenset({S.CITY_PASSED, S.REJECTED}),
    S.CITY_PASSED: frozenset({S.PUBLISHED}),
    S.PUBLISHED: frozenset({S.APPEALED}),
    S.REJECTED: frozenset({S.APPEALED}),
    S.APPEALED: frozenset({S.PUBLISHED, S.REJECTED}),
}
MAX_EVIDENCE_PHOTOS = 20
_FIELDS = [
    *("status", "district_stars", "district_comment", "site_checked_on", "site_check"),
    *("site_check_notes", "stars", "city_comment", "appeal_reason", "appeal_decision"),
    *("provincial", "provincial_comment", "provincial_decided_on"),
]


def _require_applicant(user) -> None:
    """The owner applies and appeals; station management may enter an owner's paper
    application or appeal for them (most owners have no login)."""
    if not (has_permission(user, APPLY_STARS) or has_permission(user, MANAGE_RATINGS)):
        require(user, APPLY_STARS)


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def _lock(application: StarApplication, acting_user) -> StarApplication:
    locked = (
        StarApplication.objects.select_for_update()
        .select_related("round", "station")
        .get(pk=application.pk)
    )
    scope.require_in_scope(acting_user, locked)
    return locked


def _move(locked: StarApplication, to_status: str, step_from: str | None = None) -> str:
    """Move along the table; ``step_from`` is the one state the step acts on (the
    district reviews only submitted applications, even though the city may also
    reject from the next state)."""
    allowed = step_from is None or locked.status == step_from
    if not allowed or to_status not in TRANSITIONS.get(locked.status, ()):
        raise ValidationError(
            _("This application is %(status)s: it cannot go to %(to)s.")
            % {
                "status": StarStatus(locked.status).label,
                "to": StarStatus(to_status).label,
            },
            code="transition",
        )
    before, locked.status = locked.status, to_status
    return before


def _log(locked, before: dict, from_status: str, to_status: str, acting_user, comment: str):
    locked.version += 1
    # The row is locked and its keys do not change: no uniqueness or key lookups.
    locked.full_clean(exclude=["round", "station", "submitted_by"], validate_unique=False)
    locked.save()
    StarEvent.objects.create(
        application=locked,
        from_status=from_status,
        to_status=to_status,
        actor=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        comment=comment,
    )
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes=audit.diff(StarApplication, before, audit.snapshot(locked, _FIELDS)),
        comment=comment,
    )
    return locked


def _stars(value, field: str = "stars") -> int:
    try:
        stars = int(value)
    except (TypeError, ValueError):
        stars = 0
    if not 1 <= stars <= 5:
        raise ValidationError({field: _("Stars go from 1 to 5.")})
    return stars


# --- the round --------------------------------------------------------------------


@transaction.atomic
def star_round_open(
    *,
    acting_user,
    year: int,
    apply_from: datetime.date,
    apply_until: datetime.date,
    appeal_days: int = 15,
) -> StarRound:
    """Open the round of ``year`` with the star scheme in use and its windows."""
    require(acting_user, MANAGE_RATINGS)
    if StarRound.objects.filter(year=year).exists():
        raise ValidationError({"year": _("A round of this year exists already.")})
    if apply_until < apply_from:
        raise ValidationError({"apply_until": _("The window ends before it starts.")})
    round_ = StarRound(
        year=year,
        scheme=rating_scheme_active(SchemeKind.STARS),
        apply_from=apply_from,
        apply_until=apply_until,
        appeal_days=appeal_days,
    )
    round_.full_clean()
    round_.save()
    audit.record_create(actor=acting_user, obj=round_)
    return round_


@transaction.atomic
def star_round_publish(*, acting_user, round: StarRound, on: datetime.date | None = None) -> int:
    """Publish the city's stars: every application that passed the city review is
    published and its stars go onto the station. Refused while applications are still
    under review. Opens the appeal window."""
    require(acting_user, MANAGE_RATINGS)
    locked = StarRound.objects.select_for_update().get(pk=round.pk)
    if locked.status != StarRoundStatus.OPEN:
        raise ValidationError(_("This round is already published."), code="published")
    pending = StarApplication.objects.filter(
        round=locked, status__in=(S.SUBMITTED, S.DISTRICT_PASSED)
    ).count()
    if pending:
        raise ValidationError(
            _("%(count)s applications are still under review.") % {"count": pending},
            code="pending",
        )
    applications = list(
        StarApplication.objects.select_for_update()
        .filter(round=locked, status=S.CITY_PASSED)
        .select_related("round", "station")
    )
    comment = str(_("City stars of %(year)s published")) % {"year": locked.year}
    # Hundreds of applications: their steps and audit entries go in bulk.
    change = {
        "status": {
            "label": str(_("status")),
            "old": str(S.CITY_PASSED.label),
            "new": str(S.PUBLISHED.label),
        }
    }
    for application in applications:
        application.status = S.PUBLISHED
        application.version += 1
    StarApplication.objects.bulk_update(applications, ["status", "version"], batch_size=500)
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    StarEvent.objects.bulk_create(
        [
            StarEvent(
                application=a,
                from_status=S.CITY_PASSED,
                to_status=S.PUBLISHED,
                actor=actor,
                comment=comment,
            )
            for a in applications
        ],
        batch_size=500,
    )
    audit.record_many(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        entries=[(a, change, comment) for a in applications],
    )
    station_judgements_publish(
        acting_user=acting_user,
        judgements={
            a.station_id: {"stars": a.stars, "stars_year": a.round.year}
            for a in applications
            if a.station.stars_year is None or a.station.stars_year <= a.round.year
        },
        comment=comment,
    )
    locked.status, locked.published_on = StarRoundStatus.PUBLISHED, _today(on)
    locked.save(update_fields=["status", "published_on"])
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"published": {"label": comment, "old": None, "new": len(applications)}},
        comment=comment,
    )
    return len(applications)


def _publish_stars(acting_user, application: StarApplication, comment: str) -> None:
    station = application.station
    if station.stars_year is None or station.stars_year <= application.round.year:
        station_judgement_publish(
            acting_user=acting_user,
            station=station,
            stars=application.stars,
            stars_year=application.round.year,
            comment=comment,
        )


# --- the owner's application --------------------------------------------------------


def _add_photo(application, criterion: str, file, acting_user) -> StarEvidence:
    detected = inspect_upload(file, max_bytes=MAX_PHOTO_BYTES, allowed=IMAGES)
    photo = StarEvidence(
        application=application,
        criterion=criterion,
        content_type=detected.content_type,
        size=detected.size,
        uploaded_by=acting_user,
    )
    photo.file.save(detected.random_name(), file, save=False)
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def star_apply(
    *,
    acting_user,
    round: StarRound,
    station: Station,
    self_assessment: dict,
    stars_applied: int,
    photos: list | tuple = (),
    on: datetime.date | None = None,
) -> StarApplication:
    """A station applies in the round's window with its self-assessment ({criterion:
    {"points": 0–100, "note": ...}}) and evidence photos [(criterion, file)]. The scheme
    computes its score and stars from the year's data at once, with the breakdown the
    reviewers see."""
    _require_applicant(acting_user)
    scope.require_in_scope(acting_user, station)
    today = _today(on)
    if round.status != StarRoundStatus.OPEN:
        raise ValidationError(_("This round no longer takes applications."), code="closed")
    if not round.apply_from <= today <= round.apply_until:
        raise ValidationError(
            _("Applications are taken from %(start)s to %(end)s.")
            % {"start": round.apply_from.isoformat(), "end": round.apply_until.isoformat()},
            code="window",
        )
    if station.status != StationStatus.ACTIVE:
        raise ValidationError(_("Only an operating station may apply."), code="inactive")
    codes = {c["code"] for c in round.scheme.criteria}
    assessment = {}
    for code, item in (self_assessment or {}).items():
        if code not in codes:
            raise ValidationError(_("Unknown criterion: %(code)s.") % {"code": code})
        try:
            points = int(item.get("points"))
        except (TypeError, ValueError):
            points = -1
        if not 0 <= points <= 100:
            raise ValidationError({"self_assessment": _("Self-assessed points go from 0 to 100.")})
        assessment[code] = {"points": points, "note": str(item.get("note", ""))[:500]}
    if len(photos) > MAX_EVIDENCE_PHOTOS:
        raise ValidationError(
            _("At most %(count)s photos.") % {"count": MAX_EVIDENCE_PHOTOS}, code="photos"
        )
    for code, _file in photos:
        if code not in codes:
            raise ValidationError(_("Unknown criterion: %(code)s.") % {"code": code})
    metrics = engine.load_metrics([station], round.year)[station.pk]
    outcome = engine.evaluate(round.scheme.criteria, round.scheme.bands, metrics)
    application = StarApplication(
        round=round,
        station=station,
        self_assessment=assessment,
        stars_applied=_stars(stars_applied, "stars_applied"),
        score=outcome.score,
        computed_stars=outcome.band,
        breakdown=outcome.breakdown,
        submitted_by=acting_user,
    )
    application.full_clean(exclude=["round", "station"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError(
            _("This station has applied in this round already."), code="duplicate"
        ) from None
    for code, file in photos:
        _add_photo(application, code, file, acting_user)
    StarEvent.objects.create(
        application=application, to_status=S.SUBMITTED, actor=acting_user, comment=""
    )
    audit.record_create(actor=acting_user, obj=application)
    return application


@transaction.atomic
def star_evidence_add(
    *, acting_user, application: StarApplication, criterion: str, file
) -> StarEvidence:
    """Add a photo to a submitted application (before the district reviews it)."""
    require(acting_user, APPLY_STARS)
    locked = _lock(application, acting_user)
    if locked.status != S.SUBMITTED:
        raise ValidationError(_("Photos can be added only before the review."), code="state")
    if criterion not in {c["code"] for c in locked.round.scheme.criteria}:
        raise ValidationError(_("Unknown criterion: %(code)s.") % {"code": criterion})
    if locked.evidence.count() >= MAX_EVIDENCE_PHOTOS:
        raise ValidationError(
            _("At most %(count)s photos.") % {"count": MAX_EVIDENCE_PHOTOS}, code="photos"
        )
    photo = _add_photo(locked, criterion, file, acting_user)
    audit.record(
        actor=acting_user, action=AuditAction.CREATE, obj=photo, changes=_photo_changes(photo)
    )
    return photo


def _photo_changes(photo: StarEvidence, removed: bool = False) -> dict:
    """A photo's audit changes: its criterion, file name, type and size (a file is not
    a JSON value: its name is recorded)."""
    values = {**audit.snapshot(photo, ["criterion", "content_type", "size"])}
    values["file"] = photo.file.name
    before, after = (values, {}) if removed else ({}, values)
    return audit.diff(StarEvidence, before, after)


@transaction.atomic
def star_evidence_remove(*, acting_user, photo: StarEvidence) -> None:
    """Remove a photo one uploaded to a submitted application (before the district
    reviews it): what the reviewers read is then fixed. The file goes with the row once
    the transaction commits; the audit entry keeps its name."""
    require(acting_user, APPLY_STARS)
    locked = _lock(photo.application, acting_user)
    if locked.status != S.SUBMITTED:
        raise ValidationError(_("Photos can be removed only before the review."), code="state")
    photo = StarEvidence.objects.select_for_update().get(pk=photo.pk, application=locked)
    if photo.uploaded_by_id != acting_user.pk:
        raise PermissionDenied
    audit.record(
        actor=acting_user,
        action=AuditAction.DELETE,
        obj=photo,
        changes=_photo_changes(photo, removed=True),
    )
    storage, name = photo.file.storage, photo.file.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- reviews --------------------------------------------------------------------------


@transaction.atomic
def star_district_review(
    *, acting_user, application: StarApplication, approve: bool, stars=None, comment: str = ""
) -> StarApplication:
    """The district passes the application on with the stars it proposes, or rejects
    it with the reason."""
    require(acting_user, REVIEW_STARS_DISTRICT)
    locked = _lock(application, acting_user)
    comment = (comment or "").strip()
    before = audit.snapshot(locked, _FIELDS)
    if approve:
        stars = _stars(stars if stars not in (None, "") else locked.computed_stars)
        from_status = _move(locked, S.DISTRICT_PASSED, S.SUBMITTED)
        locked.district_stars = stars
    else:
        if not comment:
            raise ValidationError({"comment": _("Say why the application is rejected.")})
        from_status = _move(locked, S.REJECTED, S.SUBMITTED)
    locked.district_comment = comment
    return _log(locked, before, from_status, locked.status, acting_user, comment)


@transaction.atomic
def star_city_review(
    *,
    acting_user,
    application: StarApplication,
    site_checked_on: datetime.date | None,
    site_check: str,
    site_check_notes: str = "",
    stars=None,
    comment: str = "",
) -> StarApplication:
    """The city records its site check and decides: a passed check passes the
    application with its stars (other than computed: with the reason); a failed one
    rejects it."""
    require(acting_user, MANAGE_RATINGS)
    locked = _lock(application, acting_user)
    comment = (comment or "").strip()
    errors = {}
    if site_checked_on is None:
        errors["site_checked_on"] = _("Record the day of the site check.")
    if site_check not in SiteCheckResult.values:
        errors["site_check"] = _("Record the result of the site check.")
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(locked, _FIELDS)
    if site_check == SiteCheckResult.PASSED:
        default = locked.district_stars or locked.computed_stars
        stars = _stars(stars if stars not in (None, "") else default)
        if stars != locked.computed_stars and not comment:
            raise ValidationError(
                {"comment": _("The stars differ from the computed ones: give the reason.")}
            )
        from_status = _move(locked, S.CITY_PASSED, S.DISTRICT_PASSED)
        locked.stars = stars
    else:
        from_status = _move(locked, S.REJECTED, S.DISTRICT_PASSED)
    locked.site_checked_on, locked.site_check = site_checked_on, site_check
    locked.site_check_notes = (site_check_notes or "").strip()
    locked.city_comment = comment
    return _log(locked, before, from_status, locked.status, acting_user, comment)


# --- appeals --------------------------------------------------------------------------


@transaction.atomic
def star_appeal(
    *, acting_user, application: StarApplication, reason: str, on: datetime.date | None = None
) -> StarApplication:
    """The owner appeals the published stars or the rejection, once, within the appeal
    window after the round's publication."""
    _require_applicant(acting_user)
    locked = _lock(application, acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you appeal.")})
    round_ = locked.round
    if round_.published_on is None:
        raise ValidationError(_("Appeals open once the stars are published."), code="window")
    if not round_.published_on <= _today(on) <= round_.appeal_until:
        raise ValidationError(
            _("The appeal window closed on %(day)s.") % {"day": round_.appeal_until.isoformat()},
            code="window",
        )
    if locked.appeal_reason:
        raise ValidationError(_("This decision has been appealed already."), code="appealed")
    before = audit.snapshot(locked, _FIELDS)
    from_status = _move(locked, S.APPEALED)
    locked.appeal_from, locked.appeal_reason = from_status, reason
    return _log(locked, before, from_status, S.APPEALED, acting_user, reason)


@transaction.atomic
def star_appeal_decide(
    *, acting_user, application: StarApplication, grant: bool, decision: str, stars=None
) -> StarApplication:
    """The city decides an appeal: granted, the application is published with the
    stars decided (onto the station); dismissed, the decision appealed stands."""
    require(acting_user, MANAGE_RATINGS)
    locked = _lock(application, acting_user)
    decision = (decision or "").strip()
    if not decision:
        raise ValidationError({"decision": _("Give the decision's reasons.")})
    before = audit.snapshot(locked, _FIELDS)
    if grant:
        stars = _stars(stars if stars not in (None, "") else locked.stars)
        from_status = _move(locked, S.PUBLISHED, S.APPEALED)
        locked.stars = stars
    else:
        from_status = _move(locked, locked.appeal_from or S.PUBLISHED, S.APPEALED)
    locked.appeal_decision = decision
    _log(locked, before, from_status, locked.status, acting_user, decision)
    if grant:
        _publish_stars(acting_user, locked, decision)
    return locked


# --- provincial star stations ---------------------------------------------------------


@transaction.atomic
def star_nominate(
    *, acting_user, application: StarApplication, comment: str = ""
) -> StarApplication:
    """Nominate a published station of at least ``PROVINCIAL_MIN_STARS`` stars to the
    province as a provincial star station."""
    require(acting_user, MANAGE_RATINGS)
    locked = _lock(application, acting_user)
    if locked.status != S.PUBLISHED:
        raise ValidationError(_("Only published stars can be nominated."), code="state")
    if (locked.stars or 0) < PROVINCIAL_MIN_STARS:
        raise ValidationError(
            _("A provincial star station needs at least %(stars)s city stars.")
            % {"stars": PROVINCIAL_MIN_STARS},
            code="stars",
        )
    if locked.provincial:
        raise ValidationError(_("This station has been nominated already."), code="nominated")
    before = audit.snapshot(locked, _FIELDS)
    locked.provincial = ProvincialStatus.NOMINATED
    return _log(locked, before, "", ProvincialStatus.NOMINATED, acting_user, comment)


@transaction.atomic
def star_province_decide(
    *,
    acting_user,
    application: StarApplication,
    approved: bool,
    comment: str = "",
    decided_on: datetime.date | None = None,
) -> StarApplication:
    """Record the province's decision on a nomination; approved, the station is a
    provincial star station of the round's year."""
    require(acting_user, MANAGE_RATINGS)
    locked = _lock(application, acting_user)
    if locked.provincial != ProvincialStatus.NOMINATED:
        raise ValidationError(_("This station is not awaiting the province."), code="state")
    before = audit.snapshot(locked, _FIELDS)
    to = ProvincialStatus.APPROVED if approved else ProvincialStatus.REJECTED
    locked.provincial = to
    locked.provincial_comment = (comment or "").strip()
    locked.provincial_decided_on = _today(decided_on)
    _log(locked, before, ProvincialStatus.NOMINATED, to, acting_user, comment)
    if approved:
        station_judgement_publish(
            acting_user=acting_user,
            station=locked.station,
            provincial_star_year=locked.round.year,
            comment=str(_("Provincial star station %(year)s")) % {"year": locked.round.year},
        )
    return locked


def can_apply(user, station: Station) -> bool:
    try:
        require(user, APPLY_STARS)
        scope.require_in_scope(user, station)
    except PermissionDenied:
        return False
    return True


def _provincial_many(applications, to: str, acting_user, comment: str, extra: dict) -> None:
    """Move many applications' provincial state at once: one update, one insert of
    steps, one insert of audit entries."""
    change_from = {a.pk: a.provincial for a in applications}
    for application in applications:
        application.provincial = to
        application.version += 1
        for key, value in extra.items():
            setattr(application, key, value)
    StarApplication.objects.bulk_update(
        applications, ["provincial", "version", *extra], batch_size=500
    )
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    StarEvent.objects.bulk_create(
        [
            StarEvent(
                application=a,
                from_status=change_from[a.pk],
                to_status=to,
                actor=actor,
                comment=comment,
            )
            for a in applications
        ],
        batch_size=500,
    )
    label = str(StarApplication._meta.get_field("provincial").verbose_name)
    audit.record_many(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        entries=[
            (a, {"provincial": {"label": label, "old": change_from[a.pk], "new": to}}, comment)
            for a in applications
        ],
    )


@transaction.atomic
def star_nominate_many(*, acting_user, round: StarRound, stations, comment: str = "") -> int:
    """Nominate the round's published applications of ``stations`` (the city's list)
    at once; each must qualify as for ``star_nominate``, else nothing is nominated."""
    require(acting_user, MANAGE_RATINGS)
    applications = list(
        StarApplication.objects.visible_to(acting_user)
        .select_for_update()
        .filter(round=round, station__in=stations)
    )
    wrong = [
        a.station_id
        for a in applications
        if a.status != S.PUBLISHED or (a.stars or 0) < PROVINCIAL_MIN_STARS or a.provincial
    ]
    if wrong or len(applications) != len({s.pk for s in stations}):
        raise ValidationError(
            _("%(count)s stations of the list cannot be nominated.")
            % {"count": len(wrong) or len(stations) - len(applications)},
            code="list",
        )
    _provincial_many(applications, ProvincialStatus.NOMINATED, acting_user, comment, {})
    return len(applications)


@transaction.atomic
def star_province_decide_many(
    *,
    acting_user,
    round: StarRound,
    approved_stations,
    comment_approved: str = "",
    comment_rejected: str = "",
    decided_on: datetime.date | None = None,
    reject_others: bool = True,
) -> int:
    """Record the province's reply to the round's nominations as one list: the stations
    named are approved (provincial star stations of the round's year), every other
    nomination of the round is rejected — or, with ``reject_others=False`` (a partial
    reply), keeps awaiting the province. Returns the number approved."""
    require(acting_user, MANAGE_RATINGS)
    nominated = list(
        StarApplication.objects.visible_to(acting_user)
        .select_for_update()
        .filter(round=round, provincial=ProvincialStatus.NOMINATED)
        .select_related("round", "station")
    )
    approved_ids = {s.pk for s in approved_stations}
    unknown = approved_ids - {a.station_id for a in nominated}
    if unknown:
        raise ValidationError(
            _("%(count)s approved stations were not nominated.") % {"count": len(unknown)},
            code="list",
        )
    day = _today(decided_on)
    approved = [a for a in nominated if a.station_id in approved_ids]
    rejected = [a for a in nominated if a.station_id not in approved_ids] if reject_others else []
    if not approved and not rejected:
        raise ValidationError(_("Name at least one approved station."), code="empty")
    for group, to, comment in (
        (approved, ProvincialStatus.APPROVED, comment_approved),
        (rejected, ProvincialStatus.REJECTED, comment_rejected),
    ):
        extra = {"provincial_comment": comment, "provincial_decided_on": day}
        _provincial_many(group, to, acting_user, comment, extra)
    title = str(_("Provincial star station %(year)s")) % {"year": round.year}
    station_judgements_publish(
        acting_user=acting_user,
        judgements={a.station_id: {"provincial_star_year": round.year} for a in approved},
        comment=title,
    )
    return len(approved)
