"""The signed-in user's own account pages: their API tokens."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from . import roles, tokens
from .generic import RolePermissionMixin


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
