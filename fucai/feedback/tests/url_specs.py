"""Permission-matrix rows of the feedback app: complaints (staff pages and the public
portal's), the public evaluation and the conduct supervisors, and their API.

The world: a received complaint about a 鹿城 station (not the owner's), a replied one
the public may rate, a survey with a rating question, and a supervisor with a feedback.
Every staff member but the inspector, the administrator and the seller reads complaints
in scope (瑞安 does not see 鹿城's; the owner sees only those about their station);
the departments and district branches handle them; party affairs and station management
run the evaluation and the supervisors; station management keeps the assignment rules.
The portal's pages are public."""

from fucai.core.testing.matrix import EVERYONE, expect
from fucai.core.tests.factories import OrgUnitFactory, region
from fucai.stations.tests.factories import StationFactory

from ..choices import ComplaintOutcome, ComplaintState
from ..models import AssignmentRule
from .factories import ComplaintFactory, SupervisorFactory, SurveyQuestionFactory


def make_world(cast) -> dict:
    station = StationFactory(region=region("330302"))
    question = SurveyQuestionFactory()
    supervisor = SupervisorFactory()
    feedback = supervisor.feedback.create(received_on="2019-05-06", text="服务窗口排队太久")
    return {
        "fb_complaint": ComplaintFactory(station=station),
        "fb_replied": ComplaintFactory(
            station=station,
            state=ComplaintState.REPLIED,
            reply="已处理",
            outcome=ComplaintOutcome.NOTED,
        ),
        "fb_survey": question.survey,
        "fb_question": question,
        "fb_station": station,
        "fb_supervisor": supervisor,
        "fb_feedback": feedback,
        "fb_rule": AssignmentRule.objects.create(
            category="service",
            region=region("330302"),
            unit=OrgUnitFactory(name="投诉受理科", kind="department"),
            deadline_days=3,
        ),
    }


READERS = {"leader", "stations", "finance", "charity", "marketing", "party", "lucheng"}
HANDLERS = {"stations", "finance", "charity", "marketing", "lucheng"}
EVALUATION = {"stations", "party"}
# Leadership reads the evaluation (results, ranks, the supervisors) but changes nothing.
EVALUATION_READERS = EVALUATION | {"leader"}


def _pk(key):
    return lambda world: [world[key].pk]


def _code(key):
    return lambda world: [world[key].tracking_code]


_complaint = {"args": _pk("fb_complaint")}
_public = {"ok": EVERYONE, "anonymous": "ok"}


def _post(ok=HANDLERS, success=(302,), **kwargs):
    return expect(ok=ok, method="post", success=success, **kwargs)


URL_SPECS = {
    "feedback:complaints": expect(ok=READERS | {"ruian", "owner"}),
    "feedback:complaint_create": expect(ok=HANDLERS | {"ruian", "owner"}),
    "feedback:complaint": expect(ok=READERS, hidden={"ruian", "owner"}, **_complaint),
    "feedback:complaint_accept": _post(hidden={"ruian"}, **_complaint),
    "feedback:complaint_reply": _post(
        hidden={"ruian"}, data={"outcome": "noted", "reply": "谢谢您的建议"}, **_complaint
    ),
    "feedback:complaint_phone": _post(success=(200,), hidden={"ruian"}, **_complaint),
    "feedback:surveys": expect(ok=EVALUATION_READERS),
    "feedback:survey_create": expect(ok=EVALUATION),
    "feedback:survey": expect(ok=EVALUATION_READERS, args=_pk("fb_survey")),
    "feedback:rank_record": _post(
        ok=EVALUATION,
        data={"month": "2019-03", "rank": "2", "out_of": "40", "body": "市万人双评议办"},
        args=_pk("fb_survey"),
    ),
    "feedback:survey_station": expect(
        ok=EVALUATION,
        args=lambda world: [world["fb_survey"].pk, world["fb_station"].code],
    ),
    "feedback:supervisors": expect(ok=EVALUATION_READERS),
    "feedback:rules": expect(ok={"stations"}),
    "feedback:rule_delete": expect(
        ok={"stations"}, method="post", success=(302,), args=_pk("fb_rule")
    ),
    "feedback:supervisor": expect(ok=EVALUATION_READERS, args=_pk("fb_supervisor")),
    "feedback:supervisor_invite": _post(
        ok=EVALUATION,
        data={"event": "敬老院慰问", "held_on": "2019-10-07"},
        args=_pk("fb_supervisor"),
    ),
    "feedback:supervisor_feedback": _post(
        ok=EVALUATION,
        data={"received_on": "2019-10-08", "text": "建议公开兑奖流程"},
        args=_pk("fb_supervisor"),
    ),
    "feedback:supervisor_answer": _post(
        ok=EVALUATION, data={"answer": "已改进"}, args=_pk("fb_feedback")
    ),
    # The portal: public pages, no account.
    "portal:complaint_new": expect(**_public),
    "portal:complaint_track": expect(**_public),
    "portal:complaint_statistics": expect(**_public),
    "portal:complaint": expect(args=_code("fb_complaint"), **_public),
    "portal:complaint_rate": expect(
        method="post", success=(302,), data={"rating": "4"}, args=_code("fb_replied"), **_public
    ),
    "portal:survey": expect(args=_pk("fb_survey"), **_public),
    # The API: complaints in scope (an owner's about their station), survey results.
    "GET /api/complaints": expect(
        ok=READERS | {"ruian", "owner"}, anonymous="unauthorized", data={"status": "received"}
    ),
    "GET /api/surveys/{survey_id}/results": expect(
        ok=EVALUATION_READERS,
        anonymous="unauthorized",
        args=lambda world: {"survey_id": world["fb_survey"].pk},
    ),
}
