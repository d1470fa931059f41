"""The JSON API, mounted at /api/ with its OpenAPI schema at /api/openapi.json."""

from ninja import Field, Schema, Status

from .alerts import router as alerts_router
from .auth import bearer_auth, issue_token, session_auth
from .charity import grants_router as charity_grants_router
from .charity import router as charity_router
from .dashboard import router as dashboard_router
from .docs import OfflineSwagger
from .errors import ErrorOut, FucaiAPI, TokenThrottle, install_error_handlers
from .facilities import router as facilities_router
from .feedback import router as feedback_router
from .gov import router as gov_router
from .governance import router as governance_router
from .insurance import router as insurance_router
from .marketing import router as marketing_router
from .mystation import router as mystation_router
from .notices import router as notices_router
from .party import router as party_router
from .recruitment import router as recruitment_router
from .reports import router as reports_router
from .sales import imports_router as sales_imports_router
from .sales import router as sales_router
from .staff import router as staff_router
from .stations import router as stations_router
from .tokens import router as tokens_router
from .welfare import router as welfare_router

api = FucaiAPI(
    title="Fucai API",
    version="1.0",
    description="Welfare-lottery center operations platform. Authenticate with "
    "`POST /api/token`, then send `Authorization: Bearer <token>`.",
    auth=[bearer_auth, session_auth],
    urls_namespace="api",
    docs=OfflineSwagger(),
)


class TokenIn(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=4096)


class TokenOut(Schema):
    token: str


install_error_handlers(api)


@api.post(
    "/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut},
    tags=["auth"],
    throttle=[TokenThrottle()],
)
def create_token(request, payload: TokenIn):
    """Exchange a username and password for a bearer token (valid `FUCAI_API_TOKEN_DAYS`,
    30 days by default; revoked when the password changes)."""
    token = issue_token(request, payload.username, payload.password)
    if token is None:
        return Status(401, {"detail": "Invalid username or password, or the account is locked."})
    return Status(200, {"token": token})


api.add_router("/stations", stations_router)
api.add_router("/sales", sales_router)  # analytics (api/sales/analytics.py)
api.add_router("/sales", sales_imports_router)  # imports and games (api/sales/imports.py)
api.add_router("/recruitment", recruitment_router)
api.add_router("/tokens", tokens_router)
# /api/inspections, /api/rectifications, /api/visits, /api/annual-reviews, /api/grades,
# /api/star-ratings
api.add_router("", governance_router)
# /api/staff, /api/certificates
api.add_router("", staff_router)
api.add_router("/charity", charity_router)
api.add_router("/grants", charity_grants_router)
api.add_router("/welfare", welfare_router)
api.add_router("/reports", reports_router)
api.add_router("/marketing", marketing_router)
# /api/insurance
api.add_router("", insurance_router)
# /api/alerts
api.add_router("", alerts_router)
api.add_router("/dashboard", dashboard_router)  # the big screen
api.add_router("/party", party_router)
# /api/notices (the caller's own, with read state)
api.add_router("", notices_router)
# /api/complaints, /api/surveys/{id}/results
api.add_router("", feedback_router)
# /api/service-stations (public), /api/premises/projects
api.add_router("", facilities_router)
# /api/my/stations: the station owner's portal (their stations, commission statements)
api.add_router("/my", mystation_router)
# /api/gov/applications: the government service platform (service token)
api.add_router("/gov", gov_router)
