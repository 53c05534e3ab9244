"""Hjemvej's settings, read from HJEMVEJ_* environment variables.

The defaults are safe for development on one machine. With HJEMVEJ_DEBUG=0 the
system refuses to start without a real secret key, allowed hosts, an audit key and an anchor
directory, and with settings that are unsafe in production (the demo login, a wildcard host).
"""

import contextlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from hjemvej.common.env import envbool, envint, envlist, envstr

PACKAGE_DIR = Path(__file__).resolve().parent
# The project folder: where var/ and node_modules/ live (the repository in a checkout).
ROOT_DIR = Path(envstr("HJEMVEJ_ROOT", str(PACKAGE_DIR.parent.parent))).resolve()
VAR_DIR = Path(envstr("HJEMVEJ_VAR_DIR", str(ROOT_DIR / "var"))).resolve()
NODE_MODULES = Path(envstr("HJEMVEJ_NODE_MODULES", str(ROOT_DIR / "node_modules"))).resolve()

DEBUG = envbool("HJEMVEJ_DEBUG", True)

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production-hjemvej-0123456789"
SECRET_KEY = envstr("HJEMVEJ_SECRET_KEY", "")
ALLOWED_HOSTS = envlist("HJEMVEJ_ALLOWED_HOSTS", [])
if DEBUG:
    SECRET_KEY = SECRET_KEY or _DEV_SECRET
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver"]
else:
    if len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET:
        raise ImproperlyConfigured(
            "HJEMVEJ_SECRET_KEY skal sættes til en hemmelig nøgle på mindst 50 tegn, "
            "når HJEMVEJ_DEBUG=0."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "HJEMVEJ_ALLOWED_HOSTS skal angive værtsnavnene (kommasepareret), når HJEMVEJ_DEBUG=0."
        )
CSRF_TRUSTED_ORIGINS = envlist("HJEMVEJ_CSRF_TRUSTED_ORIGINS", [])

# The audit log's chain is keyed (HMAC) with a secret kept outside the database, and its heads
# are anchored in files outside the database (hjemvej.audit.anchors).
_DEV_AUDIT_KEY = "dev-only-audit-key-do-not-use-in-production-hjemvej-9876543210"
AUDIT_KEY = envstr("HJEMVEJ_AUDIT_KEY", "")
AUDIT_ANCHOR_DIR = envstr("HJEMVEJ_AUDIT_ANCHOR_DIR", "")
if DEBUG:
    AUDIT_KEY = AUDIT_KEY or _DEV_AUDIT_KEY
    AUDIT_ANCHOR_DIR = AUDIT_ANCHOR_DIR or str(VAR_DIR / "audit-anchors")
else:
    if len(AUDIT_KEY) < 32 or AUDIT_KEY in (_DEV_AUDIT_KEY, SECRET_KEY):
        raise ImproperlyConfigured(
            "HJEMVEJ_AUDIT_KEY skal sættes til en hemmelig nøgle på mindst 32 tegn (en anden end "
            "HJEMVEJ_SECRET_KEY), når HJEMVEJ_DEBUG=0. Gem den uden for databasen og dens backup."
        )
    if not AUDIT_ANCHOR_DIR or not Path(AUDIT_ANCHOR_DIR).is_absolute():
        raise ImproperlyConfigured(
            "HJEMVEJ_AUDIT_ANCHOR_DIR skal angive en absolut sti til logningens ankre (uden for "
            "databasen), når HJEMVEJ_DEBUG=0."
        )
    if "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "HJEMVEJ_ALLOWED_HOSTS må ikke indeholde '*', når HJEMVEJ_DEBUG=0: skriv værtsnavnene."
        )
    if envbool("HJEMVEJ_PORTAL_DEMO_LOGIN", False):
        raise ImproperlyConfigured(
            "HJEMVEJ_PORTAL_DEMO_LOGIN=1 er demoens login uden MitID og må ikke bruges, når "
            "HJEMVEJ_DEBUG=0."
        )
# Independent chains in the audit log; writers only wait for each other when all are busy.
AUDIT_LANES = envint("HJEMVEJ_AUDIT_LANES", 8)
if not 1 <= AUDIT_LANES <= 64:
    raise ImproperlyConfigured("HJEMVEJ_AUDIT_LANES skal være mellem 1 og 64.")
AUDIT_ANCHOR_SYSLOG = envbool("HJEMVEJ_AUDIT_ANCHOR_SYSLOG", False)
AUDIT_ANCHOR_SECONDS = envint("HJEMVEJ_AUDIT_ANCHOR_SECONDS", 5 * 60)

INSTALLED_APPS = [
    # First, so that its `db_worker` (the django-tasks worker that also books the maintenance
    # jobs) is the one `hjemvej db_worker` runs.
    "hjemvej.ops",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "hjemvej.common",
    "hjemvej.accounts",
    "hjemvej.audit",
    "hjemvej.people",
    "hjemvej.access",
    "hjemvej.deadlines",
    "hjemvej.api",
    "hjemvej.portal",
    "hjemvej.reports",
    "hjemvej.demo",
    "hjemvej.plans",
    "hjemvej.courses",
    "hjemvej.meetings",
    "hjemvej.journal",
    "hjemvej.tracks",
    "hjemvej.offers",
    "hjemvej.stays",
    "hjemvej.housing",
    "hjemvej.economics",
    "hjemvej.sso",
    "hjemvej.rights",
    "hjemvej.post",
    "hjemvej.front",  # templates only: the home page, its worklists and the citizen page's parts
]

MIDDLEWARE = [
    "hjemvej.common.middleware.RequestIdMiddleware",
    "hjemvej.ops.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hjemvej.common.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "hjemvej.common.middleware.NoStoreMiddleware",
    "hjemvej.audit.middleware.AuditContextMiddleware",
    "hjemvej.front.home.ForgetCountsOnChangeMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hjemvej.urls"
WSGI_APPLICATION = "hjemvej.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hjemvej.front.navigation.navigation",
            ],
        },
    }
]

# Database: SQLite under var/ by default, anything dj-database-url understands otherwise.
DATABASE_URL = envstr("HJEMVEJ_DATABASE_URL", f"sqlite:///{VAR_DIR / 'hjemvej.sqlite3'}")
# An app server keeps its database connection for HJEMVEJ_DB_CONN_MAX_AGE seconds (default 60)
# instead of opening one per request: a new PostgreSQL connection costs ~10 ms, more than most
# pages' queries. Django checks a kept connection before reusing it (conn_health_checks), so a
# restarted database server costs one failed check, not a failed request. 0 opens one per
# request. Each gunicorn worker and the task worker hold at most one connection each.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=envint("HJEMVEJ_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock
        # at the start of every transaction, which serialises the check-then-insert of
        # rules such as "one room, one citizen" on SQLite.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = (
        {"NAME": envstr("HJEMVEJ_TEST_SQLITE_NAME", "")}
        if envstr("HJEMVEJ_TEST_SQLITE_NAME", "")
        else {}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache is shared by every app server (a table in the database; `hjemvej migrate` makes it).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hjemvej_cache",
        # One entry per active user (the home page's counts, front.home) and a few per login
        # attempt: Django's default of 300 would cull a large municipality's entries all day.
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
}

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Throttling of failed logins (django-axes): 5 failures lock that username from that address
# for 15 minutes (not the whole address: a municipality's staff often share one NAT address).
AXES_FAILURE_LIMIT = envint("HJEMVEJ_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLED = envbool("HJEMVEJ_LOGIN_THROTTLE", True)

# Sessions end after 30 minutes without activity. They live in the database, so every app
# server sees them. The expiry is moved on at most once a minute (SessionRefreshMiddleware),
# not written on every page.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = envint("HJEMVEJ_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Security headers.
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("HJEMVEJ_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("HJEMVEJ_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if envbool("HJEMVEJ_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FORMAT_MODULE_PATH = ["hjemvej.common.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
with contextlib.suppress(OSError):  # the SQLite file and collected static files live here
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [
    ("dkfds", NODE_MODULES / "dkfds" / "dist"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "media")},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Background jobs: django-tasks with its database backend; `hjemvej db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": envstr("HJEMVEJ_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Audit log: rows older than this are deleted by `hjemvej audit prune`.
AUDIT_RETENTION_DAYS = envint("HJEMVEJ_AUDIT_RETENTION_DAYS", 5 * 365)
# Archival packages (PDF + JSON) of cases to be deleted are written here; the archive writes a
# receipt file back (docs/operations.md, "Arkivering"), and the deletion waits for it.
ARCHIVE_DIR = envstr("HJEMVEJ_ARCHIVE_DIR", str(VAR_DIR / "archive"))
# The sRGB ICC profile embedded in archived PDF/A files (default: Ghostscript's own).
PDFA_ICC_PROFILE = envstr("HJEMVEJ_PDFA_ICC_PROFILE", "")
# How long a break-the-glass access lasts.
BREAK_GLASS_MINUTES = envint("HJEMVEJ_BREAK_GLASS_MINUTES", 60)
# Offer staff keep seeing a citizen this long after the relationship ended.
RELATIONSHIP_GRACE_DAYS = envint("HJEMVEJ_RELATIONSHIP_GRACE_DAYS", 365)
# API bearer tokens expire after this many hours.
API_TOKEN_HOURS = envint("HJEMVEJ_API_TOKEN_HOURS", 8)
# The staff home page's worklist counts are worked out at most once this often per user and
# held in the cache (front.home): a user's own changes count at once, colleagues' within this
# many seconds. 0: worked out on every visit.
HOME_COUNTS_SECONDS = envint("HJEMVEJ_HOME_COUNTS_SECONDS", 60)

DEMO_PASSWORD = envstr("HJEMVEJ_DEMO_PASSWORD", "hjemvej-demo")

# Citizens log in to their own pages through the municipality's OpenID Connect broker (MitID
# via NemLog-in). The demo's simple citizen login is on only in development unless set.
OIDC_ISSUER = envstr("HJEMVEJ_OIDC_ISSUER", "")
OIDC_CLIENT_ID = envstr("HJEMVEJ_OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = envstr("HJEMVEJ_OIDC_CLIENT_SECRET", "")
OIDC_CPR_CLAIM = envstr("HJEMVEJ_OIDC_CPR_CLAIM", "https://data.gov.dk/model/core/eid/cprNumber")
OIDC_SCOPES = envstr("HJEMVEJ_OIDC_SCOPES", "openid")
PORTAL_DEMO_LOGIN = envbool("HJEMVEJ_PORTAL_DEMO_LOGIN", DEBUG)

# Staff sign in through the municipality's identity provider over OpenID Connect (Entra ID,
# AD FS, …). When it is configured, local passwords are off for everyone but the named
# emergency administrator, whose every login is logged like break-the-glass.
STAFF_OIDC_ISSUER = envstr("HJEMVEJ_STAFF_OIDC_ISSUER", "")
STAFF_OIDC_CLIENT_ID = envstr("HJEMVEJ_STAFF_OIDC_CLIENT_ID", "")
STAFF_OIDC_CLIENT_SECRET = envstr("HJEMVEJ_STAFF_OIDC_CLIENT_SECRET", "")
STAFF_OIDC_SCOPES = envstr("HJEMVEJ_STAFF_OIDC_SCOPES", "openid profile email")
STAFF_OIDC_GROUPS_CLAIM = envstr("HJEMVEJ_STAFF_OIDC_GROUPS_CLAIM", "groups")
STAFF_OIDC_USERNAME_CLAIM = envstr("HJEMVEJ_STAFF_OIDC_USERNAME_CLAIM", "preferred_username")
EMERGENCY_ADMIN = envstr("HJEMVEJ_EMERGENCY_ADMIN", "")
# … or over SAML 2.0 (AD FS, Fælleskommunal Adgangsstyring): Hjemvej is the service provider.
STAFF_SAML_IDP_METADATA = envstr("HJEMVEJ_STAFF_SAML_IDP_METADATA", "")
STAFF_SAML_ENTITY_ID = envstr("HJEMVEJ_STAFF_SAML_ENTITY_ID", "")
STAFF_SAML_KEY_FILE = envstr("HJEMVEJ_STAFF_SAML_KEY_FILE", "")
STAFF_SAML_CERT_FILE = envstr("HJEMVEJ_STAFF_SAML_CERT_FILE", "")
STAFF_SAML_GROUPS_ATTRIBUTE = envstr("HJEMVEJ_STAFF_SAML_GROUPS_ATTRIBUTE", "groups")
STAFF_SAML_USERNAME_ATTRIBUTE = envstr("HJEMVEJ_STAFF_SAML_USERNAME_ATTRIBUTE", "uid")

# Logs go to stderr (systemd's journal), as text or as JSON lines (HJEMVEJ_LOG_FORMAT=json); each
# line carries the request id that RequestIdMiddleware sets and returns as X-Request-ID.
LOG_FORMAT = envstr("HJEMVEJ_LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("HJEMVEJ_LOG_FORMAT skal være text eller json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "hjemvej.common.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "hjemvej.common.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": envstr("HJEMVEJ_LOG_LEVEL", "WARNING")},
    "loggers": {
        "hjemvej.audit.anchor": {
            "handlers": ["syslog"] if AUDIT_ANCHOR_SYSLOG else [],
            "level": "INFO",
            "propagate": False,
        },
    },
}
if AUDIT_ANCHOR_SYSLOG:
    LOGGING["handlers"]["syslog"] = {  # type: ignore[index]
        "class": "logging.handlers.SysLogHandler",
        "address": envstr("HJEMVEJ_SYSLOG_ADDRESS", "/dev/log"),
    }

# The production web server (`hjemvej serve`, gunicorn).
WEB_BIND = envstr("HJEMVEJ_WEB_BIND", "127.0.0.1:8000")
WEB_WORKERS = envint("HJEMVEJ_WEB_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 9))
WEB_TIMEOUT = envint("HJEMVEJ_WEB_TIMEOUT", 60)
FORWARDED_ALLOW_IPS = envstr("HJEMVEJ_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Maintenance done by the worker (hjemvej.ops.maintenance) and the readiness check.
TASK_RESULT_DAYS = envint("HJEMVEJ_TASK_RESULT_DAYS", 14)
HEARTBEAT_SECONDS = envint("HJEMVEJ_HEARTBEAT_SECONDS", 60)
HEARTBEAT_STALE_SECONDS = envint("HJEMVEJ_HEARTBEAT_STALE_SECONDS", 5 * 60)

if os.environ.get("HJEMVEJ_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = envstr("HJEMVEJ_EMAIL_HOST", "")
    EMAIL_PORT = envint("HJEMVEJ_EMAIL_PORT", 587)
    EMAIL_HOST_USER = envstr("HJEMVEJ_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = envstr("HJEMVEJ_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = envbool("HJEMVEJ_EMAIL_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "outbox" / "email")
DEFAULT_FROM_EMAIL = envstr("HJEMVEJ_FROM_EMAIL", "hjemvej@localhost")

# Reminders to citizens (hjemvej.meetings): backends, when they go out, how often the worker looks.
REMINDER_SMS_BACKEND = envstr("HJEMVEJ_SMS_BACKEND", "hjemvej.meetings.backends.FileSmsBackend")
REMINDER_EMAIL_BACKEND = envstr(
    "HJEMVEJ_REMINDER_EMAIL_BACKEND", "hjemvej.meetings.backends.DjangoEmailBackend"
)
SMS_OUTBOX_DIR = envstr("HJEMVEJ_SMS_OUTBOX", str(VAR_DIR / "outbox" / "sms"))
SMS_GATEWAY_URL = envstr("HJEMVEJ_SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = envstr("HJEMVEJ_SMS_GATEWAY_TOKEN", "")
SMS_SENDER = envstr("HJEMVEJ_SMS_SENDER", "Hjemvej")
REMINDER_OFFSETS_HOURS = [int(h) for h in envlist("HJEMVEJ_REMINDER_OFFSETS_HOURS", ["48", "2"])]
REMINDER_SWEEP_SECONDS = envint("HJEMVEJ_REMINDER_SWEEP_SECONDS", 60)
REMINDER_MAX_ATTEMPTS = envint("HJEMVEJ_REMINDER_MAX_ATTEMPTS", 5)

# The CPR register (hjemvej.people.cprregister): the local backend answers from fictitious
# persons; the national one asks the service platform (docs/operations.md, "CPR-opslag").
CPR_BACKEND = envstr("HJEMVEJ_CPR_BACKEND", "hjemvej.people.cprregister.LocalCprBackend")
CPR_SERVICE_URL = envstr("HJEMVEJ_CPR_SERVICE_URL", "")
CPR_CERT_FILE = envstr("HJEMVEJ_CPR_CERT_FILE", "")
CPR_KEY_FILE = envstr("HJEMVEJ_CPR_KEY_FILE", "")
CPR_CA_FILE = envstr("HJEMVEJ_CPR_CA_FILE", "")
CPR_SERVICE_AGREEMENT_UUID = envstr("HJEMVEJ_CPR_SERVICE_AGREEMENT_UUID", "")
CPR_USER_SYSTEM_UUID = envstr("HJEMVEJ_CPR_USER_SYSTEM_UUID", "")
CPR_USER_UUID = envstr("HJEMVEJ_CPR_USER_UUID", "")
CPR_SERVICE_UUID = envstr("HJEMVEJ_CPR_SERVICE_UUID", "")
CPR_ACCOUNTING_INFO = envstr("HJEMVEJ_CPR_ACCOUNTING_INFO", "")
CPR_TIMEOUT_SECONDS = envint("HJEMVEJ_CPR_TIMEOUT_SECONDS", 10)

# Digital Post (hjemvej.post): the file backend writes each letter (MeMo XML + PDF) to a folder;
# the national one posts the MeMo message over HTTPS with the municipality's certificate
# (docs/operations.md, "Digital Post"). Sending is a background job with bounded retries.
DIGITAL_POST_BACKEND = envstr("HJEMVEJ_DIGITAL_POST_BACKEND", "hjemvej.post.backends.FileBackend")
DIGITAL_POST_OUTBOX_DIR = envstr("HJEMVEJ_DIGITAL_POST_OUTBOX", str(VAR_DIR / "outbox" / "post"))
DIGITAL_POST_URL = envstr("HJEMVEJ_DIGITAL_POST_URL", "")
DIGITAL_POST_CERT_FILE = envstr("HJEMVEJ_DIGITAL_POST_CERT_FILE", "")
DIGITAL_POST_KEY_FILE = envstr("HJEMVEJ_DIGITAL_POST_KEY_FILE", "")
DIGITAL_POST_CA_FILE = envstr("HJEMVEJ_DIGITAL_POST_CA_FILE", "")
DIGITAL_POST_SENDER_CVR = envstr("HJEMVEJ_DIGITAL_POST_SENDER_CVR", "")
DIGITAL_POST_SENDER_NAME = envstr("HJEMVEJ_DIGITAL_POST_SENDER_NAME", "")
DIGITAL_POST_TIMEOUT_SECONDS = envint("HJEMVEJ_DIGITAL_POST_TIMEOUT_SECONDS", 30)
DIGITAL_POST_MAX_ATTEMPTS = envint("HJEMVEJ_DIGITAL_POST_MAX_ATTEMPTS", 5)
DIGITAL_POST_RETRY_SECONDS = envint("HJEMVEJ_DIGITAL_POST_RETRY_SECONDS", 60)

# --- Security (issue 12): login throttling per address, the API's docs -----------------------
# Axes also locks an address after this many failures across usernames (one password tried
# against many users); see hjemvej.accounts.throttle. Locked-out API calls get JSON 429.
AXES_HANDLER = "hjemvej.accounts.throttle.LoginThrottle"
AXES_LOCKOUT_CALLABLE = "hjemvej.accounts.throttle.lockout_response"
LOGIN_ADDRESS_FAILURE_LIMIT = envint("HJEMVEJ_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
# The API's docs page and OpenAPI document need a login unless this is on (on in development).
API_DOCS_PUBLIC = envbool("HJEMVEJ_API_DOCS_PUBLIC", DEBUG)
