from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from fucai.api.api import api
from fucai.core import views as core_views
from fucai.core.testing import oidc_demo

handler400 = "fucai.core.errors.bad_request"
handler403 = "fucai.core.errors.permission_denied"
handler404 = "fucai.core.errors.page_not_found"
handler500 = "fucai.core.errors.server_error"

urlpatterns = [
    path("", include("fucai.dashboard.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("fucai.core.urls")),
    path("stations/", include("fucai.stations.urls")),
    path("sales/", include("fucai.sales.urls")),
    path("recruitment/", include("fucai.recruitment.urls")),
    path("governance/", include("fucai.governance.urls")),
    path("training/", include("fucai.training.urls")),
    path("welfare/", include("fucai.welfare.urls")),
    path("charity/", include("fucai.charity.urls")),
    path("monitoring/", include("fucai.monitoring.urls")),
    path("marketing/", include("fucai.marketing.urls")),
    path("reports/", include("fucai.reports.urls")),
    path("party/", include("fucai.party.urls")),
    path("feedback/", include("fucai.feedback.urls")),
    path("notices/", include("fucai.notices.urls")),
    path("facilities/", include("fucai.facilities.urls")),
    path("public/", include("fucai.portal.urls")),
    path("my/", include("fucai.mystation.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    # The demo's stand-in for 浙里办: only with FUCAI_OIDC_DEMO (which needs DEBUG).
    *oidc_demo.mounted(),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
