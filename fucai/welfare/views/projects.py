"""Project pages (charity runs them, finance and leadership read): the list with
budget / allocated / spent at a glance, a project's page (money, requests, documents,
outcome), creating and editing, documents and photos, requests for money."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fucai.core import roles
from fucai.core.excel import yuan
from fucai.core.generic import ObjectListView
from fucai.core.roles import has_permission

from .. import selectors, services
from ..forms.projects import (
    AllocationForm,
    DocumentForm,
    PaymentForm,
    ProjectFilterForm,
    ProjectForm,
    ReturnForm,
)
from ..models import Allocation, Disbursement, FundReturn, ProjectDocument, WelfareProject
from .common import run, staff_view


class ProjectListView(ObjectListView):
    model = WelfareProject
    permission = roles.VIEW_WELFARE
    filter_form_class = ProjectFilterForm
    template_name = "welfare/projects/list.html"
    table_template_name = "welfare/projects/_table.html"
    sort_fields = {"name": "name", "starts": "starts_on", "budget": "budget_fen"}
    default_sort = "-starts"
    export_filename = "welfare-projects"
    export_columns = [
        (_("Project name"), lambda p: p.name),
        (_("Category"), lambda p: p.get_category_display()),
        (_("Owner department"), lambda p: str(p.owner_unit)),
        (_("Partner organization"), lambda p: p.partner),
        (_("Start date"), lambda p: p.starts_on),
        (_("Status"), lambda p: p.get_status_display()),
        (_("Budget (yuan)"), lambda p: yuan.from_fen(p.budget_fen)),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("owner_unit", "region")

    def get_rows(self, objects):
        objects = list(objects)
        money = selectors.projects_money(objects)
        for project in objects:
            project.money = money.get(project.pk, {"allocated_fen": 0, "spent_fen": 0})
            budget = project.budget_fen or 1
            project.spent_pct = min(100, round(project.money["spent_fen"] * 100 / budget))
        return objects


def _project(request, pk) -> WelfareProject:
    try:
        return (
            WelfareProject.objects.visible_to(request.user)
            .select_related("owner_unit", "region")
            .get(pk=pk)
        )
    except WelfareProject.DoesNotExist:
        raise Http404 from None


@staff_view(roles.VIEW_WELFARE)
def project_detail(request, pk):
    project = _project(request, pk)
    money = selectors.project_money(project)
    manage = has_permission(request.user, roles.MANAGE_PROJECTS)
    movements = []
    for model, label in (
        (Allocation, _("Allocation")),
        (Disbursement, _("Payment")),
        (FundReturn, _("Return")),
    ):
        for row in model.objects.filter(project=project).select_related("requested_by")[:100]:
            row.kind_label = label
            movements.append(row)
    movements.sort(key=lambda m: m.requested_at, reverse=True)
    return render(
        request,
        "welfare/projects/detail.html",
        {
            "project": project,
            "money": money,
            "spent_pct": min(100, round(money["spent_fen"] * 100 / (project.budget_fen or 1))),
            "movements": movements,
            "documents": project.documents.all(),
            "can_manage": manage,
            "allocation_form": AllocationForm(initial={"year": project.starts_on.year}),
            "payment_form": PaymentForm(),
            "return_form": ReturnForm(),
            "document_form": DocumentForm(),
        },
    )


def _project_fields(form) -> dict:
    data = dict(form.cleaned_data)
    data["budget_fen"] = data.pop("budget")
    return data


@staff_view(roles.MANAGE_PROJECTS)
def project_create(request):
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        project = run(request, services.project_create, **_project_fields(form))
        if project is not None:
            return redirect("welfare:project", project.pk)
    return render(request, "welfare/projects/form.html", {"form": form})


@staff_view(roles.MANAGE_PROJECTS)
def project_edit(request, pk):
    project = _project(request, pk)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        fresh = WelfareProject.objects.get(pk=project.pk)
        if run(
            request,
            services.project_update,
            project=fresh,
            version=int(request.POST.get("version") or 0) or None,
            **_project_fields(form),
        ):
            return redirect("welfare:project", project.pk)
    return render(request, "welfare/projects/form.html", {"form": form, "project": project})


@require_POST
@staff_view(roles.MANAGE_PROJECTS)
def document_add(request, pk):
    project = _project(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        run(
            request,
            services.project_document_add,
            success=str(_("File uploaded.")),
            project=project,
            **form.cleaned_data,
        )
    else:
        messages.error(request, _("Choose a file and give it a title."))
    return redirect("welfare:project", project.pk)


@staff_view(roles.VIEW_WELFARE)
def document_file(request, pk, doc):
    project = _project(request, pk)
    try:
        document = project.documents.get(pk=doc)
    except ProjectDocument.DoesNotExist:
        raise Http404 from None
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


REQUESTS = {
    "allocation": (AllocationForm, services.allocation_request),
    "payment": (PaymentForm, services.disbursement_request),
    "return": (ReturnForm, services.fund_return_request),
}


@require_POST
@staff_view(roles.MANAGE_PROJECTS)
def money_request(request, pk, kind):
    project = _project(request, pk)
    if kind not in REQUESTS:
        raise Http404
    form_class, service = REQUESTS[kind]
    form = form_class(request.POST)
    if form.is_valid():
        run(
            request,
            service,
            success=str(_("Request sent for approval.")),
            project=project,
            **form.cleaned_data,
        )
    else:
        for errors in form.errors.values():
            messages.error(request, "; ".join(errors))
    return redirect(f"{reverse('welfare:project', args=[project.pk])}#money")


urlpatterns = [
    path("projects/", ProjectListView.as_view(), name="projects"),
    path("projects/new/", project_create, name="project_create"),
    path("projects/<int:pk>/", project_detail, name="project"),
    path("projects/<int:pk>/edit/", project_edit, name="project_edit"),
    path("projects/<int:pk>/documents/", document_add, name="document_add"),
    path("projects/<int:pk>/documents/<int:doc>/", document_file, name="document_file"),
    path("projects/<int:pk>/request/<str:kind>/", money_request, name="money_request"),
]
