"""Risk proposals: stations proposed for a special inspection by the sales scan, the
reason and figures shown; accept (plans the inspection) or dismiss with a reason."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from fucai.core import roles
from fucai.core.choices import JobStatus
from fucai.core.excel import yuan
from fucai.core.generic import (
    ModalActionView,
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
)
from fucai.core.jobs import job_start
from fucai.core.models import Job

from ... import jobs
from ...forms.planning import AcceptForm, DismissForm, ProposalFilterForm
from ...models import InspectionProposal
from ...services import risk
from ...services.risk import RULE_LABELS


class ProposalListView(ObjectListView):
    model = InspectionProposal
    permission = roles.PLAN_INSPECTIONS
    filter_form_class = ProposalFilterForm
    template_name = "governance/planning/proposals.html"
    table_template_name = "governance/planning/_proposal_table.html"
    sort_fields = {"created": "created_at", "period": "period_start", "station": "station__code"}
    default_sort = "-created"
    export_filename = "risk-proposals"
    export_columns = [
        (_("Station code"), lambda p: p.station.code),
        (_("Station name"), lambda p: p.station.name),
        (_("District"), lambda p: p.station.region.name),
        (_("Rule"), lambda p: RULE_LABELS.get(p.rule, p.rule)),
        (_("Period from"), lambda p: p.period_start),
        (_("Period to"), lambda p: p.period_end),
        (_("Reason"), lambda p: p.reason),
        (_("Status"), lambda p: p.get_status_display()),
        (_("Comment"), lambda p: p.decision_comment),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("station__region", "inspection__inspector", "decided_by")
        )

    def get_filter_form(self):
        data = self.request.GET.copy()
        if "status" not in data:
            data["status"] = InspectionProposal.Status.PROPOSED
        return self.filter_form_class(data, user=self.request.user)

    def get_rows(self, objects):
        return [
            {"obj": p, "rule": RULE_LABELS.get(p.rule, p.rule), "figures": figures(p)}
            for p in objects
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_month"] = risk.latest_complete_month()
        context["scan"] = self.scan_result()
        return context

    def scan_result(self) -> dict | None:
        """What the user's own scan found, when they come from its job page."""
        scan = self.request.GET.get("scan", "")
        if not scan.isdigit() or len(scan) > 12:
            return None
        job = Job.objects.filter(
            pk=int(scan), kind=jobs.RISK_SCAN, user=self.request.user, status=JobStatus.SUCCEEDED
        ).first()
        return job.result if job else None


def figures(proposal) -> list[tuple[str, str]]:
    """The stored figures as (label, value) pairs for the table."""
    e = proposal.evidence or {}
    if proposal.rule in (risk.RULE_JUMP, risk.RULE_DROP) and "station_fen" in e:
        return [
            (_("Month"), yuan_text(e["station_fen"])),
            (_("Own average"), yuan_text(e["station_baseline_fen"])),
            (_("Station ×"), str(e["station_ratio"])),
            (_("District ×"), str(e["district_ratio"])),
        ]
    if proposal.rule == risk.RULE_CLOSED and "days" in e:
        return [(_("Days"), str(e["days"])), (_("Sales"), yuan_text(e["sales_fen"]))]
    if proposal.rule == risk.RULE_MIX and "distance" in e:
        return [(_("Distance"), str(e["distance"])), (_("Sales"), yuan_text(e["sales_fen"]))]
    return []


def yuan_text(fen) -> str:
    return f"{yuan.from_fen(fen):,.0f}"


class _ProposalAction(ScopedObjectMixin, ModalActionView):
    model = InspectionProposal
    permission = roles.PLAN_INSPECTIONS
    template_name = "governance/checklists/_modal_form.html"

    def get_queryset(self):
        return super().get_queryset().select_related("station__region")

    def get_context(self, proposal):
        return {"note": proposal.reason}

    def success_url(self, proposal, result) -> str:
        return reverse("governance:proposals")


class ProposalAcceptView(_ProposalAction):
    title = _("Plan a special inspection")
    success_message = _("Special inspection planned.")

    def make_form(self, proposal, data=None, files=None):
        return AcceptForm(data, proposal=proposal)

    def perform(self, proposal, data):
        risk.proposal_accept(
            proposal=proposal,
            inspector=data["inspector"],
            due_on=data["due_on"] or None,
            comment=data["comment"],
            acting_user=self.request.user,
        )


class ProposalDismissView(_ProposalAction):
    title = _("Dismiss proposal")
    success_message = _("Proposal dismissed.")
    form_class = DismissForm

    def perform(self, proposal, data):
        risk.proposal_dismiss(
            proposal=proposal, reason=data["reason"], acting_user=self.request.user
        )


class RiskScanView(RolePermissionMixin, View):
    """POST: run the risk scan now (the monthly beat runs it on the 3rd) as a background
    job; its page links back to the proposals, the new ones among them."""

    permission = roles.PLAN_INSPECTIONS
    http_method_names = ["post"]

    def post(self, request):
        month = risk.latest_complete_month()
        if month is None:
            messages.warning(request, _("There are no sales figures to scan yet."))
            return redirect("governance:proposals")
        job = job_start(
            acting_user=request.user,
            kind=jobs.RISK_SCAN,
            title=str(_("Risk scan of %(month)s") % {"month": f"{month:%Y-%m}"}),
            params={"month": f"{month:%Y-%m}"},
        )
        return redirect("core:job_detail", job.pk)


urlpatterns = [
    path("proposals/", ProposalListView.as_view(), name="proposals"),
    path("proposals/scan/", RiskScanView.as_view(), name="risk_scan"),
    path("proposals/<int:pk>/accept/", ProposalAcceptView.as_view(), name="proposal_accept"),
    path("proposals/<int:pk>/dismiss/", ProposalDismissView.as_view(), name="proposal_dismiss"),
]
