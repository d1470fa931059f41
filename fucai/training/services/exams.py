"""Exams: configuring them, starting an attempt (questions drawn at random, retake rules),
saving answers before the deadline, scoring, and the certificate a pass earns.

Every write that reads a count or a state first locks the row it depends on: starting
an attempt locks the learner (two clicks cannot both pass the retake rules), answering
and submitting lock the attempt (a double submit is scored once, and issues at most one
certificate)."""

import datetime
import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.stations.choices import CertificateSource, CertificateStatus
from fucai.stations.models import Certificate, SalesStaff
from fucai.stations.services import certificate_issue

from ..choices import AttemptStatus, CourseKind, QuestionKind
from ..constants import RENEWAL_WINDOW_DAYS
from ..models import AttemptQuestion, Course, Exam, ExamAttempt, Question
from .common import require_learner, require_manager

EXAM_FIELDS = (
    "questions_drawn",
    "time_limit_minutes",
    "pass_mark",
    "max_attempts",
    "period_days",
    "cooldown_minutes",
    "active",
)


@transaction.atomic
def exam_configure(*, acting_user, course: Course, **values) -> Exam:
    """Create or change ``course``'s exam (the fields of ``EXAM_FIELDS``)."""
    require_manager(acting_user)
    exam = Exam.objects.select_for_update().filter(course=course).first()
    created = exam is None
    if created:
        exam = Exam(course=course)
    before = audit.snapshot(exam) if not created else {}
    for name in EXAM_FIELDS:
        if name in values:
            setattr(exam, name, values[name])
    exam.full_clean()
    exam.save()
    if created:
        audit.record_create(actor=acting_user, obj=exam)
    else:
        changes = audit.diff(Exam, before, audit.snapshot(exam))
        if changes:
            audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=exam, changes=changes)
    return exam


# Starting an attempt -------------------------------------------------------------


def _refused(message) -> ValidationError:
    return ValidationError(message, code="retake")


def retake_block(exam: Exam, learner: SalesStaff, now: datetime.datetime) -> str | None:
    """Why ``learner`` may not start a new attempt of ``exam`` now, or None."""
    if not exam.active or not exam.course.active:
        return str(_("This exam is closed."))
    recent = ExamAttempt.objects.filter(
        exam=exam, learner=learner, started_at__gt=now - datetime.timedelta(days=exam.period_days)
    )
    used = recent.count()
    if used >= exam.max_attempts:
        oldest = recent.order_by("started_at").values_list("started_at", flat=True).first()
        again = timezone.localtime(oldest + datetime.timedelta(days=exam.period_days))
        return str(
            _(
                "You have used all %(n)d attempts of the last %(days)d days; you may try "
                "again from %(when)s."
            )
            % {"n": exam.max_attempts, "days": exam.period_days, "when": f"{again:%Y-%m-%d %H:%M}"}
        )
    last = (
        ExamAttempt.objects.filter(exam=exam, learner=learner, finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    if last is not None and exam.cooldown_minutes:
        again = last + datetime.timedelta(minutes=exam.cooldown_minutes)
        if again > now:
            return str(
                _("Take a break before the next attempt: you may start again at %(when)s.")
                % {"when": f"{timezone.localtime(again):%H:%M}"}
            )
    if exam.course.kind == CourseKind.CERTIFICATION and _live_certificate(learner, now) is not None:
        return str(
            _("You already hold a valid certificate; take the refresher course to renew it.")
        )
    return None


def _live_certificate(learner: SalesStaff, now: datetime.datetime) -> Certificate | None:
    """A certificate of ``learner``'s that is valid today and not about to expire."""
    today = timezone.localdate(now)
    return (
        Certificate.objects.with_status(today)
        .filter(holder=learner, status_now=CertificateStatus.VALID)
        .first()
    )


@transaction.atomic
def attempt_start(
    *,
    acting_user,
    exam: Exam,
    now: datetime.datetime | None = None,
    rng: random.Random | None = None,
) -> ExamAttempt:
    """Start an attempt of ``exam`` for the acting user: an attempt still running is
    returned as it is; otherwise the retake rules are checked and the questions are
    drawn at random from the course's active bank."""
    learner = require_learner(acting_user)
    now = now or timezone.now()
    SalesStaff.objects.select_for_update().filter(pk=learner.pk).first()
    attempts_close_expired(learner=learner, now=now)
    running = ExamAttempt.objects.filter(
        exam=exam, learner=learner, status=AttemptStatus.IN_PROGRESS
    ).first()
    if running is not None:
        return running
    blocked = retake_block(exam, learner, now)
    if blocked:
        raise _refused(blocked)
    bank = list(
        Question.objects.filter(course_id=exam.course_id, active=True).values_list("pk", flat=True)
    )
    if not bank:
        raise _refused(_("This exam has no questions yet."))
    drawn = (rng or random.SystemRandom()).sample(bank, min(exam.questions_drawn, len(bank)))
    attempt = ExamAttempt(
        exam=exam,
        learner=learner,
        started_at=now,
        deadline=now + datetime.timedelta(minutes=exam.time_limit_minutes),
        question_count=len(drawn),
        pass_mark=exam.pass_mark,
    )
    attempt.full_clean()
    attempt.save()
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(attempt=attempt, question_id=pk, position=index)
        for index, pk in enumerate(drawn, start=1)
    )
    audit.record_create(actor=acting_user, obj=attempt, comment=str(exam))
    return attempt


# Answering -----------------------------------------------------------------------


def _clean_answer(question: Question, raw) -> list[int]:
    """The chosen option indexes, checked against the question."""
    if raw in (None, "", []):
        return []
    values = raw if isinstance(raw, list | tuple) else [raw]
    try:
        chosen = sorted({int(v) for v in values})
    except (TypeError, ValueError):
        raise ValidationError(_("The answer names an option that does not exist.")) from None
    if any(i < 0 or i >= len(question.options) for i in chosen):
        raise ValidationError(_("The answer names an option that does not exist."))
    if question.kind != QuestionKind.MULTIPLE and len(chosen) > 1:
        raise ValidationError(_("Choose one answer to this question."))
    return chosen


def _lock_own_attempt(acting_user, attempt: ExamAttempt) -> ExamAttempt:
    learner = require_learner(acting_user)
    locked = (
        ExamAttempt.objects.select_for_update().select_related("exam__course").get(pk=attempt.pk)
    )
    if locked.learner_id != learner.pk:
        raise PermissionDenied
    return locked


def _store_answers(attempt: ExamAttempt, answers: dict, now: datetime.datetime) -> int:
    """Save ``answers`` ({position: raw answer}) on the attempt's items; returns how
    many were saved."""
    items = {item.position: item for item in attempt.items.select_related("question")}
    changed = []
    for position, raw in answers.items():
        try:
            item = items[int(position)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(_("This question is not part of the attempt.")) from None
        item.answer = _clean_answer(item.question, raw)
        item.answered_at = now
        changed.append(item)
    AttemptQuestion.objects.bulk_update(changed, ["answer", "answered_at"])
    return len(changed)


def attempt_answer(
    *, acting_user, attempt: ExamAttempt, answers: dict, now: datetime.datetime | None = None
) -> int:
    """Save answers while the attempt runs; returns how many. After the deadline nothing
    is saved: the attempt is closed, scored on what was saved in time (that is kept),
    and the late answer is refused."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _lock_own_attempt(acting_user, attempt)
        if attempt.status != AttemptStatus.IN_PROGRESS:
            raise ValidationError(_("This attempt is finished; answers can no longer change."))
        if now <= attempt.deadline:
            return _store_answers(attempt, answers, now)
        _score(attempt, attempt.deadline, acting_user)
    raise ValidationError(_("Time is up: answers given after the time limit do not count."))


@transaction.atomic
def attempt_submit(
    *, acting_user, attempt: ExamAttempt, answers: dict | None = None, now=None
) -> ExamAttempt:
    """Hand in the attempt. Answers sent with it count only before the deadline (a late
    submit is scored on the answers saved in time). Submitting a finished attempt again
    changes nothing: it was scored once."""
    now = now or timezone.now()
    attempt = _lock_own_attempt(acting_user, attempt)
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return attempt
    if now <= attempt.deadline:
        if answers:
            _store_answers(attempt, answers, now)
        finished = now
    else:
        finished = attempt.deadline
    return _score(attempt, finished, acting_user)


def attempts_close_expired(*, learner: SalesStaff, now: datetime.datetime | None = None) -> int:
    """Score ``learner``'s attempts whose deadline passed without a submit."""
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        expired = ExamAttempt.objects.select_for_update().filter(
            learner=learner, status=AttemptStatus.IN_PROGRESS, deadline__lt=now
        )
        for attempt in expired.select_related("exam__course"):
            _score(attempt, attempt.deadline, None)
            count += 1
    return count


def attempts_close_all_expired(now: datetime.datetime | None = None) -> int:
    """Every learner's attempts past their deadline, scored (the periodic task): staff
    lists then show results, not attempts "in progress" that nobody will finish."""
    now = now or timezone.now()
    learners = (
        SalesStaff.objects.filter(
            exam_attempts__status=AttemptStatus.IN_PROGRESS, exam_attempts__deadline__lt=now
        )
        .distinct()
        .order_by("pk")
    )
    return sum(attempts_close_expired(learner=learner, now=now) for learner in learners)


def is_correct(question: Question, answer: list[int] | None) -> bool:
    """All or nothing: a multiple-choice answer must name exactly the right options."""
    return bool(answer) and sorted(answer) == sorted(question.answer)


def _score(attempt: ExamAttempt, finished: datetime.datetime, acting_user) -> ExamAttempt:
    items = list(attempt.items.select_related("question"))
    for item in items:
        in_time = item.answered_at is not None and item.answered_at <= attempt.deadline
        item.correct = in_time and is_correct(item.question, item.answer)
    AttemptQuestion.objects.bulk_update(items, ["correct"])
    attempt.correct_count = sum(1 for item in items if item.correct)
    attempt.question_count = len(items)
    attempt.score = round(100 * attempt.correct_count / len(items)) if items else 0
    attempt.passed = attempt.score >= attempt.pass_mark
    attempt.status = AttemptStatus.SCORED
    attempt.finished_at = finished
    if attempt.passed:
        attempt.certificate = _certificate_for(attempt, acting_user)
    attempt.save(
        update_fields=[
            "correct_count",
            "question_count",
            "score",
            "passed",
            "status",
            "finished_at",
            "certificate",
        ]
    )
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=attempt,
        changes={
            "score": {"label": str(_("score")), "old": None, "new": attempt.score},
            "passed": {"label": str(_("passed")), "old": None, "new": attempt.passed},
        },
        comment=str(attempt.certificate or ""),
    )
    return attempt


def _certificate_for(attempt: ExamAttempt, acting_user) -> Certificate | None:
    """The certificate a passed attempt earns: a new one for the certification exam
    (unless its holder already has a live one), a renewal for a refresher exam of a
    certificate that expires within ``RENEWAL_WINDOW_DAYS``."""
    kind = attempt.exam.course.kind
    learner = attempt.learner
    today = timezone.localdate(attempt.finished_at)
    ref = f"exam-attempt:{attempt.pk}"
    if kind == CourseKind.CERTIFICATION:
        if _live_certificate(learner, attempt.finished_at) is not None:
            return None
        return certificate_issue(
            acting_user=acting_user,
            holder=learner,
            valid_from=today,
            source=CertificateSource.EXAM,
            source_ref=ref,
        )
    if kind == CourseKind.REFRESHER:
        expiring = renewable_certificate(learner, today)
        if expiring is None:
            return None
        return certificate_issue(
            acting_user=acting_user,
            holder=learner,
            valid_from=max(today, expiring.valid_to + datetime.timedelta(days=1)),
            source=CertificateSource.RENEWAL,
            source_ref=ref,
            renewed_from=expiring,
            scope=expiring.scope,
        )
    return None


def renewable_certificate(learner: SalesStaff, today: datetime.date) -> Certificate | None:
    """``learner``'s certificate that a refresher exam would renew: live today, expiring
    within ``RENEWAL_WINDOW_DAYS``, not revoked and not renewed yet."""
    return (
        Certificate.objects.select_for_update(of=("self",))
        .filter(
            holder=learner,
            revoked_at__isnull=True,
            valid_from__lte=today,
            valid_to__gte=today,
            valid_to__lte=today + datetime.timedelta(days=RENEWAL_WINDOW_DAYS),
            renewal__isnull=True,
        )
        .order_by("valid_to")
        .first()
    )
