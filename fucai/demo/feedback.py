"""The demo's complaints and public evaluation of 2019.

- ~150 complaints and suggestions over 2019 in every state, filed on the portal, by
  owners and by phone, assigned by the assignment rules (loaded here as data), replied,
  rated; the oldest unanswered ones escalated. They go through the services with their
  2019 dates, so the handling times and satisfaction of the public statistics page are
  computed from them. No station gets three substantiated complaints (which would make
  its annual review conditional): the demo's reviews and grades are computed before
  this step, from the governance records.
- The 2019 万人双评议 survey with questions about the center's departments, a few dozen
  answers a month from the portal and the stations' QR codes, and the month-by-month
  rank the civil affairs bureau published (the seed: "连续5个月获得民政局作风效能示范岗
  前三" — top three from August to December).
- Six 行风监督员 with their terms, invited to the 2019-12-13 elderly-home visit, and
  their remarks with the center's answers.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from fucai.core.choices import OrgUnitKind
from fucai.core.models import AuditEntry, OrgUnit, User
from fucai.feedback.calendar import add_working_days
from fucai.feedback.choices import ComplaintCategory, ComplaintOutcome, ComplaintSource
from fucai.feedback.models import (
    AssignmentRule,
    Complaint,
    ComplaintEvent,
    PublishedRank,
    Supervisor,
    SupervisorFeedback,
    SupervisorInvitation,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from fucai.feedback.services import complaints as services
from fucai.feedback.services import evaluation
from fucai.stations.models import Station

YEAR = 2019
COMPLAINTS = 150
RANK_BODY = "温州市民政局作风效能示范岗评议"
# The published rank per month (the seed: top three for the last five months running).
RANKS = {1: 6, 2: 5, 3: 7, 4: 4, 5: 5, 6: 4, 7: 4, 8: 3, 9: 2, 10: 1, 11: 2, 12: 1}
RANKED_UNITS = 24

# (category, share, subject, text, reply of a substantiated finding)
CATEGORIES = [
    (
        ComplaintCategory.STATION_SERVICE,
        30,
        "投注站服务态度差",
        "销售员态度冷淡，出票时不耐烦。",
        "已约谈业主并对销售员进行服务规范培训。",
    ),
    (
        ComplaintCategory.PAYOUT,
        20,
        "小奖兑付推诿",
        "中了小奖，投注站以零钱不足为由拒绝兑付。",
        "经核实属实，已责令当日兑付并予以警告。",
    ),
    (
        ComplaintCategory.UNDERAGE,
        8,
        "向未成年人售彩",
        "看到投注站向穿校服的学生出售即开票。",
        "经暗访核实，已记录违规并责令整改。",
    ),
    (
        ComplaintCategory.ILLEGAL_LOTTERY,
        7,
        "疑似销售私彩",
        "投注站内有人私下代买外围彩票。",
        "已会同公安核查，相关人员已清退。",
    ),
    (
        ComplaintCategory.STAFF_CONDUCT,
        10,
        "中心工作人员答复不及时",
        "电话咨询兑奖流程，多次无人接听。",
        "已调整值班安排，确保工作时间专人接听。",
    ),
    (
        ComplaintCategory.SUGGESTION,
        25,
        "建议增加自助兑奖点",
        "希望在县城增加大额奖金兑奖点，减少往返。",
        "建议已采纳，综合服务站将提供兑奖咨询。",
    ),
]
NOT_SUBSTANTIATED = "经调取监控核实，未发现所反映情况，已向您说明。"
QUESTIONS = [
    ("办公室", "窗口接待与咨询答复"),
    ("站点管理科", "投注站管理与服务"),
    ("财务科", "兑奖与资金管理"),
    ("公益事业科", "公益金使用与公开"),
    ("市场营销科", "宣传与营销活动"),
    (None, "您对市福彩中心作风效能的总体评价"),
]
SUPERVISORS = [
    ("陈建国", "市人大代表"),
    ("林秀英", "市政协委员"),
    ("王志明", "鹿城区彩民代表"),
    ("周丽华", "瑞安市社区工作者"),
    ("黄海涛", "温州日报记者"),
    ("吴晓燕", "温州大学教师"),
]


@dataclass
class FeedbackSummary:
    complaints: Counter = field(default_factory=Counter)
    responses: int = 0
    supervisors: int = 0


def flush_demo_feedback() -> dict[str, int]:
    deleted = {}
    for model in (
        ComplaintEvent,
        Complaint,
        AssignmentRule,
        SurveyAnswer,
        SurveyResponse,
        SurveyQuestion,
        Survey,
        PublishedRank,
        SupervisorFeedback,
        SupervisorInvitation,
        Supervisor,
    ):
        deleted[str(model._meta.verbose_name_plural)] = model.objects.all().delete()[0]
    AuditEntry.objects.filter(
        content_type__in=ContentType.objects.filter(app_label="feedback")
    ).delete()
    return deleted


def _at(rng: random.Random, day: datetime.date, hour_from=8, hour_to=20) -> datetime.datetime:
    moment = datetime.datetime.combine(
        day, datetime.time(rng.randint(hour_from, hour_to - 1), rng.randint(0, 59))
    )
    return timezone.make_aware(moment)


def _rules(units: dict[str, OrgUnit]) -> None:
    stations = units.get("站点管理科")
    if stations is None:
        return
    for category, unit, branch, days in (
        (ComplaintCategory.STATION_SERVICE, "站点管理科", True, 5),
        (ComplaintCategory.PAYOUT, "财务科", True, 3),
        (ComplaintCategory.UNDERAGE, "站点管理科", True, 3),
        (ComplaintCategory.ILLEGAL_LOTTERY, "站点管理科", False, 5),
        (ComplaintCategory.STAFF_CONDUCT, "办公室", False, 5),
        (ComplaintCategory.SUGGESTION, "市场营销科", False, 10),
    ):
        AssignmentRule.objects.get_or_create(
            category=category,
            region=None,
            defaults={
                "unit": units.get(unit, stations),
                "to_district_branch": branch,
                "deadline_days": days,
            },
        )


def _complaints(rng, handler, owner, result) -> None:
    stations = list(
        Station.objects.filter(opened_on__lte=datetime.date(YEAR, 1, 1))
        .exclude(closed_on__lt=datetime.date(YEAR, 12, 31))
        .select_related("region")
        .order_by("code")
    )
    if not stations:
        return
    own = list(Station.objects.filter(owner__user=owner).order_by("code")) if owner else []
    substantiated: Counter = Counter()
    weights = [c[1] for c in CATEGORIES]
    for n in range(COMPLAINTS):
        category, _share, title, text, reply = rng.choices(CATEGORIES, weights)[0]
        # Spread over the year, denser in the busy months before the Spring Festival.
        day = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randint(0, 360))
        station = None
        if category not in (ComplaintCategory.STAFF_CONDUCT, ComplaintCategory.SUGGESTION):
            station = rng.choice(stations)
        source = rng.choices(
            [ComplaintSource.PORTAL, ComplaintSource.PHONE, ComplaintSource.OWNER], [60, 35, 5]
        )[0]
        acting = handler if source == ComplaintSource.PHONE else None
        if source == ComplaintSource.OWNER:
            if not own:
                source, acting = ComplaintSource.PORTAL, None
            else:
                station, acting = rng.choice(own), owner
                category, title, text = (
                    ComplaintCategory.SUGGESTION,
                    "建议加快新游戏宣传物料配送",
                    "新游戏上市，宣传物料迟迟未到站。",
                )
                reply = "已协调物流，物料将于三个工作日内送达。"
        phone = f"1395771{n:04d}" if rng.random() < 0.7 else ""
        received = _at(rng, day)
        complaint = services.complaint_submit(
            source=source,
            category=category,
            title=title,
            text=text,
            station=station,
            name=rng.choice(["", "王先生", "李女士", "张先生", "陈女士"]),
            phone=phone,
            acting_user=acting,
            received_at=received,
        )
        # Taken on the same day, by the assigned unit (not the day the demo is loaded).
        accepted = received + datetime.timedelta(hours=2)
        # The last weeks of the year are still open; a few older ones slipped.
        late = day >= datetime.date(YEAR, 12, 10)
        if late or rng.random() < 0.04:
            if rng.random() < 0.5:
                services.complaint_accept(complaint=complaint, acting_user=handler, at=accepted)
            if not late:
                complaint.escalated_at = timezone.make_aware(
                    datetime.datetime.combine(
                        complaint.due_on + datetime.timedelta(days=1), datetime.time(6, 45)
                    )
                )
                complaint.save(update_fields=["escalated_at"])
            complaint.refresh_from_db(fields=["state"])
            result.complaints[str(complaint.state)] += 1
            continue
        services.complaint_accept(complaint=complaint, acting_user=handler, at=accepted)
        working = add_working_days(day, rng.randint(1, 6))
        replied = _at(rng, working, 9, 18)
        if category == ComplaintCategory.SUGGESTION:
            outcome, answer = ComplaintOutcome.NOTED, reply
        elif station is not None and substantiated[station.pk] >= 2:
            outcome, answer = ComplaintOutcome.UNSUBSTANTIATED, NOT_SUBSTANTIATED
        else:
            outcome = rng.choices(
                [
                    ComplaintOutcome.SUBSTANTIATED,
                    ComplaintOutcome.PARTLY,
                    ComplaintOutcome.UNSUBSTANTIATED,
                ],
                [45, 20, 35],
            )[0]
            answer = NOT_SUBSTANTIATED if outcome == ComplaintOutcome.UNSUBSTANTIATED else reply
        if station is not None and outcome in (
            ComplaintOutcome.SUBSTANTIATED,
            ComplaintOutcome.PARTLY,
        ):
            substantiated[station.pk] += 1
        services.complaint_reply(
            complaint=complaint, reply=answer, outcome=outcome, acting_user=handler, at=replied
        )
        if rng.random() < 0.8:
            rating = rng.choices([5, 4, 3, 2, 1], [55, 28, 10, 5, 2])[0]
            services.complaint_rate(
                complaint=complaint,
                rating=rating,
                comment=rng.choice(["", "处理及时", "满意", "希望加强监管"]),
                at=replied + datetime.timedelta(days=rng.randint(0, 5)),
            )
        complaint.refresh_from_db(fields=["state"])
        result.complaints[str(complaint.state)] += 1


def _survey(rng, handler, units, result) -> None:
    survey = Survey.objects.create(
        title=f"{YEAR}年万人双评议群众满意度调查",
        intro="请对市福彩中心各科室的作风效能打分（1-5分）。",
        opens_on=datetime.date(YEAR, 1, 1),
        closes_on=datetime.date(YEAR, 12, 31),
    )
    questions = SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=survey, position=i, text=text, department=units.get(unit))
        for i, (unit, text) in enumerate(QUESTIONS)
    )
    stations = list(Station.objects.order_by("code")[:200])
    serial = 0
    for month in range(1, 13):
        # Satisfaction rises over the year, with the ranks.
        base = 3.6 + month * 0.1
        for _n in range(rng.randint(25, 45)):
            serial += 1
            day = datetime.date(YEAR, month, rng.randint(1, 28))
            answers = {q.pk: max(1, min(5, round(rng.gauss(base, 0.8)))) for q in questions}
            evaluation.survey_answer(
                survey=survey,
                phone=f"1367770{serial:04d}",
                answers=answers,
                station=rng.choice(stations) if stations and rng.random() < 0.4 else None,
                at=_at(rng, day),
            )
            result.responses += 1
    for month, rank in RANKS.items():
        evaluation.rank_record(
            month=datetime.date(YEAR, month, 1),
            rank=rank,
            out_of=RANKED_UNITS,
            body=RANK_BODY,
            acting_user=handler,
        )


def _supervisors(rng, handler, result) -> None:
    for n, (name, organisation) in enumerate(SUPERVISORS):
        supervisor = evaluation.supervisor_register(
            name=name,
            organisation=organisation,
            phone=f"1380577{n:04d}",
            term_starts_on=datetime.date(2018, 7, 1),
            term_ends_on=datetime.date(2021, 6, 30),
            acting_user=handler,
        )
        result.supervisors += 1
        for event, day in (
            ("福彩开奖现场监督", datetime.date(YEAR, 5, 20)),
            ("探访平阳怀溪晓坑慈善敬老院", datetime.date(YEAR, 12, 13)),
        ):
            invitation = evaluation.supervisor_invite(
                supervisor=supervisor, event=event, held_on=day, acting_user=handler
            )
            invitation.attended = rng.random() < 0.85
            invitation.save(update_fields=["attended"])
        feedback = evaluation.supervisor_feedback_record(
            supervisor=supervisor,
            received_on=datetime.date(YEAR, rng.randint(3, 11), rng.randint(1, 28)),
            text=rng.choice(
                [
                    "建议在投注站醒目位置张贴“不向未成年人售彩”标识。",
                    "兑奖大厅周末能否安排值班？",
                    "公益金使用情况可以更直观地公开。",
                ]
            ),
            acting_user=handler,
        )
        if n < 5:
            evaluation.supervisor_feedback_answer(
                feedback=feedback,
                answer="感谢监督，已研究落实并在下次监督员座谈会上通报。",
                acting_user=handler,
                at=timezone.make_aware(
                    datetime.datetime.combine(
                        feedback.received_on + datetime.timedelta(days=7), datetime.time(10)
                    )
                ),
            )


@transaction.atomic
def load_demo_feedback(*, seed: int = YEAR) -> FeedbackSummary:
    """Load 2019's complaints, evaluation and supervisors (skipped when present)."""
    result = FeedbackSummary()
    if Complaint.objects.filter(received_at__year=YEAR).exists():
        return result
    rng = random.Random(f"{seed}:feedback")
    units = {u.name: u for u in OrgUnit.objects.filter(kind=OrgUnitKind.DEPARTMENT).order_by("pk")}
    handler = User.objects.filter(username="stations").first()
    owner = User.objects.filter(username="owner").first()
    if handler is None:
        return result
    _rules(units)
    _complaints(rng, handler, owner, result)
    _survey(rng, handler, units, result)
    _supervisors(rng, handler, result)
    return result
