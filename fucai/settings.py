"""Fucai settings: one module, configured from the environment.

Every value comes from an environment variable read through a typed helper that fails
fast on a malformed value, so a typo in production stops the process at start-up
instead of silently falling back to a default.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)
# Under pytest the suite needs no environment set up (fast hasher, dev key, no lockout).
TESTING = envbool("FUCAI_TESTING", "pytest" in sys.modules)

_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = envstr("SECRET_KEY", _DEV_SECRET if (DEBUG or TESTING) else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

# Personal data (ID numbers, phones) is encrypted with FIELD_ENCRYPTION_KEY (Fernet keys,
# comma-separated, newest first: encrypt with the first, decrypt with any) and indexed
# with a keyed hash under BLIND_INDEX_KEY. They are independent of SECRET_KEY, so
# rotating SECRET_KEY loses nothing. Production must set both; the development values
# below are public and refused when DEBUG and TESTING are off.
_DEV_FIELD_ENCRYPTION_KEY = "o1YnO5za_YAP9rgmLO_XniVrq5RfWpa86OgW2P-CnEw="
_DEV_BLIND_INDEX_KEY = "367a7f3068ac8950a549776bcfdb49d3617098f565becd2480464e378df78eaa"
FIELD_ENCRYPTION_KEY = envstr(
    "FIELD_ENCRYPTION_KEY", _DEV_FIELD_ENCRYPTION_KEY if (DEBUG or TESTING) else ""
).strip()
BLIND_INDEX_KEY = envstr(
    "BLIND_INDEX_KEY", _DEV_BLIND_INDEX_KEY if (DEBUG or TESTING) else ""
).strip()


def _check_data_keys() -> None:
    from cryptography.fernet import Fernet

    keys = [k.strip() for k in FIELD_ENCRYPTION_KEY.split(",") if k.strip()]
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be set when DEBUG is off: one or more Fernet keys, "
            'comma-separated, newest first (generate one with `python -c "from '
            'cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`).'
        )
    for key in keys:
        if key == _DEV_FIELD_ENCRYPTION_KEY:
            raise ImproperlyConfigured(
                "FIELD_ENCRYPTION_KEY contains the public development key; set your own."
            )
        try:
            Fernet(key.encode())
        except ValueError:
            raise ImproperlyConfigured(
                "FIELD_ENCRYPTION_KEY: each key must be a Fernet key (32 url-safe base64 bytes)."
            ) from None
    if not BLIND_INDEX_KEY:
        raise ImproperlyConfigured(
            "BLIND_INDEX_KEY must be set when DEBUG is off (a long random string)."
        )
    if BLIND_INDEX_KEY == _DEV_BLIND_INDEX_KEY or len(BLIND_INDEX_KEY) < 32:
        raise ImproperlyConfigured(
            "BLIND_INDEX_KEY must be your own random value of at least 32 characters, "
            "not the development default."
        )


if not (DEBUG or TESTING):
    _check_data_keys()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "fucai.core",
    "fucai.stations",
    "fucai.facilities",
    "fucai.recruitment",
    "fucai.sales",
    "fucai.governance",
    "fucai.training",
    "fucai.welfare",
    "fucai.charity",
    "fucai.monitoring",
    "fucai.marketing",
    "fucai.reports",
    "fucai.party",
    "fucai.feedback",
    "fucai.notices",
    "fucai.portal",
    "fucai.dashboard",
    "fucai.mystation",
    "fucai.api",
    "fucai.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fucai.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fucai.core.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "fucai.core.middleware.InputGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fucai.core.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fucai.urls"
# Django's form renderer with selects and inputs written in Python (core/renderers.py).
FORM_RENDERER = "fucai.core.renderers.FormRenderer"
WSGI_APPLICATION = "fucai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "fucai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "fucai.core.context_processors.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres:///test in CI); the embedded default is SQLite under var/.
VAR_DIR = Path(envstr("FUCAI_VAR_DIR", str(BASE_DIR / "var")))
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'fucai.sqlite3'}"),
        # Persistent connections (~3x throughput on a 50-row page, DESIGN.md) only where
        # the server manages its threads: deploy/gunicorn.conf.py sets CONN_MAX_AGE=600.
        # runserver opens a thread per request, and each would keep its own connection
        # until PostgreSQL refuses clients, so the default is 0 (one per request).
        conn_max_age=envint("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "fucai.core.backends.ModelBackend",  # Django's, with the user's org unit in one query
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "core:login"

# Login lockout (django-axes): lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = envbool("AXES_ENABLED", not TESTING)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "fucai.core.storage.StaticFilesStorage"  # WhiteNoise's manifest storage
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

REDIS_URL = envstr("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Celery: with no broker configured, tasks run inline in the calling process.
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = envstr("CELERY_RESULT_BACKEND", REDIS_URL or None) or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Background jobs (core.jobs): "auto" uses Celery with a broker, else a thread of the web
# process; tests run them inline so results are deterministic.
FUCAI_JOBS_MODE = envstr("FUCAI_JOBS_MODE", "inline" if TESTING else "auto")

# Mail (applicant notices): the console until a deployment configures SMTP.
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "fucai@localhost")

# SMS (core/sms.py, through core/notifications.py): "console" (the log) until a
# deployment picks "aliyun" (Alibaba Cloud SMS) or "tencent" (Tencent Cloud SMS) and
# gives its key, signature name and template ids (SMS_TEMPLATE_OTP: the sign-up code).
SMS_PROVIDER = envstr("SMS_PROVIDER", "console")
if SMS_PROVIDER not in {"console", "aliyun", "tencent"}:
    raise ImproperlyConfigured(f"SMS_PROVIDER must be console, aliyun or tencent: {SMS_PROVIDER}")
SMS_ACCESS_KEY_ID = envstr("SMS_ACCESS_KEY_ID", "")
SMS_ACCESS_KEY_SECRET = envstr("SMS_ACCESS_KEY_SECRET", "")
SMS_SIGN_NAME = envstr("SMS_SIGN_NAME", "")
SMS_SDK_APP_ID = envstr("SMS_SDK_APP_ID", "")  # Tencent Cloud's SmsSdkAppId
SMS_REGION = envstr("SMS_REGION", "")
SMS_ENDPOINT = envstr("SMS_ENDPOINT", "")  # a proxy or test server instead of the cloud
SMS_TEMPLATES = {"otp": envstr("SMS_TEMPLATE_OTP", ""), "notice": envstr("SMS_TEMPLATE_NOTICE", "")}

# Periodic work on wall-clock times (Asia/Shanghai, CELERY_TIMEZONE), not "every 24 h
# from whenever beat started". `manage.py remind_deadlines` / `reap_jobs` do the same
# from cron.
CELERY_BEAT_SCHEDULE = {
    "recruitment-deadline-reminders": {
        "task": "fucai.recruitment.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "governance-rectifications-overdue": {
        "task": "fucai.governance.rectifications_overdue",
        "schedule": crontab(hour=6, minute=30),
    },
    "training-close-expired-attempts": {
        "task": "fucai.training.close_expired_attempts",
        "schedule": crontab(minute="*/10"),
    },
    "reap-stale-jobs": {
        "task": "fucai.core.reap_jobs",
        "schedule": crontab(minute="*/5"),
    },
    "refresh-insurance-cover": {
        "task": "fucai.stations.refresh_insurance_cover",
        "schedule": crontab(hour=0, minute=5),
    },
    # Liability insurance: 60/30/7-day reminders before a policy ends, once each.
    "insurance-reminders": {
        "task": "fucai.stations.insurance_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # Alerts: the rules over the last week of data, imports missing, lapses.
    "monitoring-evaluate-alerts": {
        "task": "fucai.monitoring.evaluate_alerts",
        "schedule": crontab(hour=5, minute=30),
    },
    # Cameras: whether each playlist still answers (last seen, the offline list).
    "monitoring-check-cameras": {
        "task": "fucai.monitoring.check_cameras",
        "schedule": crontab(minute="*/5"),
    },
    # Risk-based selection: the month's sales are imported by the 3rd.
    "governance-risk-scan": {
        "task": "fucai.governance.risk_scan",
        "schedule": crontab(day_of_month=3, hour=6, minute=0),
    },
    # The welfare fund raised, accrued from the month's sales once they are imported.
    "welfare-accruals": {
        "task": "fucai.welfare.accruals",
        "schedule": crontab(day_of_month=4, hour=5, minute=0),
    },
    # Party members' political birthdays of the month (入党纪念日), on the 1st.
    "party-political-birthdays": {
        "task": "fucai.party.political_birthdays",
        "schedule": crontab(day_of_month=1, hour=8, minute=30),
    },
    # Complaints past their deadline (working days) are escalated once, each morning.
    "feedback-complaints-overdue": {
        "task": "fucai.feedback.escalate_overdue_complaints",
        "schedule": crontab(hour=6, minute=45),
    },
}

# Background jobs (core.jobs): a running job beats every FUCAI_JOB_HEARTBEAT_SECONDS;
# the reaper fails a running job silent for FUCAI_JOB_STALE_MINUTES and a job still
# waiting after FUCAI_JOB_PENDING_MINUTES, and deletes uploaded files no live job needs
# once they are FUCAI_UPLOAD_ORPHAN_MINUTES old (a failed job's file is kept
# FUCAI_JOB_RERUN_HOURS so it can be re-run).
FUCAI_JOB_HEARTBEAT_SECONDS = envint("FUCAI_JOB_HEARTBEAT_SECONDS", 30)
FUCAI_JOB_STALE_MINUTES = envint("FUCAI_JOB_STALE_MINUTES", 10)
FUCAI_JOB_PENDING_MINUTES = envint("FUCAI_JOB_PENDING_MINUTES", 60)
FUCAI_UPLOAD_ORPHAN_MINUTES = envint("FUCAI_UPLOAD_ORPHAN_MINUTES", 60)
FUCAI_JOB_RERUN_HOURS = envint("FUCAI_JOB_RERUN_HOURS", 72)

# Uploaded files (imports): bounds checked before parsing. A zip-based file (XLSX) is
# refused if it unzips to more than FUCAI_UPLOAD_MAX_UNZIPPED_MB, if a member is
# compressed more than FUCAI_UPLOAD_MAX_ZIP_RATIO:1, or a part read whole (shared
# strings, styles) exceeds FUCAI_UPLOAD_MAX_ZIP_PART_MB; a sheet or CSV beyond the row,
# column or line-length bounds is refused while streaming.
FUCAI_UPLOAD_MAX_UNZIPPED_MB = envint("FUCAI_UPLOAD_MAX_UNZIPPED_MB", 200)
FUCAI_UPLOAD_MAX_ZIP_RATIO = envint("FUCAI_UPLOAD_MAX_ZIP_RATIO", 100)
FUCAI_UPLOAD_MAX_ZIP_MEMBERS = envint("FUCAI_UPLOAD_MAX_ZIP_MEMBERS", 200)
FUCAI_UPLOAD_MAX_ZIP_PART_MB = envint("FUCAI_UPLOAD_MAX_ZIP_PART_MB", 32)
FUCAI_IMPORT_MAX_ROWS = envint("FUCAI_IMPORT_MAX_ROWS", 1_048_576)  # Excel's own limit
FUCAI_IMPORT_MAX_COLUMNS = envint("FUCAI_IMPORT_MAX_COLUMNS", 100)
FUCAI_IMPORT_MAX_LINE_CHARS = envint("FUCAI_IMPORT_MAX_LINE_CHARS", 64 * 1024)
FUCAI_IMPORT_MAX_ERRORS = envint("FUCAI_IMPORT_MAX_ERRORS", 10_000)
# Request bodies: a multipart body above FUCAI_MAX_REQUEST_MB is refused (400) from its
# Content-Length before it is read (core.uploads); uploads above
# FILE_UPLOAD_MAX_MEMORY_SIZE spool to a temporary file, not memory; non-file form data
# is capped by DATA_UPLOAD_MAX_MEMORY_SIZE. Forms and the API add their own, lower limits.
FUCAI_MAX_REQUEST_MB = envint("FUCAI_MAX_REQUEST_MB", 210)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "fucai.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Security baseline. Secure cookies and HSTS whenever DEBUG is off; a deployment behind
# a TLS-terminating proxy sets SECURE_PROXY_SSL_HEADER via FUCAI_BEHIND_PROXY.
SECURE_COOKIES = envbool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
SECURE_HSTS_SECONDS = 0 if DEBUG else envint("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if envbool("FUCAI_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies of ours append to X-Forwarded-For in front of the app: the
# client address is the N-th entry from the right (0: REMOTE_ADDR, the header ignored).
# Audit, login log, lockout (axes) and portal throttles all use core.context.client_ip.
FUCAI_TRUSTED_PROXIES = envint(
    "FUCAI_TRUSTED_PROXIES", 1 if envbool("FUCAI_BEHIND_PROXY", False) else 0
)
if FUCAI_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("FUCAI_TRUSTED_PROXIES must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "fucai.core.context.client_ip"
# Accounts: API token lifetime; portal sign-in and code-request throttles, counted per
# mobile number and per client IP in the cache, over a fixed window.
FUCAI_API_TOKEN_DAYS = envint("FUCAI_API_TOKEN_DAYS", 30)
PORTAL_THROTTLE_WINDOW_SECONDS = envint("PORTAL_THROTTLE_WINDOW_SECONDS", 3600)
PORTAL_SIGN_IN_LIMIT_PER_PHONE = envint("PORTAL_SIGN_IN_LIMIT_PER_PHONE", 10)
PORTAL_SIGN_IN_LIMIT_PER_IP = envint("PORTAL_SIGN_IN_LIMIT_PER_IP", 60)
PORTAL_CODE_LIMIT_PER_PHONE = envint("PORTAL_CODE_LIMIT_PER_PHONE", 5)
PORTAL_CODE_LIMIT_PER_IP = envint("PORTAL_CODE_LIMIT_PER_IP", 20)
# Sign-in through the government identity platform (浙江政务服务网 / 浙里办) over OpenID
# Connect: off unless the issuer and the client id are set. The issuer is discovered at
# <issuer>/.well-known/openid-configuration; the claims name the verified resident ID
# number and the name in its ID token. Government service platform API: the service
# tokens it sends as `Authorization: Bearer` (comma-separated, to rotate one at a time).
FUCAI_OIDC_ISSUER = envstr("FUCAI_OIDC_ISSUER", "").rstrip("/")
FUCAI_OIDC_CLIENT_ID = envstr("FUCAI_OIDC_CLIENT_ID", "")
FUCAI_OIDC_CLIENT_SECRET = envstr("FUCAI_OIDC_CLIENT_SECRET", "")
FUCAI_OIDC_SCOPE = envstr("FUCAI_OIDC_SCOPE", "openid profile")
FUCAI_OIDC_ID_NUMBER_CLAIM = envstr("FUCAI_OIDC_ID_NUMBER_CLAIM", "id_number")
FUCAI_OIDC_NAME_CLAIM = envstr("FUCAI_OIDC_NAME_CLAIM", "name")
FUCAI_OIDC_TIMEOUT_SECONDS = envint("FUCAI_OIDC_TIMEOUT_SECONDS", 10)
# How the client authenticates at the token endpoint: client_secret_post or _basic.
FUCAI_OIDC_TOKEN_AUTH_METHOD = envstr("FUCAI_OIDC_TOKEN_AUTH_METHOD", "client_secret_post")
if FUCAI_OIDC_TOKEN_AUTH_METHOD not in {"client_secret_post", "client_secret_basic"}:
    raise ImproperlyConfigured(
        "FUCAI_OIDC_TOKEN_AUTH_METHOD must be client_secret_post or client_secret_basic."
    )
# The demo's stand-in for 浙里办 (`make run` sets it): the local test provider served by
# this site under /dev/gov-idp/ (fucai/core/testing/oidc_demo.py), the issuer and client
# pointed at it; FUCAI_OIDC_DEMO_URL is the site's own address. Never in production.
FUCAI_OIDC_DEMO = envbool("FUCAI_OIDC_DEMO", False)
if FUCAI_OIDC_DEMO:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FUCAI_OIDC_DEMO serves a made-up identity provider for the demo: it needs "
            "DEBUG on and must never be set in production."
        )
    _demo_site = envstr("FUCAI_OIDC_DEMO_URL", "http://127.0.0.1:8000").rstrip("/")
    FUCAI_OIDC_ISSUER = f"{_demo_site}/dev/gov-idp"
    FUCAI_OIDC_CLIENT_ID = "fucai-demo"
    FUCAI_OIDC_CLIENT_SECRET = "fucai-demo-secret"  # noqa: S105 — the demo's own provider
FUCAI_GOV_API_TOKENS = envlist("FUCAI_GOV_API_TOKENS", [])
if any(len(token) < 32 for token in FUCAI_GOV_API_TOKENS):
    raise ImproperlyConfigured("FUCAI_GOV_API_TOKENS: each token needs 32 characters or more.")
CSP_ENABLED = envbool("CSP_ENABLED", not DEBUG)
# The camera live view plays HLS through hls.js: it fetches the playlist and segments
# (connect-src) and feeds the video element a MediaSource (media-src blob:). Cameras
# served by a video gateway on another origin are listed in FUCAI_CAMERA_ORIGINS
# (space-separated, e.g. "https://video.example.cn").
FUCAI_CAMERA_ORIGINS = envstr("FUCAI_CAMERA_ORIGINS", "").strip()
_CAMERAS = f" {FUCAI_CAMERA_ORIGINS}" if FUCAI_CAMERA_ORIGINS else ""
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    f"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'{_CAMERAS}; "
    f"media-src 'self' blob:{_CAMERAS}; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

FUCAI_CITY_REGION = envstr("FUCAI_CITY_REGION", "330300")
PAGE_SIZE = 50
# POST /api/token attempts per client address (ninja throttle rate, e.g. "20/m").
# A station's sales (or payout) of one game in one day above this is refused on import.
FUCAI_MAX_DAILY_SALES_YUAN = envint("FUCAI_MAX_DAILY_SALES_YUAN", 10_000_000)
FUCAI_API_TOKEN_RATE = envstr("FUCAI_API_TOKEN_RATE", "1000/m" if TESTING else "20/m")
# The big screen (dashboard.screen): it fetches its figures every N seconds, and warns
# that the data are stale when the newest successful sales import is older than this.
FUCAI_SCREEN_REFRESH_SECONDS = envint("FUCAI_SCREEN_REFRESH_SECONDS", 60)
FUCAI_SCREEN_STALE_HOURS = envint("FUCAI_SCREEN_STALE_HOURS", 36)
