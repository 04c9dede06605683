"""Settings shared by every environment. Everything that differs between machines comes from the environment."""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The participation formats: one line per format (an app with a format.py, see geo_participation/formats.py).
FORMAT_APPS = [
    "maps.mapping",
    "maps.feedback",
    "geo_participation.polls",
    "geo_participation.surveys",
    "geo_participation.raffle",
]

INSTALLED_APPS = [
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.humanize",
    # third party
    "allauth",
    "allauth.account",
    "rest_framework",
    "rest_framework_gis",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    # ours: the platform
    "geo_participation.core",
    "geo_participation.accounts",
    "geo_participation.projects",
    "maps.geo",
    "maps.ballot_boxes",  # the register of the city's ballot boxes (polls collect postcards in them)
    # ours: the participation formats
    *FORMAT_APPS,
    # ours: planners' data from every format's layers (workspace, downloads, heatmaps, OGC API, vector tiles)
    "maps.planning",
    "maps.ogc",
    "maps.tiles",
]

MIDDLEWARE = [
    "geo_participation.core.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "geo_participation.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "geo_participation.accounts.middleware.LanguageMiddleware",
    "geo_participation.core.middleware.ApiErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "geo_participation.core.middleware.InputCheckMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "geo_participation.accounts.middleware.ReferralMiddleware",
]

# Who may frame our pages: nobody, except where a view says xframe_options_sameorigin. The CSP's frame-ancestors
# follows this header on every response (core.middleware.ContentSecurityPolicyMiddleware).
X_FRAME_OPTIONS = "DENY"

# Reverse proxies in front of the app that append to X-Forwarded-For (0: none, the client's address is REMOTE_ADDR).
PROXY_COUNT = int(env("PROXY_COUNT", "0"))

# Rate limits are counted in the cache: with several gunicorn processes it must be one they share (memcached),
# or each process would grant the whole allowance again. Without MEMCACHED_LOCATION, each process counts alone.
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION": env("MEMCACHED_LOCATION"),
     "KEY_PREFIX": "mitwirkung"}
    if env("MEMCACHED_LOCATION") else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
)}

ROOT_URLCONF = "geo_participation.urls"
WSGI_APPLICATION = "geo_participation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "geo_participation.core.context_processors.site",
                "maps.geo.context_processors.map_config",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default="postgis://postgres@127.0.0.1:5433/geo_participation", conn_max_age=60
    )
}
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
# PostgreSQL's JIT compiler costs more than it saves on this app's queries: a vector tile of 50,000 places took
# 0.43 s with it and 0.08 s without (benchmarks/README.md, planner_data); it pays off for long analytical queries only.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", "test_geo_participation")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's database sessions, read with prepared SQL (every logged-in request reads its session first).
SESSION_ENGINE = "geo_participation.accounts.sessions"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# --- django-allauth: sign-up with username, name and e-mail; e-mail confirmed before taking part
ACCOUNT_ADAPTER = "geo_participation.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    name: f"geo_participation.accounts.forms.{form}"
    for name, form in [("signup", "SignupForm"), ("login", "LoginForm"), ("reset_password", "ResetPasswordForm"),
                       ("reset_password_from_key", "ResetPasswordKeyForm"), ("change_password", "ChangePasswordForm"),
                       ("set_password", "SetPasswordForm"), ("add_email", "AddEmailForm")]
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a button, so that mail scanners opening links confirm nothing
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3  # the confirmation mail and page say "three days"
ACCOUNT_EMAIL_NOTIFICATIONS = True  # tell people when their password or e-mail address changed
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = True
# The sign-up form says plainly that a username or e-mail address is taken (the issue asks for it);
# the password-reset form still does not reveal whether an address is registered (accounts.forms.ResetPasswordForm).
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_USERNAME_MIN_LENGTH = 3
# Usernames are public: no "@" (people would type their e-mail address), and none that pose as the city.
ACCOUNT_USERNAME_VALIDATORS = "geo_participation.accounts.validators.public_username_validators"
ACCOUNT_USERNAME_BLACKLIST = ["admin", "administrator", "moderation", "moderator", "moderatorin", "verwaltung",
                              "stadt", "stadtverwaltung", "kaiserslautern", "mitwirkung", "support", "team", "info"]
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("SITE_PROTOCOL", "https")
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Failed logins are throttled by accounts.throttles (per account and address together, and per address), not by
# allauth's per-account limit, with which anyone could lock anyone out.
ACCOUNT_RATE_LIMITS = {"login_failed": None, "signup": "20/m/ip", "confirm_email": "1/3m/key"}
LOGIN_THROTTLE = {
    "FREE_FAILURES": int(env("LOGIN_THROTTLE_FREE_FAILURES", "5")),  # per account and address, before the first wait
    "FIRST_DELAY": int(env("LOGIN_THROTTLE_FIRST_DELAY", "30")),  # seconds; doubled with each further failure
    "MAX_DELAY": int(env("LOGIN_THROTTLE_MAX_DELAY", str(15 * 60))),
    "ADDRESS_FAILURES": int(env("LOGIN_THROTTLE_ADDRESS_FAILURES", "50")),  # per address, all accounts, per window
    "ADDRESS_WINDOW": int(env("LOGIN_THROTTLE_ADDRESS_WINDOW", str(60 * 60))),
    "FORGET_AFTER": 24 * 60 * 60,  # a row is deleted a day after its last failure
}

# --- moderation: a published contribution, comment or opinion that this many different residents reported is hidden
# until a moderator decides (core.moderation.moderation_hide_after_reports).
REPORTS_TO_HIDE = int(env("REPORTS_TO_HIDE", "3"))

# --- i18n: German first, English second
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
# Our catalogue first; then, kept by hand, Django's, the admin's, allauth's and DRF's texts in our voice ("du").
LOCALE_PATHS = [BASE_DIR / "geo_participation" / "locale", BASE_DIR / "geo_participation" / "locale_overrides"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- static and uploaded files
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Files only a view hands out after a permission check (photos of contributions): outside MEDIA_ROOT, so that no
# web server or proxy can serve them directly.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "geo_participation.core.storage.PrivateFileStorage"},
    "staticfiles": {"BACKEND": "geo_participation.core.storage.StaticFilesStorage"},
}
# Public uploads (project images) are served by Django itself when no proxy does it (small installations; see README).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- e-mail
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Kaiserslautern MitWirkung <noreply@klmitwirkung.de>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- the site and its city
SITE_NAME = env("SITE_NAME", "Kaiserslautern MitWirkung")
CITY_NAME = env("CITY_NAME", "Kaiserslautern")
CONTACT_EMAIL = env("CONTACT_EMAIL", "info@klmitwirkung.de")
# The site's public address, for links in e-mails sent outside a request (moderators' decisions).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
MAP_TILE_URL = env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende'
)
# Shown on every map next to the tile attribution: the city's own geodata (see fixtures/kaiserslautern/SOURCES.md).
MAP_DATA_ATTRIBUTION = env(
    "MAP_DATA_ATTRIBUTION",
    "Grenzen: Stadt Kaiserslautern (opendata.kaiserslautern.de), Daten verändert",
)
# The same for English readers (maps.geo.context_processors picks by language; German where these are empty).
MAP_TILE_ATTRIBUTION_EN = env(
    "MAP_TILE_ATTRIBUTION_EN",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    if "MAP_TILE_ATTRIBUTION" not in os.environ else "",
)
MAP_DATA_ATTRIBUTION_EN = env(
    "MAP_DATA_ATTRIBUTION_EN",
    "Boundaries: City of Kaiserslautern (opendata.kaiserslautern.de), data modified"
    if "MAP_DATA_ATTRIBUTION" not in os.environ else "",
)

def tile_origin(tile_url: str) -> str:
    """The scheme and host of a tile URL template, as a CSP source; a {s} subdomain becomes a wildcard."""
    if not tile_url:
        return ""
    parts = urlsplit(tile_url)
    host = re.sub(r"\{[^}]*\}", "*", parts.netloc)
    return f"{parts.scheme}://{host}" if parts.scheme else host


def content_security_policy(tile_url: str) -> dict:
    """What pages may load: our own files only, the map tiles, and inline scripts only with this request's nonce.

    Pages that need more get it from a per-view decorator (csp.decorators), never here.
    """
    return {"DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", *filter(None, [tile_origin(tile_url)])],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # No page may be framed (as X_FRAME_OPTIONS says); the staff's folium map, a document of ours in an iframe
        # of ours, says SAMEORIGIN, and core.middleware.ContentSecurityPolicyMiddleware makes this 'self' there.
        "frame-ancestors": [NONE],
    }}


CONTENT_SECURITY_POLICY = content_security_policy(MAP_TILE_URL)

# --- planners' data: the licence of every layer (files, OGC API, tiles), heatmaps, tiles on the public map
OPEN_DATA_LICENCE = env("OPEN_DATA_LICENCE", "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)")
OPEN_DATA_LICENCE_URL = env("OPEN_DATA_LICENCE_URL", "https://www.govdata.de/dl-de/by-2-0")
OPEN_DATA_ATTRIBUTION = env(
    "OPEN_DATA_ATTRIBUTION",
    "Stadt Kaiserslautern, Kaiserslautern MitWirkung (klmitwirkung.de); Ortsbezirke: Stadt Kaiserslautern "
    "(opendata.kaiserslautern.de), Daten verändert",
)
# k-anonymity of heatmaps: cells with fewer contributions are never served.
HEATMAP_MIN_COUNT = int(env("HEATMAP_MIN_COUNT", "5"))
# A map format with more published contributions than this shows them on its public map from vector tiles.
TILE_LAYER_THRESHOLD = int(env("TILE_LAYER_THRESHOLD", "20000"))

# --- REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # Our parsers refuse JSON nested too deeply and control characters with a 400 in words (core.input).
    "DEFAULT_PARSER_CLASSES": ["geo_participation.core.api.JSONParser", "geo_participation.core.api.FormParser",
                               "geo_participation.core.api.MultiPartParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "rest_framework.renderers.BrowsableAPIRenderer"],
    "DEFAULT_SCHEMA_CLASS": "geo_participation.core.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "geo_participation.core.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kaiserslautern MitWirkung API",
    "DESCRIPTION": "Open data and participation API of the platform. Geometries are GeoJSON in EPSG:4326.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The GeoJSON types every Feature and FeatureCollection of the API shares, named once.
    "ENUM_NAME_OVERRIDES": {"GeoJSONFeatureType": ["Feature"], "GeoJSONFeatureCollectionType": ["FeatureCollection"]},
    # No links inside the operations' summary buttons (deep links): a link in a button is nested interaction that
    # keyboard and screen-reader users cannot reach (axe: nested-interactive).
    # Example code unhighlighted: the highlighter's colours are too faint on its dark background (axe: color-contrast).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": {"activated": False}},
}

# GDAL 3.6 on Debian 12 is older than Django 5.2 would like; it works for what we use.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
