"""Helpcircle settings, read from the environment only (12-factor).

Every value has a default that works on the embedded setup (SQLite and a filesystem
broker under var/), so `make run` needs no configuration. Production sets DEBUG=0,
SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL and REDIS_URL.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

# Importing config.env reads `.env` in local development (it says when); every variable
# below is read after it.
from config.env import env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
# Runtime data of the embedded setup; config/runtime.py makes its folders at startup.
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


# --- Core -----------------------------------------------------------------------------

# Off unless asked for: a forgotten variable must never expose debug pages in production.
DEBUG = env_bool("DEBUG", False)

_DEV_SECRET_KEY = "dev-only-secret-key-never-used-when-debug-is-off-0123456789"
SECRET_KEY = os.environ.get("SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.environ.get("SITE_NAME", "Helpcircle")
# The company whose customers the forum serves: only its representatives may carry its
# name in theirs.
COMPANY_NAME = os.environ.get("COMPANY_NAME", "Brightwave")
# The site's address: every absolute link (emails, allauth's emails, webhook payloads, the
# API) is built from it (config/site.py), never from a request's host. By default where
# `make run` serves (WEB_PORT); production sets it (https://support.example.com, no path).
SITE_URL = (os.environ.get("SITE_URL") or f"http://127.0.0.1:{os.environ.get('WEB_PORT') or '8000'}").rstrip("/")

INSTALLED_APPS = [
    "config.apps.SiteConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: runserver then serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "taggit",
    "django_htmx",
    "csp",
    "accounts",
    "forum",
    "responses",
    "moderation",
    "team",
    "cases",
    "announcements",
    "ideas",
    "reminders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "webhooks",
    "api",
]

MIDDLEWARE = [
    "config.client_ip.ShortForwardedForMiddleware",  # proxies: before anything reads the address
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",  # outside WhiteNoise: static files too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the first middleware that may answer on its own (the NUL refusal): every page has them.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.RejectNulBytesMiddleware",  # before anything reads the query
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.backends.AuthenticationMiddleware",  # Django's, the member read with the session
    "config.middleware.PrivateCacheForMembersMiddleware",  # reads request.user
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.htmx_refusals.HtmxRefusalsMiddleware",  # refusals of htmx requests as plain text
    "allauth.account.middleware.AccountMiddleware",
    "config.middleware.CacheDownMiddleware",  # last: refuses what needed Redis (rate limits) with a 503
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
                "forum.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'helpcircle.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE makes a writer take the lock when its transaction begins, so concurrent
    # writers wait (up to `timeout`) instead of failing with "database is locked" halfway
    # through. The write-ahead log is switched on once per file by config/sqlite.py.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a statement it expects to be costly, which costs 0.2-0.6 s per
    # statement at the engine's scale and pays back only on analytic queries; none here
    # (docs/performance.md, "Periodic tasks over 1,000,000 threads").
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# --- Cache ----------------------------------------------------------------------------

# Two aliases that must not share a store that evicts:
# - "default" holds the rate limits and nothing else (allauth's login, signup and reset limits,
#   the members' abuse limits of forum/limits.py, the API's throttles): shared by every
#   process, and never emptied to make room for something else.
# - "pages" holds rendered pages and who was counted as viewing a thread (config/pagecache.py):
#   with Redis, a backend that carries on without it when it is down (config/cache.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
# Pages may go to a Redis of their own (one with maxmemory and an LRU policy, as a cache
# should be), so that they can never evict a rate limit: Redis evicts per server, not per
# database. Unset, they share REDIS_URL's server, which must then not evict (noeviction).
PAGES_REDIS_URL = os.environ.get("PAGES_REDIS_URL", "") or REDIS_URL
# Without Redis: two tables in the database, one each. The rate limits' table never culls a
# live limit (config/cache.py); MAX_ENTRIES is when it sweeps the expired ones. migrate
# creates both tables (forum's migrations run createcachetable).
EMBEDDED_CACHES = {
    "default": {
        "BACKEND": "config.cache.RateLimitDatabaseCache",
        "LOCATION": "rate_limits",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cache_table",
        "KEY_PREFIX": "pages",
    },
}
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "pages": {"BACKEND": "config.cache.ForgivingRedisCache", "LOCATION": PAGES_REDIS_URL, "KEY_PREFIX": "pages"},
    }
else:
    CACHES = EMBEDDED_CACHES

# Rendered pages (config/pagecache.py): anonymous visitors' pages and parts of members' pages,
# fresh after every action (named versions the actions bump), and never older than this many
# seconds (so a write made outside the actions, in dbshell, is seen within it).
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = 60
# Run what follows a commit (page versions, a question's score on its thread) where it is asked
# for rather than when its transaction commits: only for tests that run inside a transaction
# that never commits (config/aftercommit.py, tests/conftest.py).
AFTER_COMMIT_AT_ONCE = False

# --- Authentication (django-allauth) --------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # Django's and allauth's, the member read with the session (accounts/backends.py)
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's database sessions, each marked with whose it is, so that deleting an account ends
# every session of it at once; no cached copy, so that a logout never depends on Redis
# (accounts/sessions.py).
SESSION_ENGINE = "accounts.sessions"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_PREVENT_ENUMERATION = True
# Signing up with a taken address does the free address's work too (it hashes the password),
# so that its time tells nothing (accounts/forms.py).
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_USERNAME_BLACKLIST = ["admin", "administrator", "root", "staff", "support", "official"]
# Refuses usernames that impersonate the company or its reps; builds every email's links and
# greeting from the configured site (SITE_URL, SITE_NAME), never from the request.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth's default rate limits stay on; RATE_LIMITS=0 turns them off for load tests only.
if not env_bool("RATE_LIMITS", True):
    ACCOUNT_RATE_LIMITS = False

# --- Email ----------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Helpcircle <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------

BROKER_DIR = VAR_DIR / "broker"
# A host name, though the transport ignores it, keeps kombu from warning on every start.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "filesystem://localhost//"
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Producers and consumers share one folder; processed messages are kept apart, and the
    # exchange tables (kombu's "control" folder, ./control unless told) live here too, so
    # that nothing the broker writes lands in the working tree.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
# Results are stored only for the tasks whose result somebody reads (ignore_result is the
# default): the broker's Redis when there is one, files under var/ otherwise.
_default_result_backend = (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else f"file://{VAR_DIR / 'celery-results'}"
)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or _default_result_backend
# One queue for everything; tests give each run its own so that stale messages never leak in.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "helpcircle")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Static files and media ------------------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"  # collectstatic writes here; whitenoise serves it
# While developing (and testing, where pytest-django turns DEBUG off later) whitenoise serves
# from the apps' folders and needs no collected staticfiles/.
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files in production; plain files while developing and testing,
    # so that nobody has to run collectstatic first.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Internationalisation -------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Security -------------------------------------------------------------------------

# HTTPS-only settings follow DEBUG; HTTPS=0 turns them off for a plain-HTTP staging box.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
# Behind a TLS-terminating proxy (or a chain of them: PROXY_HOPS, default 1), trust its
# X-Forwarded-Proto, and take the client's address from X-Forwarded-For as the last
# proxy we run saw it: the entry PROXY_HOPS from the right, which a client cannot forge.
# Every per-address limit (allauth's login, signup and password-reset limits, view
# counting) keys on that address, so one client cannot lock out everyone behind the proxy.
# A header with fewer entries than PROXY_HOPS counts as absent (config/client_ip.py).
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    ALLAUTH_TRUSTED_PROXY_COUNT = env_int("PROXY_HOPS", 1)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

# No inline script anywhere: scripts come from our own origin only. User content may show
# images over https (the Markdown sanitiser drops every other scheme).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "https:", "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Logging --------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Helpcircle -----------------------------------------------------------------------

# Beat's schedule and its intervals (config/beat.py), under the names Celery and the apps read.
from config.beat import (  # noqa: E402, F401  (settings: names, not uses)
    CELERY_BEAT_SCHEDULE,
    REMINDER_CHECK_INTERVAL,
    RESPONSE_CHECK_INTERVAL,
    UNSENT_EMAIL_CHECK_INTERVAL,
)

# --- API (api app; docs/design.md, "Issue 16") ------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    # A personal token first (its refusal is a 401 that says how to authenticate), then the
    # site's own session, whose writes need the CSRF token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.ApiRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",  # DRF's, refusing what could not be stored (lone surrogates)
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# The API's own rate limits and token rules: api/conf.py.
SPECTACULAR_SETTINGS = {
    "TITLE": "Helpcircle API",
    "DESCRIPTION": "Threads, answers, votes, flags and the official-response queue. See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files: the CSP allows no other origin.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# --- Webhooks (webhooks app; docs/design.md, "Issue 16") --------------------------------

# Delivery timeouts and retries: webhooks/conf.py.
# The SSRF guard (webhooks/addresses.py): https only unless DEBUG; loopback receivers only
# where WEBHOOKS_ALLOW_LOOPBACK=1 (development and the tests). The deploy check refuses it.
WEBHOOKS_REQUIRE_HTTPS = env_bool("WEBHOOKS_REQUIRE_HTTPS", not DEBUG)
WEBHOOKS_ALLOW_LOOPBACK = env_bool("WEBHOOKS_ALLOW_LOOPBACK", False)
