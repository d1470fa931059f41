"""Driving one application through the real workflow services, step by step, then
moving its events (stamped "now" by the services) back to planned working days."""

from __future__ import annotations

import datetime

from django.utils import timezone

from fucai.core.models import Notification, Region, User
from fucai.recruitment import services
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.models import Application, ApplicationEvent, Objection

from .constants import RETURN_REASONS


class Workflow:
    """The steps and timeline half of the loader (``loader._Loader``): it expects
    ``rng``, ``overrides``, ``today``, ``call``, ``manager``, ``staff``, ``inspectors``,
    ``summary``, ``used_codes`` and ``serial`` on the instance."""

    def wd(self, start: datetime.date, n: int) -> datetime.date:
        """``add_working_days`` without a query per call."""
        step = datetime.timedelta(days=1 if n > 0 else -1)
        day, left = start, abs(n)
        while left:
            day += step
            working = self.overrides.get(day, day.weekday() < 5)
            left -= working
        return day

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
