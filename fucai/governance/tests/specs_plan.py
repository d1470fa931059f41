"""Permission-matrix rows of the plan topic: checklists, plans, risk proposals and the
coverage dashboard (governance:index).

The world: the default annual checklist (from the data migration) with one item, a
2019 campaign plan of 鹿城 with one planned inspection of a 鹿城 station, and a risk
proposal for that station. 鹿城's branch staff and the 鹿城 inspector reach them; 瑞安's
staff find no such plan, inspection or proposal (404); the owner (of a 瑞安 station)
reads supervision pages but no 鹿城 plan."""

from fucai.core.testing.matrix import CENTER_READERS, expect
from fucai.core.tests.factories import region
from fucai.stations.tests.factories import StationFactory

from ..choices import InspectionKind, PlanKind
from ..models import ChecklistTemplate, InspectionPlan
from .factories import InspectionFactory, InspectionProposalFactory, ensure_default_checklists


def make_world(cast) -> dict:
    ensure_default_checklists()
    template = ChecklistTemplate.objects.get(code="annual-standard", is_current=True)
    station = StationFactory(region=region("330302"))
    plan = InspectionPlan.objects.create(
        kind=PlanKind.CAMPAIGN,
        inspection_kind=InspectionKind.ANNUAL,
        year=2019,
        name="2019年度年检",
        template=template,
        starts_on="2019-03-01",
        due_on="2019-11-30",
    )
    plan.regions.add(region("330302"))
    inspection = InspectionFactory(
        station=station, template=template, plan=plan, inspector=cast["inspector"]
    )
    return {
        "plan_template": template,
        "plan_section": template.sections.first(),
        "plan_item": template.items.first(),
        "plan_plan": plan,
        "plan_inspection": inspection,
        "plan_proposal": InspectionProposalFactory(station=station),
    }


# Read supervision: the center, both districts, the inspector and an owner.
VIEWERS = CENTER_READERS | {"lucheng", "ruian", "inspector", "owner"}
# Manage checklists: the station management department and the administrator.
MANAGERS = {"stations", "admin"}
# Plan inspections: those two and the districts (inside their district).
PLANNERS = MANAGERS | {"lucheng", "ruian"}
# A 鹿城 object: the city-wide planners and 鹿城's staff; 瑞安's staff do not find it.
LUCHENG_PLANNERS = {"ok": MANAGERS | {"lucheng"}, "hidden": {"ruian"}}


def _template(world):
    return [world["plan_template"].pk]


def _section(world):
    return [world["plan_template"].pk, world["plan_section"].pk]


def _item(world):
    return [world["plan_template"].pk, world["plan_item"].pk]


URL_SPECS = {
    "governance:index": expect(ok=VIEWERS),
    "governance:checklists": expect(ok=VIEWERS),
    "governance:checklist": expect(ok=VIEWERS, args=_template),
    "governance:checklist_create": expect(ok=MANAGERS),
    "governance:checklist_edit": expect(ok=MANAGERS, args=_template),
    "governance:checklist_current": expect(
        ok=MANAGERS, method="post", success=(302,), args=_template
    ),
    "governance:checklist_section_add": expect(ok=MANAGERS, args=_template),
    "governance:checklist_section_edit": expect(ok=MANAGERS, args=_section),
    "governance:checklist_item_add": expect(ok=MANAGERS, args=_template),
    "governance:checklist_item_edit": expect(ok=MANAGERS, args=_item),
    "governance:checklist_item_delete": expect(
        ok=MANAGERS, method="post", success=(302,), args=_item
    ),
    "governance:plans": expect(ok=VIEWERS),
    "governance:plan": expect(
        ok=CENTER_READERS | {"lucheng", "inspector"},
        hidden={"ruian", "owner"},
        args=lambda world: [world["plan_plan"].pk],
    ),
    "governance:campaign_create": expect(ok=PLANNERS),
    "governance:routine_create": expect(ok=PLANNERS),
    "governance:adhoc_create": expect(ok=PLANNERS),
    "governance:inspection_reassign": expect(
        **LUCHENG_PLANNERS, args=lambda world: [world["plan_inspection"].pk]
    ),
    "governance:proposals": expect(ok=PLANNERS),
    "governance:proposal_accept": expect(
        **LUCHENG_PLANNERS, args=lambda world: [world["plan_proposal"].pk]
    ),
    "governance:proposal_dismiss": expect(
        **LUCHENG_PLANNERS, args=lambda world: [world["plan_proposal"].pk]
    ),
}
