"""Kohtaamo's settings, read from the environment; they fail closed.

Every value an operator may change comes from an environment variable (see the
configuration table in README.md). Unset, the site runs as production: it needs a
``SECRET_KEY`` and serves no debug pages. ``DEBUG=true`` (what ``make run`` sets) gives
the laptop demo: one machine with SQLite, the in-memory channel layer and a fixed key.
"""

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked for: an operator who forgets it must not run with the published
# laptop key below, with which anyone could forge sessions and room tickets.
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (and DEBUG is off unless DEBUG=true "
            "is set). Set SECRET_KEY to a long random value in production, or DEBUG=true "
            "for the laptop demo."
        )
    SECRET_KEY = "django-insecure-kohtaamo-laptop-only-never-use-in-production"

# seed_demo creates accounts with a published password: only on a laptop (DEBUG as
# configured; pytest-django turns settings.DEBUG off inside tests) or with --force.
SEED_DEMO_ALLOWED = DEBUG

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "cms",
    "people",
    "progress",
    "courses",
    "roleplay",
    "frontend",
    "frontend.learner",
    "frontend.coach",
    "frontend.manager",
    "lti",
    "demo",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "channels",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.middleware.ApiJsonErrorsMiddleware",
    # Above WhiteNoise: HTML and, with DEBUG (files read from the apps, no .gz beside
    # them), static files too. In production WhiteNoise sends its precompressed files
    # with Content-Encoding set, and GZip leaves those alone.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the session middleware: it sees the session cookie after that sets it.
    "lti.middleware.EmbeddedLaunchMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "people.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cms.middleware.DomainErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
ASGI_APPLICATION = "cms.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Databases. Under ASGI every request may run in another thread, so persistent
# connections would leak; Django advises CONN_MAX_AGE=0 there and psycopg's pool
# gives the reuse back on PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("DATABASE_POOL_SIZE", "20")),
        "timeout": 10,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits; IMMEDIATE takes the write
    # lock at BEGIN so two writers queue instead of failing half-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                "capacity": 1500,
                "expiry": 30,
                "prefix": os.environ.get("CHANNELS_PREFIX", "asgi"),
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kohtaamo",
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins lock one account at one address, and one address that fails on any
# accounts. Never an account alone: a stranger could lock a coach out before a session.
# Behind a proxy the address is the client's only with uvicorn --proxy-headers
# --forwarded-allow-ips (docs/operations.md); otherwise everyone shares the proxy's.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "people.throttling.lockout_response"

LOGIN_URL = "login"
# Each person lands on their own work (frontend/start.py).
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("en", _("English"))]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Helsinki")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files with personal data (call recordings) live outside MEDIA_ROOT and are served
# only through views that check who asks.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kohtaamo <kohtaamo@localhost>")

# Wagtail
WAGTAIL_SITE_NAME = "Kohtaamo"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Wagtail's default shows each editor's Gravatar, sending a hash of their e-mail address
# to an outside service on every admin page. No third-party calls unless the operator
# names an avatar service (e.g. https://www.gravatar.com/avatar).
WAGTAIL_GRAVATAR_PROVIDER_URL = os.environ.get("WAGTAIL_GRAVATAR_PROVIDER_URL") or None
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "mp3", "ogg", "oga", "wav", "m4a", "webm", "mp4"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
# Refuses truncated files with a message instead of failing while making renditions.
WAGTAILIMAGES_IMAGE_FORM_BASE = "courses.forms.SafeImageForm"

# REST API
REST_FRAMEWORK = {
    # Token first: DRF answers a request without credentials with the first class's
    # challenge, so no credentials is 401 with ``WWW-Authenticate: Token`` (session
    # auth has no challenge and would make it 403). The pages' JS still signs in by
    # the session cookie, with CSRF checked as before.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "people.authentication.AccessTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "cms.schema.AutoSchema",
    "EXCEPTION_HANDLER": "cms.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# API tokens (people.models.AccessToken) stop working after this many days, and at once
# when the password changes or the person revokes them.
API_TOKEN_TTL_DAYS = float(os.environ.get("API_TOKEN_TTL_DAYS", "30"))

SPECTACULAR_SETTINGS = {
    "TITLE": "Kohtaamo API",
    "DESCRIPTION": "Onboarding, live role-play and attitude coaching for customer service.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["cms.api.public_api_only"],
}

# Role-play: solo practice and recording reviews.
# The intent matcher listens to a solo learner's free-text replies; with
# KOHTAAMO_LLM_URL set (an OpenAI-compatible endpoint) it asks the model and falls back
# to the offline keyword patterns when the model fails.
KOHTAAMO_LLM_URL = os.environ.get("KOHTAAMO_LLM_URL", "")
KOHTAAMO_LLM_MODEL = os.environ.get("KOHTAAMO_LLM_MODEL", "gpt-4o-mini")
KOHTAAMO_LLM_API_KEY = os.environ.get("KOHTAAMO_LLM_API_KEY", "")
KOHTAAMO_LLM_TIMEOUT = float(os.environ.get("KOHTAAMO_LLM_TIMEOUT", "4"))
ROLEPLAY_INTENT_MATCHER = os.environ.get(
    "ROLEPLAY_INTENT_MATCHER",
    "roleplay.solo.matchers.ChatModelMatcher"
    if KOHTAAMO_LLM_URL
    else "roleplay.solo.matchers.KeywordMatcher",
)
# The scripted customer "types" for min + per_char * len(line) seconds, at most max.
ROLEPLAY_SOLO_TYPING = {
    "min": float(os.environ.get("ROLEPLAY_TYPING_MIN", "0.8")),
    "per_char": float(os.environ.get("ROLEPLAY_TYPING_PER_CHAR", "0.03")),
    "max": float(os.environ.get("ROLEPLAY_TYPING_MAX", "4.0")),
}
ROLEPLAY_RECORDING_MAX_BYTES = int(os.environ.get("ROLEPLAY_RECORDING_MAX_MB", "50")) * 1024 * 1024
# Call recordings (roleplay/callrecording): the largest chunk a browser uploads, and
# how long recordings are kept before `manage.py purge_call_recordings` deletes them.
ROLEPLAY_CALL_CHUNK_MAX_BYTES = int(os.environ.get("ROLEPLAY_CALL_CHUNK_MAX_KB", "1024")) * 1024
# How often a browser uploads what its recorder has handed over (it records in 1 s
# slices and sends the slices of this many seconds as one chunk): each upload is a
# request to the process that also relays the room, so fewer of them leave it room.
ROLEPLAY_CALL_UPLOAD_SECONDS = float(os.environ.get("ROLEPLAY_CALL_UPLOAD_SECONDS", "3"))
ROLEPLAY_RECORDING_RETENTION_DAYS = int(os.environ.get("ROLEPLAY_RECORDING_RETENTION_DAYS", "90"))
# After the call ends, how long the recording waits for the browsers' last chunks
# before the worker closes it without the tracks that did not say they were complete.
ROLEPLAY_CALL_END_GRACE_SECONDS = float(os.environ.get("ROLEPLAY_CALL_END_GRACE_SECONDS", "10"))
# Open connections per participant and session (the next is refused), how long a
# connection's presence row lives without its process's heartbeat (a killed process's
# rows expire), and how soon a reconnect must come for its leave and join to be dropped.
ROLEPLAY_PRESENCE = {
    "connections": int(os.environ.get("ROLEPLAY_CONNECTIONS_PER_PARTICIPANT", "3")),
    "ttl": float(os.environ.get("ROLEPLAY_PRESENCE_TTL", "30")),
    "grace": float(os.environ.get("ROLEPLAY_PRESENCE_GRACE", "2")),
}
# The voice call of a phone or face-to-face role-play (docs/operations.md, "Calls through
# a firewall"): the ICE servers handed to the browsers, as a JSON list of
# RTCIceServer objects; empty (the default) means host candidates only, enough on a
# laptop or a LAN. With ROLEPLAY_TURN_SECRET (coturn's static-auth-secret) every page
# gets time-limited TURN credentials (the TURN REST scheme) for the TURN URLs listed
# in ROLEPLAY_TURN_URLS (space-separated), valid ROLEPLAY_TURN_TTL seconds.
ROLEPLAY_ICE_SERVERS = json.loads(os.environ.get("ROLEPLAY_ICE_SERVERS", "") or "[]")
ROLEPLAY_TURN_SECRET = os.environ.get("ROLEPLAY_TURN_SECRET", "")
ROLEPLAY_TURN_URLS = os.environ.get("ROLEPLAY_TURN_URLS", "").split()
ROLEPLAY_TURN_TTL = int(os.environ.get("ROLEPLAY_TURN_TTL", str(6 * 60 * 60)))

# Single sign-on with the company's OpenID Connect provider (people/sso/). Unset
# OIDC_ISSUER, there is no SSO; PASSWORD_LOGIN=false leaves SSO as the only way in.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "") or _("your company account")
OIDC_USER_ID_CLAIM = os.environ.get("OIDC_USER_ID_CLAIM", "sub")
# Seconds an ID token's iat/exp may be off because the two clocks disagree.
OIDC_CLOCK_SKEW = int(os.environ.get("OIDC_CLOCK_SKEW", "120"))
OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT", "5"))
PASSWORD_LOGIN = env_bool("PASSWORD_LOGIN", True)

# Optional xAPI forwarding of learning records to an external LRS.
LRS_ENDPOINT = os.environ.get("LRS_ENDPOINT", "")
LRS_USERNAME = os.environ.get("LRS_USERNAME", "")
LRS_PASSWORD = os.environ.get("LRS_PASSWORD", "")

# Background work (LRS forwarding, e-mail) runs in `manage.py db_worker`, off request
# and room threads, from a queue in the database. "default" stays immediate for
# Wagtail's own small tasks; Kohtaamo's go to "worker" (progress/tasks.py).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "worker": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    },
}
SITE_URL = WAGTAILADMIN_BASE_URL

# Open Badges 3.0 credentials: the issuer profile of the organisation (docs/operations.md).
CREDENTIAL_ISSUER_NAME = os.environ.get("CREDENTIAL_ISSUER_NAME", WAGTAIL_SITE_NAME)
CREDENTIAL_ISSUER_URL = os.environ.get("CREDENTIAL_ISSUER_URL", "")
CREDENTIAL_ISSUER_EMAIL = os.environ.get("CREDENTIAL_ISSUER_EMAIL", "")

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
