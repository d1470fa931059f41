"""Demo data of the public recruitment: the 2019 continuous call for Wenzhou, about 120
applications spread over every state, schools, a public notice with an objection, a
public draw in an oversubscribed district and applications that became stations.

Unlike the station network (bulk-loaded), every application goes through the real
workflow services, so its events, audit entries and notifications exist as they would
in production. The services stamp "now"; each application's steps are then moved back
to planned working days, so the timelines and service-time metrics look lived-in.
Runs inside the demo command's transaction, after the station network exists:

    load_demo_recruitment(seed=seed)
"""

from __future__ import annotations

import datetime
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fucai.core import crypto
from fucai.core.choices import OrgUnitKind, Role
from fucai.core.models import Notification, OrgUnit, Region, User
from fucai.recruitment import geo, services
from fucai.recruitment.calendar import load_overrides
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.models import (
    ApplicantProfile,
    Application,
    ApplicationEvent,
    Draw,
    Objection,
    OpeningChecklist,
    RecruitmentCall,
    School,
)
from fucai.stations.models import Station

from .geo import PLACES, SEATS, URBAN_DISTRICTS
from .outlines import pull_inside
from .people import PeopleFactory

CALL_TITLE = "温州市2019年福利彩票投注站常态化公开征召公告"
DRAW_REGION = "330305"  # 洞头: few places, many applicants — a public draw decides
DRAW_SEED = "20191115-3D-258"
APPLICANT_PHONE = "13957700000"  # the demo `applicant` signs in on the portal with it
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FLOW = ["submit", "accept", "assign", "survey", "review", "notice", "pass", "approve",
        "schedule", "sign", "station"]  # fmt: skip

# How many applications end in each state: (name, steps, count).
RETURN = ["submit", "return", "resubmit"]
PLAN: list[tuple[str, list[str], int]] = [
    ("draft", [], 13),
    ("submitted", FLOW[:1], 12),
    ("resubmitted", RETURN, 3),
    ("returned", ["submit", "return"], 6),
    ("accepted", FLOW[:2], 8),
    ("survey_assigned", FLOW[:3], 8),
    ("resubmitted_survey", RETURN + FLOW[1:3], 2),
    ("surveyed", FLOW[:4], 8),
    ("approved_for_notice", FLOW[:5], 4),
    ("in_notice", FLOW[:6], 8),
    ("notice_passed", FLOW[:7], 4),
    ("objection_resolved", [*FLOW[:6], "objection", "resolve", "approve"], 1),
    ("objection_upheld", [*FLOW[:6], "objection", "uphold"], 1),
    ("approved", FLOW[:8], 5),
    ("contract_scheduled", FLOW[:9], 5),
    ("contract_signed", FLOW[:10], 4),
    ("station_created", FLOW, 7),
    ("station_after_correction", RETURN + FLOW[1:], 2),
    ("rejected_documents", ["submit", "reject"], 4),
    ("rejected_review", [*FLOW[:4], "review_reject"], 3),
    ("withdrawn", ["submit", "withdraw"], 5),
]
OVERDUE = {"submitted": 3, "survey_assigned": 2, "approved": 1}
SCHOOL_KINDS = ["实验小学", "第一小学", "第二小学", "中心幼儿园", "实验中学", "第二中学"]
RETURN_REASONS = [
    "房产证明照片不清晰，请重新拍摄上传。",
    "租赁合同缺少出租方签字页，请补充。",
    "身份证背面未上传，请补充。",
]


@dataclass
class RecruitmentSummary:
    call: RecruitmentCall | None = None
    applications: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    stations: list[str] = field(default_factory=list)
    schools: int = 0
    draw: Draw | None = None
    applicant_phone: str = APPLICANT_PHONE


def load_demo_recruitment(*, seed: int, today: datetime.date | None = None) -> RecruitmentSummary:
    """Load the recruitment demo. Call inside the demo's transaction, after the network."""
    return _Loader(seed, today or timezone.localdate()).run()


class _Loader:
    def __init__(self, seed: int, today: datetime.date) -> None:
        self.rng = random.Random(f"{seed}:recruitment")
        self.people = PeopleFactory(random.Random(f"{seed}:recruitment-people"))
        self.today = today
        self.staff = {u.username: u for u in User.objects.filter(role__isnull=False)}
        self.regions = {r.code: r for r in Region.objects.filter(code__in=list(SEATS))}
        self.inspectors: dict[str, User] = {}
        self.used_codes = set(Station.objects.values_list("code", flat=True))
        self.serial = 9999
        self.summary = RecruitmentSummary()
        # One read of the holiday table for every date the demo computes.
        self.overrides = load_overrides(today - datetime.timedelta(days=800), today)

    def wd(self, start: datetime.date, n: int) -> datetime.date:
        """``add_working_days`` without a query per call."""
        step = datetime.timedelta(days=1 if n > 0 else -1)
        day, left = start, abs(n)
        while left:
            day += step
            working = self.overrides.get(day, day.weekday() < 5)
            left -= working
        return day

    # -- set-up ---------------------------------------------------------------

    def run(self) -> RecruitmentSummary:
        manager = self.staff.get("stations") or User.objects.get(username="admin")
        self.manager = manager
        self.summary.schools = self._schools()
        self._inspectors()
        call = services.call_create(
            acting_user=manager,
            title=CALL_TITLE,
            body="为进一步规范福利彩票销售网点建设，现面向社会常态化公开征召投注站。"
            "全程网上申请、网上审批，办理流程“最多跑一次”，仅签约时到场一次。",
            opens_on=datetime.date(2019, 1, 2),
            closes_on=None,
            max_age=60,
            required_documents=["id_card"],
            quotas={code: (2 if code == DRAW_REGION else 12) for code in self.regions},
        )
        self.call = services.call_publish(acting_user=manager, call=call)
        self.summary.call = self.call
        self._applications()
        self._draw()
        self._demo_applicant()
        statuses = Application.objects.filter(call=self.call).values_list("status", flat=True)
        for status in statuses:
            self.summary.by_status[status] = self.summary.by_status.get(status, 0) + 1
        self.summary.applications = len(statuses)
        return self.summary

    def _schools(self) -> int:
        rows = ["名称,区县代码,纬度,经度"]
        for code, seat in SEATS.items():
            count = 5 if code in URBAN_DISTRICTS and code != "330305" else 3
            town = self.regions[code].label if code in self.regions else ""
            for kind in self.rng.sample(SCHOOL_KINDS, count):
                lat = seat.latitude + self.rng.uniform(-0.6, 0.6) * seat.jitter
                lng = seat.longitude + self.rng.uniform(-0.6, 0.6) * seat.jitter
                lat, lng = pull_inside(code, (seat.latitude, seat.longitude), (lat, lng))
                rows.append(f"{town}{kind},{code},{lat:.6f},{lng:.6f}")
        csv = io.BytesIO("\n".join(rows).encode())
        return services.schools_import_csv(acting_user=self.manager, file=csv)

    def _inspectors(self) -> None:
        """The demo `inspector` covers 鹿城; each other district gets its own surveyor."""
        for code, region in self.regions.items():
            if code == "330302" and "inspector" in self.staff:
                self.inspectors[code] = self.staff["inspector"]
                continue
            unit = OrgUnit.objects.filter(kind=OrgUnitKind.BRANCH, regions=region).first()
            user, created = User.objects.get_or_create(
                username=f"survey{code}",
                defaults={"role": Role.INSPECTOR, "org_unit": unit, "display_name": "勘察员"},
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            self.inspectors[code] = user

    # -- applications -----------------------------------------------------------

    def _applications(self) -> None:
        codes = [c for c in self.regions if c != DRAW_REGION]
        self.rng.shuffle(codes)
        jobs = [(name, steps) for name, steps, count in PLAN for _ in range(count)]
        self.rng.shuffle(jobs)
        overdue = dict(OVERDUE)
        for index, (name, steps) in enumerate(jobs):
            region = self.regions[codes[index % len(codes)]]
            late = overdue.get(name, 0) > 0
            if late:
                overdue[name] -= 1
            self._one(name, steps, region, late=late)
        # The oversubscribed district: five applicants reach the end of their notice.
        for _ in range(5):
            self._one("draw", FLOW[:7], self.regions[DRAW_REGION], late=False)

    def _applicant_user(self, person) -> User:
        self.serial_user = getattr(self, "serial_user", 0) + 1
        user = User.objects.create(
            username=f"demo-applicant-{self.serial_user:03d}",
            role=Role.APPLICANT,
            display_name=person.name,
        )
        return user

    def _person(self, region_code: str):
        while True:
            person = self.people.person(region_code)
            birth = datetime.date(
                int(person.id_number[6:10]),
                int(person.id_number[10:12]),
                int(person.id_number[12:14]),
            )
            if 25 <= (self.today - birth).days // 365 <= 57:
                return person

    def _site(self, region: Region) -> tuple[Decimal, Decimal, str]:
        """A spot that keeps its distance from stations and schools, and an address."""
        seat = SEATS[region.code]
        for _ in range(40):
            lat = seat.latitude + self.rng.uniform(-1, 1) * seat.jitter
            lng = seat.longitude + self.rng.uniform(-1, 1) * seat.jitter
            lat, lng = pull_inside(region.code, (seat.latitude, seat.longitude), (lat, lng))
            station = geo.nearest_station(lat, lng)
            school = geo.nearest_school(lat, lng)
            if (station is None or station.distance_m > 320) and (
                school is None or school.distance_m > 260
            ):
                break
        places = PLACES[region.code]
        town = self.rng.choice(places.towns)
        prefix = f"温州市{region.name}" if region.code in URBAN_DISTRICTS else region.name
        address = f"{prefix}{town}{self.rng.choice(places.roads)}{self.rng.randint(1, 388)}号"
        return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}"), address

    def _one(self, name: str, steps: list[str], region: Region, *, late: bool) -> Application:
        person = self._person(region.code)
        user = self._applicant_user(person)
        return self._apply(user, person, steps, region, late=late)

    def _apply(self, user, person, steps, region, *, late: bool) -> Application:
        rng = self.rng
        lat, lng, address = self._site(region)
        leased = rng.random() < 0.6
        application = services.application_create(
            acting_user=user,
            call=self.call,
            name=person.name,
            id_number=person.id_number,
            phone=person.phone,
            education=rng.choice(["high_school", "high_school", "college", "bachelor"]),
            address=address,
            region=region,
            latitude=lat,
            longitude=lng,
            area=Decimal(rng.randint(22, 80)),
            tenure="leased" if leased else "owned",
            lease_ends_on=datetime.date(2025 + rng.randint(3, 6), 12, 31) if leased else None,
            intended_class="dedicated" if rng.random() < 0.7 else "combined",
            experience=rng.choice(["", "经营便利店五年。", "从事零售行业多年，熟悉彩票销售。"]),
            resides_in_region=True,
        )
        if steps:
            services.application_document_add(
                acting_user=user,
                application=application,
                kind="id_card",
                file=SimpleUploadedFile("id_card.png", PNG),
            )
        dates = self._dates(steps, late=late)
        for step, day in zip(steps, dates, strict=True):
            self._step(step, application, user, region, day)
        # Each step logs one event, except an objection (none): no query per step.
        days = [day for step, day in zip(steps, dates, strict=True) if step != "objection"]
        self._backdate(application, days)
        return application

    def _dates(self, steps: list[str], *, late: bool) -> list[datetime.date]:
        """A day per step, forward from a start so that the last one falls on an
        anchor: recent if the application is still open (or late), older if done."""
        if not steps:
            return []
        rng = self.rng
        forward = [datetime.date(2019, 1, 7)]
        notice_day = None
        for step in steps[1:]:
            if step in {"pass", "resolve", "uphold"} and notice_day is not None:
                day = notice_day + datetime.timedelta(days=self.call.notice_days + 1)
            else:
                slow = rng.random() < 0.12
                day = self.wd(forward[-1], rng.randint(4, 7) if slow else rng.randint(1, 3))
            forward.append(max(day, forward[-1]))
            if step == "notice":
                notice_day = day
        if steps[0] == "notice":
            notice_day = forward[0]
        final = steps[-1] in {"station", "reject", "review_reject", "withdraw", "uphold"}
        if final:
            anchor = self.today - datetime.timedelta(days=rng.randint(20, 200))
        elif late:
            anchor = self.wd(self.today, -12)
        elif steps[-1] == "notice":
            anchor = self.today - datetime.timedelta(days=rng.randint(0, 3))
        else:
            anchor = self.wd(self.today, -rng.randint(0, 1))
        shift = anchor - forward[-1]
        return [day + shift for day in forward]

    def _reviewer(self, region: Region) -> User:
        return {"330302": self.staff.get("lucheng"), "330381": self.staff.get("ruian")}.get(
            region.code
        ) or self.manager

    def _step(self, step: str, application, user, region, day: datetime.date) -> None:
        staff = self._reviewer(region)
        common = {"acting_user": staff, "application": application}
        rng = self.rng
        if step == "submit":
            services.application_submit(acting_user=user, application=application)
        elif step == "return":
            services.application_return_for_correction(**common, reasons=rng.choice(RETURN_REASONS))
        elif step == "resubmit":
            services.application_resubmit(
                acting_user=user, application=application, comment="已按要求补正。"
            )
        elif step == "accept":
            services.application_accept(**common)
        elif step == "assign":
            services.application_assign_survey(**common, inspector=self.inspectors[region.code])
        elif step == "survey":
            services.application_record_survey(
                acting_user=self.inspectors[region.code],
                application=application,
                findings=rng.choice(
                    ["临街一楼门面，面积与申报一致。", "门店位于小区出入口旁，周边无学校。"]
                ),
            )
        elif step == "review":
            services.application_review(
                **common, decision="approve", comment="符合征召条件，同意公示。"
            )
        elif step == "review_reject":
            services.application_review(
                **common, decision="reject", comment="经营场所不符合设站要求。"
            )
        elif step == "notice":
            services.application_start_notice(**common, starts_on=day)
        elif step == "objection":
            services.objection_record(
                acting_user=None,
                application=application,
                content="该店面距离一所培训学校较近，是否符合规定？",
                raised_by="市民 · 0577-8888xxxx",
                received_on=day,
            )
        elif step in {"resolve", "uphold"}:
            objection = Objection.objects.get(application=application)
            services.objection_resolve(
                acting_user=staff,
                objection=objection,
                upheld=step == "uphold",
                resolution="经实地核查，异议不成立。"
                if step == "resolve"
                else "经核查异议属实，不予设站。",
            )
            if step == "resolve":
                services.application_pass_notice(**common)
        elif step == "pass":
            services.application_pass_notice(**common)
        elif step == "approve":
            services.application_approve(**common)
        elif step == "schedule":
            later = timezone.now() + datetime.timedelta(days=rng.randint(2, 9), hours=1)
            services.contract_schedule(
                **common, appointment_at=later, place="温州市福彩中心综合服务大厅"
            )
        elif step == "sign":
            services.contract_sign(**common, signed_on=day)
        elif step == "station":
            self.summary.stations.append(
                services.station_create_from_application(
                    **common,
                    code=self._station_code(),
                    contract_number=f"WZFC-2019-{self.serial:04d}",
                ).code
            )
        elif step == "reject":
            services.application_reject(**common, reason="申请人不符合学历条件。")
        elif step == "withdraw":
            services.application_withdraw(
                acting_user=user, application=application, reason="个人原因"
            )
        else:  # pragma: no cover - a typo in PLAN
            raise ValueError(step)

    def _station_code(self) -> str:
        while f"3303{self.serial:04d}" in self.used_codes:
            self.serial -= 1
        code = f"3303{self.serial:04d}"
        self.used_codes.add(code)
        return code

    def _backdate(self, application: Application, days: list[datetime.date]) -> None:
        """Move the events (stamped now) to their steps' planned days, in order."""
        if not days:
            return
        application.refresh_from_db()
        events = list(application.events.order_by("at", "id"))
        day_of = {event.pk: day for event, day in zip(events, days, strict=False)}
        tz = timezone.get_default_timezone()
        previous = None
        for index, event in enumerate(events):
            day = day_of.get(event.pk, days[-1])
            hour = 9 if previous is None or previous.date() != day else min(previous.hour + 1, 17)
            event.at = datetime.datetime.combine(
                day, datetime.time(hour, self.rng.randint(0, 59)), tz
            )
            previous = event.at
            following = events[index + 1] if index + 1 < len(events) else None
            if event.to_status == S.CONTRACT_SCHEDULED and following is not None:
                event.deadline_on = day_of.get(following.pk, day)
            elif event.deadline_on and event.to_status != S.IN_NOTICE:
                sla = self.call.sla_for(event.to_status)
                if sla and event.to_status != S.CONTRACT_SCHEDULED:
                    event.deadline_on = self.wd(day, sla)
        ApplicationEvent.objects.bulk_update(events, ["at", "deadline_on"])
        Notification.objects.filter(application=application).update(created_at=events[-1].at)
        submitted = next((e.at for e in events if e.to_status == S.SUBMITTED), None)
        updates = {
            "created_at": events[0].at - datetime.timedelta(days=1),
            "submitted_at": submitted,
            "status_changed_at": events[-1].at,
            "due_on": events[-1].deadline_on,
        }
        if application.contract_signed_on:
            updates["contract_appointment_at"] = datetime.datetime.combine(
                application.contract_signed_on, datetime.time(10), tz
            )
        if application.surveyed_at:
            survey = next((e.at for e in events if e.to_status == S.SURVEYED), None)
            updates["surveyed_at"] = survey
        Application.objects.filter(pk=application.pk).update(**updates)

    # -- the draw and the demo login ------------------------------------------------

    def _draw(self) -> None:
        region = self.regions[DRAW_REGION]
        draw = services.draw_run(
            acting_user=self.manager, call=self.call, region=region, seed=DRAW_SEED
        )
        winner = Application.objects.get(draw=draw, draw_rank=1)
        services.application_approve(acting_user=self.manager, application=winner)
        self.summary.draw = draw

    def _demo_applicant(self) -> None:
        """The `applicant` login: a withdrawn application and one corrected and in notice."""
        user = User.objects.filter(username="applicant").first()
        if user is None:
            return
        region = self.regions["330302"]
        person = self._person(region.code)
        if not ApplicantProfile.objects.filter(user=user).exists():
            ApplicantProfile.objects.create(
                user=user, phone=APPLICANT_PHONE, phone_digest=crypto.blind_index(APPLICANT_PHONE)
            )
        person = person._replace(name=user.display_name or person.name, phone=APPLICANT_PHONE)
        self._apply(user, person, ["submit", "withdraw"], region, late=False)
        self._apply(
            user,
            person,
            [*RETURN, "accept", "assign", "survey", "review", "notice"],
            region,
            late=False,
        )
        self._apply(user, person, [], self.regions["330381"], late=False)


def flush_demo_recruitment() -> int:
    """Delete the demo's recruitment rows (they PROTECT stations): call before the
    stations are flushed."""
    calls = RecruitmentCall.objects.filter(title=CALL_TITLE)
    applications = Application.objects.filter(call__in=calls)
    count = applications.count()
    OpeningChecklist.objects.filter(application__in=applications).delete()
    applications.update(draw=None)
    Draw.objects.filter(call__in=calls).delete()
    applications.delete()
    calls.delete()
    School.objects.all().delete()
    User.objects.filter(username__startswith="demo-applicant-").delete()
    User.objects.filter(username__startswith="survey3303").delete()
    return count
