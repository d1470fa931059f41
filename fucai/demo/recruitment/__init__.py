"""Demo data of the public recruitment: the 2019 continuous call for Wenzhou, about 120
applications spread over every state, schools, a public notice with an objection, a
public draw in an oversubscribed district and applications that became stations.

Unlike the station network (bulk-loaded), every application goes through the real
workflow services, so its events, audit entries and notifications exist as they would
in production. The services stamp "now"; each application's steps are then moved back
to planned working days, so the timelines and service-time metrics look lived-in.
Runs inside the demo command's transaction, after the station network exists:

    load_demo_recruitment(seed=seed)

One module per topic: ``constants`` (the plan), ``loader`` (set-up, applications, the
draw, the demo applicant) and ``workflow`` (the steps and their dates).
"""

from .constants import APPLICANT_PHONE, CALL_TITLE, DRAW_REGION, DRAW_SEED
from .loader import RecruitmentSummary, flush_demo_recruitment, load_demo_recruitment

__all__ = [
    "APPLICANT_PHONE",
    "CALL_TITLE",
    "DRAW_REGION",
    "DRAW_SEED",
    "RecruitmentSummary",
    "flush_demo_recruitment",
    "load_demo_recruitment",
]
