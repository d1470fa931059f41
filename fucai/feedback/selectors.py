"""Reads of complaints and evaluation: the public statistics (no personal data), the
substantiated complaints governance reads for violations, grading and the annual review,
and a survey's results by month and department beside the published ranks."""

import datetime
from collections import defaultdict

from django.db.models import Avg, Count
from django.db.models.functions import ExtractMonth

from .calendar import working_days_between
from .choices import ComplaintCategory, ComplaintOutcome, ComplaintState, QuestionKind
from .models import Complaint, PublishedRank, Survey, SurveyAnswer, SurveyResponse

SUBSTANTIATED = (ComplaintOutcome.SUBSTANTIATED, ComplaintOutcome.PARTLY)


def public_statistics(year: int) -> dict:
    """Counts by category, month and state, the handling time in working days and the
    satisfaction of the year's complaints. Aggregates only: nothing about a person or,
    below the category, about a station."""
    complaints = Complaint.objects.filter(received_at__year=year)
    by_category = dict(
        complaints.values_list("category").annotate(n=Count("pk")).values_list("category", "n")
    )
    by_state = dict(
        complaints.values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    by_month = dict(
        complaints.annotate(m=ExtractMonth("received_at"))
        .values_list("m")
        .annotate(n=Count("pk"))
        .values_list("m", "n")
    )
    spans = [
        working_days_between(received.date(), replied.date())
        for received, replied in complaints.filter(replied_at__isnull=False).values_list(
            "received_at", "replied_at"
        )
    ]
    rated = complaints.filter(rating__isnull=False).aggregate(avg=Avg("rating"), n=Count("pk"))
    satisfied = complaints.filter(rating__gte=4).count()
    return {
        "year": year,
        "total": sum(by_category.values()),
        "by_category": [
            (label, by_category.get(value, 0)) for value, label in ComplaintCategory.choices
        ],
        "by_state": [(label, by_state.get(value, 0)) for value, label in ComplaintState.choices],
        "by_month": [(month, by_month.get(month, 0)) for month in range(1, 13)],
        "replied": len(spans),
        "handling_days": round(sum(spans) / len(spans), 1) if spans else None,
        "rated": rated["n"],
        "rating": round(rated["avg"], 2) if rated["avg"] is not None else None,
        "satisfied_share": round(100 * satisfied / rated["n"]) if rated["n"] else None,
    }


def substantiated_complaints(
    station_ids, start: datetime.date, end: datetime.date
) -> dict[int, int] | None:
    """Station id -> complaints about it received between ``start`` and ``end``
    (inclusive) whose finding was substantiated (fully or in part); stations without
    one are absent. ``None`` while no complaint at all is recorded in the system (a
    center not using complaints yet): "no data", not zero."""
    if not Complaint.objects.exists():
        return None
    rows = (
        Complaint.objects.filter(
            station_id__in=list(station_ids),
            outcome__in=SUBSTANTIATED,
            received_at__date__range=(start, end),
        )
        .values_list("station_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def survey_results(survey: Survey) -> dict:
    """Per question: answers and the mean score (or option counts); by month: responses
    and the mean of all scores; by department: the mean score of its questions per month;
    and the published ranks of the survey's months beside them."""
    questions = list(survey.questions.select_related("department"))
    answers = SurveyAnswer.objects.filter(response__survey=survey)
    per_question = {
        row["question_id"]: row
        for row in answers.values("question_id").annotate(n=Count("pk"), avg=Avg("score"))
    }
    choice_counts: dict[int, dict[str, int]] = defaultdict(dict)
    for qid, choice, n in (
        answers.exclude(choice="").values_list("question_id", "choice").annotate(n=Count("pk"))
    ):
        choice_counts[qid][choice] = n
    monthly = (
        answers.filter(score__isnull=False)
        .values_list("response__submitted_at__year", "response__submitted_at__month")
        .annotate(avg=Avg("score"))
        .order_by("response__submitted_at__year", "response__submitted_at__month")
    )
    responses_by_month = {
        datetime.date(y, m, 1): n
        for y, m, n in SurveyResponse.objects.filter(survey=survey)
        .values_list("submitted_at__year", "submitted_at__month")
        .annotate(n=Count("pk"))
    }
    department_rows = (
        answers.filter(score__isnull=False, question__department__isnull=False)
        .values_list(
            "question__department__name",
            "response__submitted_at__year",
            "response__submitted_at__month",
        )
        .annotate(avg=Avg("score"))
    )
    departments: dict[str, dict[datetime.date, float]] = defaultdict(dict)
    for name, y, m, avg in department_rows:
        departments[name][datetime.date(y, m, 1)] = round(avg, 2)
    months = sorted({datetime.date(y, m, 1) for y, m, _ in monthly} | set(responses_by_month))
    ranks = {
        r.month: r
        for r in PublishedRank.objects.filter(
            month__gte=survey.opens_on.replace(day=1), month__lte=survey.closes_on
        )
    }
    months = sorted(set(months) | set(ranks))
    averages = {datetime.date(y, m, 1): round(avg, 2) for y, m, avg in monthly}
    return {
        "survey": survey,
        "responses": sum(responses_by_month.values()),
        "questions": [
            {
                "question": q,
                "answers": per_question.get(q.pk, {}).get("n", 0),
                "average": round(per_question[q.pk]["avg"], 2)
                if q.kind == QuestionKind.RATING and per_question.get(q.pk, {}).get("avg")
                else None,
                "choices": [(o, choice_counts[q.pk].get(o, 0)) for o in q.options],
            }
            for q in questions
        ],
        "months": [
            {
                "month": month,
                "responses": responses_by_month.get(month, 0),
                "average": averages.get(month),
                "rank": ranks.get(month),
            }
            for month in months
        ],
        "departments": [
            {"name": name, "months": [values.get(month) for month in months]}
            for name, values in sorted(departments.items())
        ],
    }


def open_complaints_count(user) -> int:
    return Complaint.objects.visible_to(user).open().count()
