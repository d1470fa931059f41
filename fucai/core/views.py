from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView, View

from . import roles, tokens
from .choices import AuditAction, Role
from .errors import APPLICANT_NOTICE, is_applicant
from .forms import SaneDateField
from .generic import ObjectListView, RolePermissionMixin, ScopedObjectMixin
from .health import health_report
from .jobs import JobNotRerunnable, job_can_rerun, job_is_rerunnable, job_rerun, progress_of
from .models import AuditEntry, Job, LoginEvent, Notification
from .notifications import mark_all_read


@never_cache
@require_GET
def healthz(request):
    """Database, Redis and worker state as JSON: 200 when all are well, 503 naming what
    is not (for load balancers and monitoring; unauthenticated, reveals no settings)."""
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


class LoginView(auth_views.LoginView):
    """The staff sign-in. An applicant who signs in here lands in the public portal's
    "my applications" (with a word why), not on a staff page they may not see."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_success_url(self):
        if is_applicant(self.request.user):
            messages.info(self.request, APPLICANT_NOTICE)
            return reverse("portal:my_applications")
        if roles.role_of(self.request.user) == Role.STATION_OWNER and not self.get_redirect_url():
            # A station owner lands in their portal: stations and to-dos.
            return reverse("mystation:home")
        return super().get_success_url()


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *AuditAction.choices]
    )
    actor = forms.CharField(label=_("Actor"), required=False)
    since = SaneDateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = SaneDateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def apply(self, queryset):
        data = self.cleaned_data
        if data["q"]:
            condition = (
                Q(object_repr__icontains=data["q"])
                | Q(comment__icontains=data["q"])
                | Q(request_id=data["q"])
            )
            if _looks_like_ip(data["q"]):
                condition |= Q(ip=data["q"])
            queryset = queryset.filter(condition)
        if data["action"]:
            queryset = queryset.filter(action=data["action"])
        if data["actor"]:
            queryset = queryset.filter(actor_name__icontains=data["actor"])
        if data["since"]:
            queryset = queryset.filter(at__date__gte=data["since"])
        if data["until"]:
            queryset = queryset.filter(at__date__lte=data["until"])
        return queryset


def _looks_like_ip(value: str) -> bool:
    from ipaddress import ip_address

    try:
        ip_address(value)
    except ValueError:
        return False
    return True


class AuditLogView(ObjectListView):
    permission = roles.VIEW_AUDIT
    filter_form_class = AuditFilterForm
    template_name = "core/audit_list.html"
    table_template_name = "core/_audit_table.html"
    sort_fields = {"at": "at"}
    default_sort = "-at"

    def get_queryset(self):
        return AuditEntry.objects.select_related("content_type", "actor")


class LoginFilterForm(forms.Form):
    q = forms.CharField(label=_("Username or IP"), required=False)
    success = forms.ChoiceField(
        label=_("Result"),
        required=False,
        choices=[("", _("All")), ("1", _("Success")), ("0", _("Failure"))],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def apply(self, queryset):
        q = self.cleaned_data["q"]
        if q:
            condition = Q(username__icontains=q)
            if _looks_like_ip(q):
                condition |= Q(ip=q)
            queryset = queryset.filter(condition)
        if self.cleaned_data["success"] in {"0", "1"}:
            queryset = queryset.filter(success=self.cleaned_data["success"] == "1")
        return queryset


class LoginLogView(ObjectListView):
    permission = roles.VIEW_LOGIN_LOG
    filter_form_class = LoginFilterForm
    template_name = "core/login_list.html"
    table_template_name = "core/_login_table.html"
    sort_fields = {"at": "at"}
    default_sort = "-at"

    def get_queryset(self):
        return LoginEvent.objects.all()


class JobDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    """Watch a background job: the progress partial polls itself until the job ends."""

    model = Job
    permission = roles.USE_STAFF_SITE
    template_name = "core/job_detail.html"

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["core/_job_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.get_object()
        can_rerun = job_can_rerun(self.request.user, job) and job_is_rerunnable(job)
        context.update(job=job, progress=progress_of(job), can_rerun=can_rerun)
        return context


class JobRerunView(RolePermissionMixin, View):
    """POST: run a failed job again with the same parameters and file (owner, or a
    holder of the job kind's permission; anyone else gets a 404)."""

    permission = roles.USE_STAFF_SITE
    http_method_names = ["post"]

    def post(self, request, pk):
        job = Job.objects.filter(pk=pk).first()
        if job is None or not job_can_rerun(request.user, job):
            raise Http404
        try:
            new = job_rerun(acting_user=request.user, job=job)
        except JobNotRerunnable as refused:
            messages.error(request, str(refused))
            return redirect("core:job_detail", job.pk)
        messages.success(request, _("The job is running again."))
        return redirect("core:job_detail", new.pk)


# The signed-in user's own account pages: their API tokens.
class TokenListView(RolePermissionMixin, TemplateView):
    """The user's API tokens (prefix, dates), each revocable; never the token itself."""

    permission = roles.USE_STAFF_SITE
    template_name = "core/token_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            tokens=list(tokens.tokens_of(self.request.user)),
            now=timezone.now(),
            lifetime_days=tokens.token_lifetime().days,
        )
        return context


class TokenRevokeView(RolePermissionMixin, View):
    """POST-only: revoke one of the user's own tokens (another user's is a 404)."""

    permission = roles.USE_STAFF_SITE
    http_method_names = ["post"]

    def post(self, request, pk: int):
        tokens.token_revoke(acting_user=request.user, token_id=pk)
        messages.success(request, _("API token revoked."))
        return redirect("core:tokens")


class NotificationListView(RolePermissionMixin, TemplateView):
    """The signed-in user's notifications from every app, newest first; POST marks them
    all as read."""

    permission = roles.USE_STAFF_SITE
    template_name = "core/notification_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        notifications = Notification.objects.filter(recipient=self.request.user).only(
            "subject", "body", "url", "created_at", "read_at", "channel", "status"
        )
        context["page_obj"] = Paginator(notifications, 50).get_page(self.request.GET.get("page"))
        context["unread"] = notifications.filter(read_at__isnull=True).count()
        return context

    def post(self, request, *args, **kwargs):
        mark_all_read(request.user)
        messages.success(request, _("All notifications marked as read."))
        return redirect("core:notifications")
