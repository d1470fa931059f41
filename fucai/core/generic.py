"""Declarative staff views: a concrete view names its model queryset, permission,
filter form, sortable columns and template; this module does permissions, data scope,
filtering, sorting, pagination, htmx partials and Excel export once.

(After NetBox's ``generic`` views: a list view is a handful of attributes.)
"""

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from .excel import excel_response
from .fields import defer_encrypted
from .roles import has_permission
from .tables import rows_html


class RolePermissionMixin(AccessMixin):
    """Anonymous users go to the login page; signed-in users without the permission get
    403. ``permission`` names an entry of ``fucai.core.roles``."""

    permission: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.permission or not has_permission(request.user, self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedObjectMixin:
    """Fetches one object through the user's data scope: outside it is a 404, the same
    as a non-existent object, so guessing URLs reveals nothing."""

    model = None
    lookup_field = "pk"
    lookup_url_kwarg = "pk"

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg]
        try:
            return self.get_queryset().get(**{self.lookup_field: value})
        except (self.model.DoesNotExist, ValueError):
            raise Http404 from None


class ObjectListView(RolePermissionMixin, TemplateView):
    """List with a GET filter form, whitelisted sorting, pagination and Excel export.

    Subclasses set ``model``, ``permission``, ``filter_form_class`` (a form with an
    ``apply(queryset)`` method), ``sort_fields`` (URL key → ORM ordering),
    ``default_sort``, ``template_name``, ``table_template_name`` (the htmx partial) and
    ``export_columns`` [(header, callable(row))].
    """

    model = None
    filter_form_class = None
    sort_fields: dict[str, str] = {}
    default_sort = ""
    paginate_by = 50
    table_template_name = ""
    export_columns: list = []
    export_permission = ""
    export_filename = "export"

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_filter_form(self):
        return self.filter_form_class(self.request.GET or None, user=self.request.user)

    def filtered_queryset(self):
        queryset = self.get_queryset()
        form = self.get_filter_form()
        if form.is_bound:
            if not form.is_valid():
                keep_valid_filters(form)
            queryset = form.apply(queryset)
        sort = self.request.GET.get("sort") or self.default_sort
        key = sort.lstrip("-")
        if key in self.sort_fields:
            ordering = self.sort_fields[key]
            fields = ordering if isinstance(ordering, list | tuple) else [ordering]
            prefix = "-" if sort.startswith("-") else ""
            queryset = queryset.order_by(*[prefix + f for f in fields], "pk")
        else:
            sort = ""
        self.sort = sort
        # Lists and exports show masks kept beside the ciphertexts: decrypt nothing.
        if queryset._fields is None:
            queryset = defer_encrypted(queryset)
        return queryset, form

    def page_queryset(self, queryset):
        """The queryset of the page shown (not of the export): a view drops here the
        columns its table does not show, encrypted ones above all."""
        return queryset

    # With rows built in Python: their ``<tr>`` markup, ``str.format`` fields named after
    # the rows' keys; the template then prints ``rows_html`` (core/tables.py). With
    # ``rows_escaped`` the rows' values are HTML already (escaped where they were built).
    row_html: str | None = None
    rows_escaped = False

    def get_rows(self, objects):
        """What the table template iterates as ``rows``: the page's objects, or rows a
        view builds from them in Python (see core/tables.py)."""
        return objects

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        if not has_permission(self.request.user, self.export_permission or self.permission):
            raise PermissionDenied
        queryset, _ = self.filtered_queryset()
        return excel_response(
            self.export_filename,
            [str(header) for header, _ in self.export_columns],
            ([fn(row) for _, fn in self.export_columns] for row in queryset.iterator(2000)),
            title=self.model._meta.verbose_name_plural,
        )

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return [self.table_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queryset, form = self.filtered_queryset()
        paginator = CountingPaginator(
            self.page_queryset(queryset), self.paginate_by, count_queryset=queryset
        )
        page = paginator.get_page(self.request.GET.get("page"))
        rows = self.get_rows(page.object_list)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        context.update(
            filter_form=form,
            page_obj=page,
            object_list=page.object_list,
            rows=rows,
            rows_html=rows_html(rows, self.row_html, escaped=self.rows_escaped)
            if self.row_html
            else "",
            paginator=paginator,
            sort=self.sort,
            querystring=query.urlencode(),
        )
        return context


class CountingPaginator(Paginator):
    """Pages ``object_list`` and counts ``count_queryset``, the same rows without the
    columns the page shows: ``count()`` of a values() page queryset keeps the joins
    its columns need (a district's name, an owner's), that of the model queryset only
    those its filters need."""

    def __init__(self, object_list, per_page, *, count_queryset, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_queryset = count_queryset

    @cached_property
    def count(self) -> int:
        return self.count_queryset.count()


def keep_valid_filters(form) -> None:
    """After a filter form failed validation: give each invalid field its empty value,
    so ``apply`` uses the valid ones. One bad value (a district outside the user's
    scope) is reported on its field (``core/_filter_errors.html``) and ignored; it does
    not drop every other filter."""
    for name, field in form.fields.items():
        if name not in form.cleaned_data:
            try:
                form.cleaned_data[name] = field.clean(None if field.required else "")
            except ValidationError:
                form.cleaned_data[name] = None


def add_validation_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the form has that
    field, the rest as non-field errors."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def htmx_redirect(request, url: str):
    """Redirect, as htmx wants it from inside a modal (HX-Redirect) or plainly."""
    if getattr(request, "htmx", False):
        response = render(request, "core/_empty.html")
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class ModalActionView(RolePermissionMixin, View):
    """A small form in the shared htmx modal that calls one service: a station's status
    change, an application's review step, a new split rate.

    GET renders ``template_name`` with the form. POST validates it and calls
    ``perform(obj, cleaned_data)`` (the bound form is ``self.form``), where ``obj`` is
    ``get_object()`` (None for views not about one object). A ValidationError from the
    service lands on the form and the modal shows it (400); an IntegrityError becomes
    ``integrity_message``. On success the user goes to ``success_url(obj, result)``: the
    URL ``perform`` returned, else the object's page.
    """

    form_class = None
    template_name = ""
    title = ""
    success_message = ""
    integrity_message = _("Another record already uses this number.")

    def _object(self):
        # A view about one object mixes in ScopedObjectMixin (or defines get_object).
        get_object = getattr(self, "get_object", None)
        return get_object() if get_object is not None else None

    def make_form(self, obj, data=None, files=None):
        return self.form_class(data)

    def get_context(self, obj) -> dict:
        return {}

    def perform(self, obj, data):
        """Call the service; return the URL to go to, or None for the object's page."""
        raise ImproperlyConfigured(f"{type(self).__name__} must define perform()")

    def success_url(self, obj, result) -> str:
        return result if isinstance(result, str) else obj.get_absolute_url()

    def respond(self, request, obj, form, status=200):
        context = {"form": form, "title": self.title, "action": request.path}
        context.update(self.get_context(obj))
        return render(request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        obj = self._object()
        return self.respond(request, obj, self.make_form(obj))

    def post(self, request, *args, **kwargs):
        obj = self._object()
        form = self.form = self.make_form(obj, request.POST, request.FILES)
        if form.is_valid():
            try:
                result = self.perform(obj, form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            except IntegrityError:
                form.add_error(None, self.integrity_message)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return htmx_redirect(request, self.success_url(obj, result))
        return self.respond(request, obj, form, status=400)


class ObjectActionView(RolePermissionMixin, ScopedObjectMixin, View):
    """POST of one transition from a form on an object's page: an alert's acknowledge,
    a rectification order's reply or close.

    The object comes through the user's data scope (``ScopedObjectMixin``: outside it is
    a 404) and the view's ``permission`` is checked first. POST validates ``form_class``
    and calls ``perform(obj, cleaned_data)``, which calls the service. A ValidationError
    from the service (a transition the object's state does not allow, a stale version)
    lands on the form and the object's page is shown again with it, status 400: the page
    is ``detail_view``'s, given the object as ``object_name`` and the bound form as
    ``form_name``. On success: ``success_message`` and a redirect to the object's page
    (``success_url_name`` reversed with its pk, else its ``get_absolute_url()``)
    (``perform`` may set ``self.success_message`` when it depends on the data).
    """

    form_class = None
    form_name = ""  # the form's name in the object's page's context
    object_name = "object"  # the object's name among that page's keyword arguments
    detail_view = None  # the view class of the object's page
    success_url_name = ""  # the URL name of the object's page, reversed with its pk
    success_message = ""

    def make_form(self, obj, data=None, files=None):
        return self.form_class(data, files)

    def perform(self, obj, data):
        """Call the service with the cleaned data."""
        raise ImproperlyConfigured(f"{type(self).__name__} must define perform()")

    def get_success_url(self, obj) -> str:
        if not self.success_url_name:
            return obj.get_absolute_url()
        return reverse(self.success_url_name, kwargs={"pk": obj.pk})

    def render_invalid(self, request, obj, form):
        view = self.detail_view(request=request, kwargs=self.kwargs)
        context = view.get_context_data(**{self.object_name: obj, self.form_name: form})
        return render(request, view.template_name, context, status=400)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.make_form(obj, request.POST, request.FILES)
        if form.is_valid():
            try:
                self.perform(obj, form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return redirect(self.get_success_url(obj))
        return self.render_invalid(request, obj, form)
