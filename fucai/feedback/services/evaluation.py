"""Writes of the public evaluation (万人双评议): surveys and their questions, the
public's answers (one per phone and survey, by the phone's blind index), and the ranks
the evaluating body publishes each month; and of the conduct supervisors (行风监督员)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fucai.core import audit, crypto
from fucai.core.models import OrgUnit
from fucai.core.validators import validate_mobile
from fucai.stations.models import Station

from ..choices import QuestionKind, ResponseChannel
from ..models import (
    PublishedRank,
    Supervisor,
    SupervisorFeedback,
    SupervisorInvitation,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)


def parse_questions(text: str) -> list[dict]:
    """Questions typed one per line: ``部门: 问题`` makes a rating question about that
    department, ``问题 :: 选项一 / 选项二`` a single choice, ``问题 ??`` a free text, anything
    else a rating (1-5) question."""
    units = {u.name: u for u in OrgUnit.objects.all()}
    questions = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        question = {"kind": QuestionKind.RATING, "options": [], "department": None}
        if "::" in line:
            line, options = line.split("::", 1)
            question["kind"] = QuestionKind.CHOICE
            question["options"] = [o.strip() for o in options.split("/") if o.strip()]
            if len(question["options"]) < 2:
                raise ValidationError(_("A choice question needs at least two options."))
        elif line.endswith("??"):
            line = line[:-2]
            question["kind"] = QuestionKind.TEXT
        for separator in (":", "："):
            head, _sep, rest = line.partition(separator)
            if rest and head.strip() in units:
                question["department"] = units[head.strip()]
                line = rest
                break
        question["text"] = line.strip()[:200]
        questions.append(question)
    if not questions:
        raise ValidationError(_("Add at least one question."))
    return questions


@transaction.atomic
def survey_create(
    *,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    questions: list[dict],
    intro: str = "",
    acting_user,
) -> Survey:
    survey = Survey(title=title, intro=intro, opens_on=opens_on, closes_on=closes_on)
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The survey closes before it opens.")})
    survey.full_clean()
    survey.save()
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=survey, position=i, **q) for i, q in enumerate(questions)
    )
    audit.record_create(actor=acting_user, obj=survey)
    return survey


def survey_answer(
    *,
    survey: Survey,
    phone: str,
    answers: dict[int, object],
    station: Station | None = None,
    at: datetime.datetime | None = None,
) -> SurveyResponse:
    """Record the public's answers. One response per phone and survey: the phone is kept
    only as a keyed hash, enough to refuse a second answer and never readable."""
    at = at or timezone.now()
    if not survey.is_open(timezone.localtime(at).date()):
        raise ValidationError(_("This survey is not open."))
    digest = crypto.blind_index(validate_mobile(phone))
    questions = {q.pk: q for q in survey.questions.all()}
    rows = []
    for qid, value in answers.items():
        question = questions.get(qid)
        if question is None:
            raise ValidationError(_("Unknown question."))
        if question.kind == QuestionKind.RATING:
            if value not in range(1, 6):
                raise ValidationError(_("Choose from 1 to 5 stars."))
            rows.append(SurveyAnswer(question=question, score=value))
        elif question.kind == QuestionKind.CHOICE:
            if value not in question.options:
                raise ValidationError(_("Choose one of the options."))
            rows.append(SurveyAnswer(question=question, choice=value))
        else:
            rows.append(SurveyAnswer(question=question, text=str(value)[:500]))
    missing = [q for q in questions.values() if q.required and q.pk not in answers]
    if missing:
        raise ValidationError(_("Answer every required question."))
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey,
                phone_digest=digest,
                channel=ResponseChannel.STATION_QR if station else ResponseChannel.PORTAL,
                station=station,
                submitted_at=at,
            )
            for row in rows:
                row.response = response
            SurveyAnswer.objects.bulk_create(rows)
            audit.record(actor=None, action="survey.answer", obj=response)
    except IntegrityError:
        raise ValidationError(_("This mobile has already answered this survey.")) from None
    return response


@transaction.atomic
def rank_record(
    *,
    month: datetime.date,
    rank: int,
    body: str,
    out_of: int | None = None,
    note: str = "",
    acting_user,
) -> PublishedRank:
    """Record (or correct) the rank published for ``month``."""
    month = month.replace(day=1)
    if out_of is not None and rank > out_of:
        raise ValidationError({"rank": _("The rank is beyond the number of units ranked.")})
    entry, created = PublishedRank.objects.select_for_update().get_or_create(
        month=month,
        defaults={
            "rank": rank,
            "out_of": out_of,
            "body": body,
            "note": note,
            "entered_by": acting_user,
        },
    )
    before = audit.snapshot(entry)
    if not created:
        entry.rank, entry.out_of, entry.body, entry.note = rank, out_of, body, note
        entry.entered_by = acting_user
        entry.full_clean()
        entry.save()
    audit.record(
        actor=acting_user,
        action="rank.record",
        obj=entry,
        changes=audit.diff(PublishedRank, before, audit.snapshot(entry)) if not created else {},
    )
    return entry


@transaction.atomic
def supervisor_register(
    *,
    name: str,
    phone: str,
    term_starts_on: datetime.date,
    term_ends_on: datetime.date,
    organisation: str = "",
    acting_user,
) -> Supervisor:
    supervisor = Supervisor(
        name=name,
        phone=validate_mobile(phone),
        organisation=organisation,
        term_starts_on=term_starts_on,
        term_ends_on=term_ends_on,
    )
    if term_ends_on < term_starts_on:
        raise ValidationError(_("The term ends before it starts."))
    supervisor.full_clean()
    supervisor.save()
    audit.record_create(actor=acting_user, obj=supervisor)
    return supervisor


@transaction.atomic
def supervisor_invite(
    *, supervisor: Supervisor, event: str, held_on: datetime.date, acting_user
) -> SupervisorInvitation:
    if not supervisor.serving_on(held_on):
        raise ValidationError(_("The supervisor's term does not cover this date."))
    invitation = SupervisorInvitation.objects.create(
        supervisor=supervisor, event=event, held_on=held_on
    )
    audit.record_create(actor=acting_user, obj=invitation)
    return invitation


@transaction.atomic
def supervisor_feedback_record(
    *, supervisor: Supervisor, received_on: datetime.date, text: str, acting_user
) -> SupervisorFeedback:
    feedback = SupervisorFeedback(supervisor=supervisor, received_on=received_on, text=text)
    feedback.full_clean()
    feedback.save()
    audit.record_create(actor=acting_user, obj=feedback)
    return feedback


@transaction.atomic
def supervisor_feedback_answer(
    *, feedback: SupervisorFeedback, answer: str, acting_user, at=None
) -> SupervisorFeedback:
    feedback = SupervisorFeedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.answered_at is not None:
        raise ValidationError(_("This feedback is answered already."))
    feedback.answer = answer.strip()
    feedback.answered_at = at or timezone.now()
    feedback.answered_by = acting_user
    feedback.save(update_fields=["answer", "answered_at", "answered_by"])
    audit.record(
        actor=acting_user, action="supervisor.answer", obj=feedback, changes={"answered": True}
    )
    return feedback
