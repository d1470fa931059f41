"""Permission-matrix rows of the training app (see fucai.core.testing.matrix).

The world: the seller learns (a sales staff record of theirs, working at a 鹿城
station) and has an exam attempt running; the owner sells too (a record of their own).
Learners (seller, owner) reach the learning pages; only the seller reaches the seller's
attempt (the owner finds no such attempt, 404). Training staff read courses, progress
and results (the center's readers and both districts); only the station management
department manages courses. 瑞安's staff find no 鹿城 attempt (404)."""

from django.utils import timezone

from fucai.core.testing.matrix import expect

from ..models import ExamAttempt
from ..services import attempt_start
from .factories import exam_with_bank, learner_for, live_session, video_material

LEARNERS = {"owner", "seller"}
READERS = {"leader", "stations", "lucheng", "ruian"}
MANAGERS = {"stations"}


def make_world(cast) -> dict:
    learner_for(cast["seller"], "330302")
    learner_for(cast["owner"], "330381")
    exam = exam_with_bank()
    course = exam.course
    attempt = attempt_start(acting_user=cast["seller"], exam=exam, now=timezone.now())
    assert isinstance(attempt, ExamAttempt)
    return {
        "training_course": course,
        "training_exam": exam,
        "training_material": video_material(course, b"\x00\x00\x00\x20ftypisom" + b"\x00" * 64),
        "training_session": live_session(course),
        "training_attempt": attempt,
    }


def _pk(key):
    return {"args": lambda world: [world[key].pk]}


URL_SPECS = {
    # The learner's side
    "training:home": expect(ok=LEARNERS),
    "training:course": expect(ok=LEARNERS, **_pk("training_course")),
    "training:material": expect(ok=LEARNERS, **_pk("training_material")),
    # The bytes: learners, and training staff checking an upload.
    "training:material_file": expect(ok=LEARNERS | READERS, **_pk("training_material")),
    "training:material_progress": expect(
        ok=LEARNERS,
        method="post",
        content_type="application/json",
        data={"position": 3, "duration": 80},
        **_pk("training_material"),
    ),
    # Joining records attendance and sends the learner to the conference link.
    "training:session_join": expect(
        ok=LEARNERS, method="post", success=(302,), **_pk("training_session")
    ),
    "training:exam_start": expect(
        ok=LEARNERS, method="post", success=(302,), **_pk("training_exam")
    ),
    "training:attempt": expect(ok={"seller"}, hidden={"owner"}, **_pk("training_attempt")),
    "training:attempt_answer": expect(
        ok={"seller"},
        hidden={"owner"},
        method="post",
        content_type="application/json",
        data={"answers": {"1": [0]}},
        **_pk("training_attempt"),
    ),
    "training:attempt_submit": expect(
        ok={"seller"},
        hidden={"owner"},
        method="post",
        success=(302,),
        **_pk("training_attempt"),
    ),
    # The staff side
    "training:courses": expect(ok=READERS),
    "training:course_manage": expect(ok=READERS, **_pk("training_course")),
    "training:course_create": expect(ok=MANAGERS),
    "training:course_edit": expect(ok=MANAGERS, **_pk("training_course")),
    "training:material_create": expect(ok=MANAGERS, **_pk("training_course")),
    "training:material_toggle": expect(
        ok=MANAGERS, method="post", success=(302,), **_pk("training_material")
    ),
    "training:exam_edit": expect(ok=MANAGERS, **_pk("training_course")),
    "training:session_create": expect(ok=MANAGERS, **_pk("training_course")),
    "training:session_manage": expect(ok=READERS, **_pk("training_session")),
    "training:questions": expect(ok=READERS, **_pk("training_course")),
    # The import form posts here; a GET goes back to the bank.
    "training:question_import": expect(ok=MANAGERS, success=(302,), **_pk("training_course")),
    "training:question_template": expect(ok=MANAGERS),
    "training:learners": expect(ok=READERS),
    "training:attempts": expect(ok=READERS),
    "training:attempt_review": expect(
        ok={"leader", "stations", "lucheng"}, hidden={"ruian"}, **_pk("training_attempt")
    ),
}
