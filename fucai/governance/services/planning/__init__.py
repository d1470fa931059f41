"""Planning inspections: the annual campaign, routine plans, ad-hoc inspections and
reassigning one.

Who inspects a district: the users with the inspector role attached to a district
branch covering it. A district whose branch has no inspector falls back to the center's
inspectors (inspector-role users attached to the center or a department, who may work
city-wide). A district with neither gets no inspections: its stations are reported as
unassigned and the planner sees them on the result; re-running the campaign once an
inspector exists plans them (the campaign is idempotent).
"""

# One module per topic: ``common`` (open statuses, the current checklist, periods),
# ``inspectors`` (who inspects what), ``plans`` (campaign and routine plans) and
# ``inspections`` (an ad-hoc inspection, reassigning one).
from .common import OPEN_STATUSES, current_template
from .inspections import inspection_plan_ad_hoc, inspection_reassign
from .inspectors import can_inspect, district_inspectors, inspector_choices, least_loaded_inspector
from .plans import PlanResult, campaign_plan, routine_plan

__all__ = [
    "OPEN_STATUSES",
    "PlanResult",
    "campaign_plan",
    "can_inspect",
    "current_template",
    "district_inspectors",
    "inspection_plan_ad_hoc",
    "inspection_reassign",
    "inspector_choices",
    "least_loaded_inspector",
    "routine_plan",
]
