"""An application's progress as the applicant (or anyone with its tracking code) sees
it: the steps done and to come, who handles each — by role, never by name — what is
needed next and by when."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.recruitment import constants as c
from fucai.recruitment.choices import FINAL_STATES
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.notify import NEXT_STEP
from fucai.recruitment.selectors import WAITING_ON

# The road every successful application travels, for the step indicator.
ROAD = [
    S.SUBMITTED,
    S.ACCEPTED,
    S.SURVEY_ASSIGNED,
    S.SURVEYED,
    S.APPROVED_FOR_NOTICE,
    S.IN_NOTICE,
    S.NOTICE_PASSED,
    S.APPROVED,
    S.CONTRACT_SCHEDULED,
    S.CONTRACT_SIGNED,
    S.STATION_CREATED,
]
# The applicant reads the staff's words only where they are addressed to them.
COMMENT_VISIBLE = frozenset({S.RETURNED, S.REJECTED, S.CONTRACT_SCHEDULED, S.WITHDRAWN})


def handler_label(status: str) -> str:
    """Who acts next after ``status``, as a role."""
    if status in (S.DRAFT, S.RETURNED):
        return str(_("You, online"))
    if status == S.CONTRACT_SCHEDULED:
        return str(_("You, in person at the center (your one visit)"))
    if status == S.DRAWN_WAITLIST:
        return str(_("Recruitment office, if a place frees up"))
    permission = WAITING_ON.get(status)
    if permission == c.SURVEY:
        return str(_("Site inspector of the district"))
    if permission == c.REVIEW_APPLICATIONS:
        return str(_("Recruitment office (center or district branch)"))
    return ""


def _label(status: str) -> str:
    return str(S(status).label) if status in S.values else status


def progress(application, events, *, with_comments: bool) -> dict:
    """``events``: the application's events in time order."""
    today = timezone.localdate()
    steps = []
    for event in events:
        steps.append(
            {
                "status": event.to_status,
                "label": _label(event.to_status),
                "at": event.at,
                "deadline_on": event.deadline_on,
                "handler": handler_label(event.to_status),
                "comment": event.comment
                if with_comments and event.to_status in COMMENT_VISIBLE
                else "",
                "in_person": event.in_person,
            }
        )
    reached = {s["status"] for s in steps}
    status = application.status
    road = []
    current_index = ROAD.index(status) if status in ROAD else -1
    for index, step in enumerate(ROAD):
        if step == status:
            state = "current"
        elif step in reached or (current_index >= 0 and index < current_index):
            state = "done"
        else:
            state = "todo"
        road.append({"status": step, "label": _label(step), "state": state})
    final = status in FINAL_STATES
    return {
        "status": status,
        "status_label": _label(status),
        "final": final,
        "next_step": str(NEXT_STEP.get(status, "")),
        "handler": "" if final else handler_label(status),
        "due_on": None if final else application.due_on,
        "overdue": bool(not final and application.due_on and application.due_on < today),
        "steps": steps,
        "road": road,
        "in_person_visits": sum(1 for s in steps if s["in_person"]),
    }
