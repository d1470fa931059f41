"""Checklist templates: the list of checklists and their versions, one version's
sections and items, and the edits (managers only; an edit of a version inspections
used lands in the next version, see services.checklists)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.generic import ModalActionView, RolePermissionMixin, add_validation_errors

from ..choices import InspectionKind
from ..forms.checklists import ChecklistCreateForm, ChecklistMetaForm, ItemForm, SectionForm
from ..models import ChecklistItem, ChecklistSection, ChecklistTemplate, Inspection
from ..services import checklists as services


def _revised_message(request, template) -> None:
    messages.info(
        request,
        _(
            "Version %(old)s is used by past inspections, so the change was saved as "
            "version %(new)s. Make it current when it is ready."
        )
        % {"old": template.version - 1, "new": template.version},
    )


class ChecklistListView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_GOVERNANCE
    template_name = "governance/checklists/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = list(
            ChecklistTemplate.objects.annotate(
                item_count=Count("items", distinct=True),
                total_weight=Sum("items__weight"),
            ).order_by("kind", "code", "-version")
        )
        used = set(
            Inspection.objects.filter(template__in=[v.pk for v in versions])
            .values_list("template_id", flat=True)
            .distinct()
        )
        groups: dict[str, list] = {}
        for version in versions:
            version.used = version.pk in used
            groups.setdefault(version.code, []).append(version)
        kinds = dict(InspectionKind.choices)
        context["checklists"] = [
            {
                "code": code,
                "kind": kinds.get(rows[0].kind, rows[0].kind),
                "current": next((v for v in rows if v.is_current), None),
                "versions": rows,
            }
            for code, rows in groups.items()
        ]
        return context


class ChecklistDetailView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_GOVERNANCE
    template_name = "governance/checklists/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        template = get_object_or_404(ChecklistTemplate, pk=self.kwargs["pk"])
        sections = list(
            template.sections.order_by("order", "id").prefetch_related(
                Prefetch("items", queryset=ChecklistItem.objects.order_by("order", "id"))
            )
        )
        items = [item for section in sections for item in section.items.all()]
        context.update(
            template=template,
            sections=sections,
            total_weight=sum(i.weight for i in items),
            item_count=len(items),
            critical_count=sum(1 for i in items if i.critical),
            used_by=Inspection.objects.filter(template=template).count(),
            versions=ChecklistTemplate.objects.filter(code=template.code).order_by("-version"),
            can_manage=roles.has_permission(self.request.user, roles.MANAGE_CHECKLISTS),
        )
        return context


class ChecklistCreateView(RolePermissionMixin, View):
    permission = roles.MANAGE_CHECKLISTS
    template_name = "governance/checklists/form.html"

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, {"form": ChecklistCreateForm()})

    def post(self, request, *args, **kwargs):
        form = ChecklistCreateForm(request.POST)
        if form.is_valid():
            try:
                template = services.checklist_create(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Checklist created. Add its sections and items."))
                return redirect("governance:checklist", pk=template.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class _TemplateAction(ModalActionView):
    """A modal form about one checklist version."""

    permission = roles.MANAGE_CHECKLISTS
    template_name = "governance/checklists/_modal_form.html"

    def get_object(self):
        return get_object_or_404(ChecklistTemplate, pk=self.kwargs["pk"])

    def success_url(self, template, result) -> str:
        written = result if isinstance(result, ChecklistTemplate) else template
        if written.pk != template.pk:
            _revised_message(self.request, written)
        return reverse("governance:checklist", args=[written.pk])


class ChecklistEditView(_TemplateAction):
    title = _("Edit checklist")
    success_message = _("Checklist saved.")

    def make_form(self, template, data=None, files=None):
        return ChecklistMetaForm(data, instance=template)

    def perform(self, template, data):
        return services.checklist_update(template=template, acting_user=self.request.user, **data)


class SectionSaveView(_TemplateAction):
    success_message = _("Section saved.")

    @property
    def title(self):
        return _("Edit section") if "section" in self.kwargs else _("Add section")

    def section(self, template):
        if "section" not in self.kwargs:
            return None
        return get_object_or_404(ChecklistSection, pk=self.kwargs["section"], template=template)

    def make_form(self, template, data=None, files=None):
        section = self.section(template)
        initial = {"order": template.sections.count() + 1} if section is None else None
        return SectionForm(data, instance=section, initial=initial)

    def perform(self, template, data):
        written, _section, _revised = services.checklist_section_save(
            template=template,
            section=self.section(template),
            acting_user=self.request.user,
            **data,
        )
        return written


class ItemSaveView(_TemplateAction):
    success_message = _("Item saved.")

    @property
    def title(self):
        return _("Edit item") if "item" in self.kwargs else _("Add item")

    def item(self, template):
        if "item" not in self.kwargs:
            return None
        return get_object_or_404(ChecklistItem, pk=self.kwargs["item"], template=template)

    def make_form(self, template, data=None, files=None):
        item = self.item(template)
        initial = None
        if item is None:
            section = template.sections.filter(pk=self.request.GET.get("section") or 0).first()
            initial = {"section": section, "order": template.items.count() + 1, "weight": 2}
        return ItemForm(data, instance=item, initial=initial, template=template)

    def perform(self, template, data):
        written, _item, _revised = services.checklist_item_save(
            template=template, item=self.item(template), acting_user=self.request.user, **data
        )
        return written


class ItemDeleteView(RolePermissionMixin, View):
    permission = roles.MANAGE_CHECKLISTS
    http_method_names = ["post"]

    def post(self, request, pk, item):
        template = get_object_or_404(ChecklistTemplate, pk=pk)
        item = get_object_or_404(ChecklistItem, pk=item, template=template)
        written, revised = services.checklist_item_delete(
            template=template, item=item, acting_user=request.user
        )
        if revised:
            _revised_message(request, written)
        else:
            messages.success(request, _("Item removed."))
        return redirect("governance:checklist", pk=written.pk)


class MakeCurrentView(RolePermissionMixin, View):
    permission = roles.MANAGE_CHECKLISTS
    http_method_names = ["post"]

    def post(self, request, pk):
        template = get_object_or_404(ChecklistTemplate, pk=pk)
        try:
            moved = services.checklist_make_current(template=template, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Version %(version)s is now current; %(moved)s planned inspections use it.")
                % {"version": template.version, "moved": moved},
            )
        return redirect("governance:checklist", pk=template.pk)


urlpatterns = [
    path("checklists/", ChecklistListView.as_view(), name="checklists"),
    path("checklists/new/", ChecklistCreateView.as_view(), name="checklist_create"),
    path("checklists/<int:pk>/", ChecklistDetailView.as_view(), name="checklist"),
    path("checklists/<int:pk>/edit/", ChecklistEditView.as_view(), name="checklist_edit"),
    path("checklists/<int:pk>/current/", MakeCurrentView.as_view(), name="checklist_current"),
    path(
        "checklists/<int:pk>/sections/new/",
        SectionSaveView.as_view(),
        name="checklist_section_add",
    ),
    path(
        "checklists/<int:pk>/sections/<int:section>/",
        SectionSaveView.as_view(),
        name="checklist_section_edit",
    ),
    path("checklists/<int:pk>/items/new/", ItemSaveView.as_view(), name="checklist_item_add"),
    path(
        "checklists/<int:pk>/items/<int:item>/",
        ItemSaveView.as_view(),
        name="checklist_item_edit",
    ),
    path(
        "checklists/<int:pk>/items/<int:item>/delete/",
        ItemDeleteView.as_view(),
        name="checklist_item_delete",
    ),
]
