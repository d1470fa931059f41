"""The recruitment demo's set-up: schools, surveyors, the call, the applications (each
through ``Workflow``), the public draw and the demo applicant's own applications."""

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
from fucai.core.models import OrgUnit, Region, User
from fucai.recruitment import geo, services
from fucai.recruitment.calendar import load_overrides
from fucai.recruitment.models import (
    ApplicantProfile,
    Application,
    Draw,
    OpeningChecklist,
    RecruitmentCall,
    School,
)
from fucai.stations.models import Station

from ..geo import PLACES, SEATS, URBAN_DISTRICTS
from ..outlines import pull_inside
from ..people import PeopleFactory
from .constants import (
    APPLICANT_PHONE,
    CALL_TITLE,
    DRAW_REGION,
    DRAW_SEED,
    FLOW,
    OVERDUE,
    PLAN,
    PNG,
    RETURN,
    SCHOOL_KINDS,
)
from .workflow import Workflow


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


class _Loader(Workflow):
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
