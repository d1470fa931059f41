"""Pages of notices: the sender's list, writing and sending a notice, a notice's read
receipts (who has not read it) with a reminder, and every user's inbox of the notices
sent to them, where opening one reads it."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.generic import RolePermissionMixin, ScopedObjectMixin, add_validation_errors

from . import services
from .forms import NoticeForm, RecipientFilterForm
from .models import Notice, NoticeAttachment, NoticeRecipient

PAGE_SIZE = 30


class NoticeListView(RolePermissionMixin, TemplateView):
    """The notices sent (in the sender's scope), newest first, with their read counts."""

    permission = roles.SEND_NOTICES
    template_name = "notices/notice_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        notices = (
            Notice.objects.visible_to(self.request.user)
            .select_related("sent_by", "sender_unit")
            .annotate(read_count=Count("recipients", filter=Q(recipients__read_at__isnull=False)))
            .order_by("-sent_at", "-id")
        )
        page = Paginator(notices, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(page_obj=page, notices=page.object_list, paginator=page.paginator)
        return context


class NoticeCreateView(RolePermissionMixin, View):
    permission = roles.SEND_NOTICES
    template_name = "notices/notice_form.html"

    def get(self, request):
        form = NoticeForm(user=request.user)
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = NoticeForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                notice = services.notice_send(acting_user=request.user, **data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The notice was sent to %(n)d recipients.") % {"n": notice.recipient_count},
                )
                return redirect(notice.get_absolute_url())
        return render(request, self.template_name, {"form": form}, status=400)


class NoticeDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    """A notice as its sender follows it: the text, the attachments, how many read it,
    and the recipients — those who have not read it first."""

    permission = roles.SEND_NOTICES
    model = Notice
    template_name = "notices/notice_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        notice = self.get_object()
        user = self.request.user
        rows = services.recipients_for(user, notice)
        counts = rows.aggregate(
            total=Count("id"), read=Count("id", filter=Q(read_at__isnull=False))
        )
        form = RecipientFilterForm(self.request.GET or None)
        state = form.cleaned_data.get("state") if form.is_valid() else ""
        if state == "unread":
            rows = rows.filter(read_at__isnull=True)
        elif state == "read":
            rows = rows.filter(read_at__isnull=False)
        # Unread first (NULLs placed explicitly: databases differ on their default).
        rows = rows.select_related("user", "station", "region").order_by(
            F("read_at").desc(nulls_first=True), "station__code", "user__username"
        )
        page = Paginator(rows, 50).get_page(self.request.GET.get("page"))
        context.update(
            notice=notice,
            attachments=list(notice.attachments.all()),
            regions=list(notice.regions.all()),
            counts=counts,
            unread=counts["total"] - counts["read"],
            filter_form=form,
            page_obj=page,
            recipients=page.object_list,
            paginator=page.paginator,
        )
        return context


class NoticeRemindView(RolePermissionMixin, ScopedObjectMixin, View):
    permission = roles.SEND_NOTICES
    model = Notice

    def post(self, request, pk):
        notice = self.get_object()
        try:
            count = services.notice_remind(
                acting_user=request.user, notice=notice, sms=request.POST.get("sms") == "1"
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(n)d recipients were reminded to read it.") % {"n": count}
            )
        return redirect(notice.get_absolute_url())


class InboxView(RolePermissionMixin, TemplateView):
    """The notices sent to the user, unread first."""

    permission = roles.READ_NOTICES
    template_name = "notices/inbox.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = (
            NoticeRecipient.objects.filter(user=self.request.user)
            .select_related("notice", "notice__sender_unit")
            .annotate(
                has_attachments=Exists(
                    NoticeAttachment.objects.filter(notice_id=OuterRef("notice_id"))
                )
            )
            .order_by(F("read_at").desc(nulls_first=True), "-notice__sent_at", "-id")
        )
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        unread = NoticeRecipient.objects.filter(
            user=self.request.user, read_at__isnull=True
        ).count()
        context.update(
            page_obj=page, rows=page.object_list, paginator=page.paginator, unread=unread
        )
        return context


class NoticeReadView(RolePermissionMixin, TemplateView):
    """One notice as its recipient reads it: opening it is the read receipt."""

    permission = roles.READ_NOTICES
    template_name = "notices/notice_read.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            receipt = services.notice_open(user=self.request.user, notice_id=kwargs["pk"])
        except NoticeRecipient.DoesNotExist:
            raise Http404 from None
        context.update(
            receipt=receipt,
            notice=receipt.notice,
            attachments=list(receipt.notice.attachments.all()),
        )
        return context


ALLOWED_TYPES = ("image/jpeg", "image/png", "application/pdf")


class AttachmentView(View):
    """An attachment, served to the notice's recipients and to the senders who may follow
    the notice; to anyone else it does not exist."""

    def get(self, request, pk):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        can_read = roles.has_permission(user, roles.READ_NOTICES)
        can_send = roles.has_permission(user, roles.SEND_NOTICES)
        if not (can_read or can_send):
            raise PermissionDenied
        condition = Q(pk__in=[])
        if can_read:
            condition |= Q(notice__recipients__user=user)
        if can_send:
            condition |= Q(notice__in=Notice.objects.visible_to(user))
        item = NoticeAttachment.objects.filter(condition, pk=pk).distinct().first()
        if item is None:
            raise Http404
        try:
            handle = item.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        content_type = (
            item.content_type if item.content_type in ALLOWED_TYPES else "application/octet-stream"
        )
        response = FileResponse(handle, content_type=content_type, filename=item.name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, max-age=3600"
        return response
