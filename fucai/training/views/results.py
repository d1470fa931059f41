"""Staff pages of results: each person's progress, the exam attempts (both with Excel
export), one attempt. District staff see the people of their district's stations."""

from django.db.models import Prefetch
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from fucai.core import roles
from fucai.core.generic import ObjectListView, RolePermissionMixin, ScopedObjectMixin
from fucai.stations.choices import CertificateStatus
from fucai.stations.models import SalesStaff, StaffAssignment

from .. import selectors
from ..forms import AttemptFilterForm, LearnerFilterForm
from ..models import ExamAttempt
from .exams import attempt_items

# Lazy labels, translated when shown (a dict of str made at import would keep the
# language active when the module was first imported).
_STATUS = dict(CertificateStatus.choices)


def _local(moment) -> str:
    """A time as the center reads it (Excel cells hold no time zone)."""
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def _station(staff) -> str:
    assignments = getattr(staff, "assignments_now", None) or []
    return "、".join(f"{a.station.code} {a.station.name}" for a in assignments)


def _district(staff) -> str:
    assignments = getattr(staff, "assignments_now", None) or []
    return "、".join(dict.fromkeys(a.station.region.name for a in assignments))


def _certificate(staff):
    certificates = getattr(staff, "certificates_now", None) or []
    return certificates[0] if certificates else None


def _current_assignments():
    return Prefetch(
        "assignments",
        queryset=StaffAssignment.objects.filter(ends_on__isnull=True).select_related(
            "station__region"
        ),
        to_attr="assignments_now",
    )


class LearnerListView(ObjectListView):
    model = SalesStaff
    permission = roles.VIEW_TRAINING
    filter_form_class = LearnerFilterForm
    template_name = "training/manage/learners.html"
    table_template_name = "training/manage/_learner_table.html"
    sort_fields = {"name": "name", "score": "best_score", "completed": "completed"}
    default_sort = "name"
    export_filename = "training-progress"
    export_columns = [
        (_("Name"), lambda s: s.name),
        (_("District"), _district),
        (_("Station"), _station),
        (_("Materials completed"), lambda s: s.completed),
        (_("Exam attempts"), lambda s: s.attempt_count),
        (_("Best score"), lambda s: s.best_score),
        (_("Passed"), lambda s: str(_("Yes") if s.has_passed else _("No"))),
        (_("Certificate number"), lambda s: getattr(_certificate(s), "number", "")),
        (
            _("Certificate status"),
            lambda s: str(_STATUS.get(getattr(_certificate(s), "status_now", ""), "")),
        ),
        (_("Valid to"), lambda s: getattr(_certificate(s), "valid_to", None)),
    ]

    def get_queryset(self):
        return selectors.staff_learners(self.request.user).prefetch_related(_current_assignments())

    def get_rows(self, objects):
        rows = []
        for staff in objects:
            certificate = _certificate(staff)
            rows.append(
                {
                    "staff": staff,
                    "district": _district(staff),
                    "station": _station(staff),
                    "certificate": certificate,
                    "status": _STATUS.get(getattr(certificate, "status_now", ""), ""),
                }
            )
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["material_total"] = selectors.material_count()
        return context


class AttemptListView(ObjectListView):
    model = ExamAttempt
    permission = roles.VIEW_TRAINING
    filter_form_class = AttemptFilterForm
    template_name = "training/manage/attempts.html"
    table_template_name = "training/manage/_attempt_table.html"
    sort_fields = {"started": "started_at", "score": "score", "name": "learner__name"}
    default_sort = "-started"
    export_filename = "exam-results"
    export_columns = [
        (_("Name"), lambda a: a.learner.name),
        (_("Exam"), lambda a: a.exam.course.title),
        (_("Started at"), lambda a: _local(a.started_at)),
        (_("Finished at"), lambda a: _local(a.finished_at)),
        (_("Score"), lambda a: a.score),
        (_("Pass mark (%)"), lambda a: a.pass_mark),
        (_("Result"), lambda a: {True: "合格", False: "不合格"}.get(a.passed, "进行中")),
        (_("Certificate number"), lambda a: a.certificate.number if a.certificate else ""),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("learner", "exam__course", "certificate")


class AttemptReviewView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = ExamAttempt
    permission = roles.VIEW_TRAINING
    template_name = "training/manage/attempt.html"

    def get_queryset(self):
        return super().get_queryset().select_related("learner", "exam__course", "certificate")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attempt = self.get_object()
        context.update(attempt=attempt, items=attempt_items(attempt, reveal=True))
        return context


urlpatterns = [
    path("manage/learners/", LearnerListView.as_view(), name="learners"),
    path("manage/attempts/", AttemptListView.as_view(), name="attempts"),
    path("manage/attempts/<int:pk>/", AttemptReviewView.as_view(), name="attempt_review"),
]
