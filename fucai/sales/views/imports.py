"""Sales import pages: the batch list, the upload form, a batch with every error of a
rejected file, and the errors as CSV / Excel. Imports are center-level data: whoever
may import sees every batch."""

import datetime
import os
import uuid
from decimal import Decimal

from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.dbfunctions import JSONArrayLength
from fucai.core.excel import csv_response, excel_response
from fucai.core.generic import ObjectListView, RolePermissionMixin
from fucai.core.jobs import job_start

from ..choices import ImportStatus
from ..forms import ImportFilterForm, ImportUploadForm
from ..jobs import UPLOAD_DIR
from ..models import Game, SalesImport
from ..parsing import HEADER_ALIASES
from ..services import sales_import

# Files up to this size are imported while the user waits (a few seconds: ~50k CSV
# rows); larger ones go to a background job the user can watch.
INLINE_MAX_BYTES = 2 * 1024 * 1024
ERRORS_PER_PAGE = 50


class ImportListView(ObjectListView):
    model = SalesImport
    permission = roles.IMPORT_SALES
    filter_form_class = ImportFilterForm
    template_name = "sales/imports/import_list.html"
    table_template_name = "sales/imports/_import_table.html"
    sort_fields = {
        "created": "created_at",
        "file": "filename",
        "status": "status",
        "rows": "rows",
        "from": "date_from",
    }
    default_sort = "-created"
    export_filename = "sales-imports"
    export_columns = [
        (_("Batch"), lambda b: b.pk),
        (_("File name"), lambda b: b.filename),
        (_("Status"), lambda b: b.get_status_display()),
        (_("Mode"), lambda b: b.get_mode_display()),
        (_("Data rows"), lambda b: b.rows),
        (_("Rows inserted"), lambda b: b.inserted),
        (_("Rows replaced"), lambda b: b.replaced),
        (_("Errors"), lambda b: len(b.errors)),
        (_("First sales date"), lambda b: b.date_from),
        (_("Last sales date"), lambda b: b.date_to),
        (_("Imported by"), lambda b: str(b.created_by or "")),
        (_("Created at"), lambda b: timezone.localtime(b.created_at).replace(tzinfo=None)),
    ]

    def get_queryset(self):
        # Center-level data: the permission is the whole scope.
        return SalesImport.objects.select_related("created_by")

    def page_queryset(self, queryset):
        # A failed batch keeps every row error; the list shows only how many, and no
        # totals by game.
        return queryset.defer("errors", "by_game").annotate(error_count=JSONArrayLength("errors"))


def duplicate_message(batch: SalesImport) -> str:
    return _("Already imported on %(when)s (batch #%(id)s) — nothing changed.") % {
        "when": timezone.localtime(batch.created_at).strftime("%Y-%m-%d %H:%M"),
        "id": batch.pk,
    }


class ImportUploadView(RolePermissionMixin, View):
    permission = roles.IMPORT_SALES
    template_name = "sales/imports/import_upload.html"

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, self._context(ImportUploadForm()))

    def _context(self, form, batch=None):
        recent = SalesImport.objects.select_related("created_by")[:5]
        return {"form": form, "batch": batch, "recent": recent, "inline_max": INLINE_MAX_BYTES}

    def post(self, request, *args, **kwargs):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self._context(form), status=400)
        upload, replace = form.cleaned_data["file"], form.cleaned_data["replace"]
        if upload.size > INLINE_MAX_BYTES:
            return self._start_job(upload, replace)
        batch = sales_import(
            acting_user=request.user, file=upload, filename=upload.name, replace=replace
        )
        if batch.duplicate:
            messages.info(request, duplicate_message(batch))
            return redirect("sales:import_detail", batch.pk)
        if batch.status == ImportStatus.SUCCEEDED:
            message = _("Imported %(rows)s rows (%(inserted)s new, %(replaced)s replaced).") % {
                "rows": batch.rows,
                "inserted": batch.inserted,
                "replaced": batch.replaced,
            }
            total_rows = getattr(batch, "total_rows", 0)
            if total_rows:
                message = "{} {}".format(
                    message,
                    _("%(count)s total rows (合计 / 小计) matched their rows and were skipped.")
                    % {"count": total_rows},
                )
            to_date_rows = getattr(batch, "to_date_rows", 0)
            if to_date_rows:
                message = "{} {}".format(
                    message,
                    _(
                        "%(count)s year-to-date rows (本年累计 / 本月累计) include days outside "
                        "the file; they were skipped unchecked."
                    )
                    % {"count": to_date_rows},
                )
            messages.success(request, message)
            return redirect("sales:import_detail", batch.pk)
        if batch.rows == 0 and len(batch.errors) == 1:
            # The file as a whole could not be read (no header, empty, missing column):
            # say so on the form itself.
            form.add_error("file", batch.errors[0]["reason"])
            return render(request, self.template_name, self._context(form, batch), status=400)
        messages.error(
            request,
            _(
                "The file was rejected with %(count)s errors; nothing was imported. "
                "Correct the rows listed below and upload the file again."
            )
            % {"count": len(batch.errors)},
        )
        return redirect("sales:import_detail", batch.pk)

    def _start_job(self, upload, replace: bool):
        extension = os.path.splitext(upload.name)[1].lower()[:6]
        path = default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}{extension}", upload)
        job = job_start(
            acting_user=self.request.user,
            kind="sales.import",
            title=str(_("Sales import: %(file)s") % {"file": upload.name}),
            params={"path": path, "filename": upload.name, "replace": replace},
        )
        messages.info(
            self.request,
            _("The file is large, so it is imported in the background. This page follows it."),
        )
        return redirect("core:job_detail", job.pk)


class BatchMixin(RolePermissionMixin):
    permission = roles.IMPORT_SALES

    def get_batch(self) -> SalesImport:
        try:
            return SalesImport.objects.select_related("created_by").get(pk=self.kwargs["pk"])
        except SalesImport.DoesNotExist:
            raise Http404 from None


class ImportDetailView(BatchMixin, TemplateView):
    template_name = "sales/imports/import_detail.html"

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return ["sales/imports/_errors_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.get_batch()
        paginator = Paginator(batch.errors, ERRORS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("page"))
        by_game = []
        totals = {"sales_fen": 0, "tickets": 0, "rows": 0}
        if batch.status == ImportStatus.SUCCEEDED:
            games = Game.objects.in_bulk([line["game"] for line in batch.by_game])
            by_game = sorted(
                (
                    {**line, "game__name": games[line["game"]].name}
                    for line in batch.by_game
                    if line["game"] in games
                ),
                key=lambda line: (games[line["game"]].sort_order, games[line["game"]].code),
            )
            for line in by_game:
                for key in totals:
                    totals[key] += line[key] or 0
        context.update(
            batch=batch,
            page_obj=page,
            paginator=paginator,
            errors=page.object_list,
            by_game=by_game,
            totals=totals,
        )
        return context


ERROR_COLUMNS = [_("Row"), _("Column"), _("Value"), _("Reason")]


def _error_rows(batch: SalesImport):
    for error in batch.errors:
        yield [error.get("row"), error.get("column", ""), error.get("value", ""), error["reason"]]


class ImportErrorsCsvView(BatchMixin, View):
    def get(self, request, *args, **kwargs):
        batch = self.get_batch()
        return csv_response(
            f"import-{batch.pk}-errors.csv",
            [str(header) for header in ERROR_COLUMNS],
            _error_rows(batch),
        )


class ImportErrorsExcelView(BatchMixin, View):
    def get(self, request, *args, **kwargs):
        batch = self.get_batch()
        return excel_response(
            f"import-{batch.pk}-errors",
            [str(header) for header in ERROR_COLUMNS],
            _error_rows(batch),
        )


# The import template: the header the import reads (each column's first accepted name)
# and two example rows, in the layout shown on the upload page.
TEMPLATE_HEADER = [aliases[0] for aliases in HEADER_ALIASES.values()]
TEMPLATE_ROWS = [
    ["33030001", "双色球", datetime.date(2024, 5, 1), Decimal("4300.00"), 2150, None],
    ["33030001", "刮刮乐", datetime.date(2024, 5, 1), Decimal("1250.50"), 125, Decimal("300.00")],
]
TEMPLATE_NAME = "sales-import-template"


class ImportTemplateCsvView(RolePermissionMixin, View):
    permission = roles.IMPORT_SALES

    def get(self, request, *args, **kwargs):
        return csv_response(f"{TEMPLATE_NAME}.csv", TEMPLATE_HEADER, TEMPLATE_ROWS)


class ImportTemplateExcelView(RolePermissionMixin, View):
    permission = roles.IMPORT_SALES

    def get(self, request, *args, **kwargs):
        return excel_response(TEMPLATE_NAME, TEMPLATE_HEADER, TEMPLATE_ROWS)
