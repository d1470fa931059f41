"""The public site: no staff account needed (calls, notices, draws, tracking, and the
applicant's own applications)."""

from django.urls import path

from .views import (
    account,
    activities,
    applications,
    awards,
    certificates,
    complaints,
    evaluation,
    finder,
    gov_sign_in,
    grants,
    public,
    spacing,
    welfare,
)

app_name = "portal"

urlpatterns = [
    path("", public.home, name="home"),
    path("calls/", public.call_list, name="call_list"),
    path("calls/<int:pk>/", public.call_detail, name="call_detail"),
    path("calls/<int:pk>/apply/", applications.apply, name="apply"),
    path("calls/<int:pk>/spacing.json", spacing.spacing, name="spacing"),
    path("notices/", public.notice_list, name="notices"),
    path("notices/<str:code>/objection/", public.objection, name="objection"),
    path("draws/", public.draw_list, name="draws"),
    path("draws/<int:pk>/", public.draw_detail, name="draw_detail"),
    path("track/", public.track, name="track"),
    path("disclosures/", welfare.disclosure_list, name="disclosures"),
    path("disclosures/<int:year>/", welfare.disclosure_detail, name="disclosure"),
    path("disclosures/<int:year>/pdf/", welfare.disclosure_pdf, name="disclosure_pdf"),
    path("where-the-money-went/", welfare.money_flow_page, name="money_flow"),
    path("activities/", activities.activity_list, name="activities"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity"),
    path(
        "activities/<int:pk>/photos/<int:photo_pk>/",
        activities.activity_photo,
        name="activity_photo",
    ),
    path("map/points.json", public.map_points, name="map_points"),
    path("certificates/verify/", certificates.certificate_verify, name="certificate_verify"),
    path("stations/", finder.station_finder, name="station_finder"),
    path("commendations/", awards.commendations, name="commendations"),
    *complaints.urlpatterns,
    *evaluation.urlpatterns,
    path("account/code/", account.otp_send, name="otp_send"),
    path("account/sign-up/", account.sign_up, name="sign_up"),
    path("account/sign-in/", account.sign_in, name="sign_in"),
    path("account/sign-out/", account.sign_out, name="sign_out"),
    path("account/gov/", gov_sign_in.gov_sign_in, name="gov_sign_in"),
    path("account/gov/callback/", gov_sign_in.gov_callback, name="gov_callback"),
    path("my/", applications.my_applications, name="my_applications"),
    path("grants/", grants.grant_list, name="grant_list"),
    path("grants/<int:pk>/", grants.grant_programme, name="grant_programme"),
    path("grants/<int:pk>/apply/", grants.grant_apply, name="grant_apply"),
    path("grants/<int:pk>/objection/", grants.grant_objection, name="grant_objection"),
    path("my/grants/<str:code>/", grants.grant_application, name="grant_application"),
    path(
        "my/grants/<str:code>/edit/", grants.grant_application_edit, name="grant_application_edit"
    ),
    path("my/grants/<str:code>/documents/", grants.grant_document_add, name="grant_document_add"),
    path("my/grants/<str:code>/submit/", grants.grant_application_submit, name="grant_submit"),
    path("my/<str:code>/", applications.application_detail, name="application"),
    path("my/<str:code>/edit/", applications.application_edit, name="application_edit"),
    path("my/<str:code>/documents/", applications.document_add, name="document_add"),
    path("my/<str:code>/submit/", applications.application_submit, name="application_submit"),
    path("my/<str:code>/receipt/", applications.receipt, name="receipt"),
    path("my/<str:code>/withdraw/", applications.application_withdraw, name="application_withdraw"),
]
