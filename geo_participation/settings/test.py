"""Tests: real PostGIS, fast password hashing, e-mails kept in memory (django.core.mail.outbox)."""

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, STATIC_ROOT, STORAGES, content_security_policy

DEBUG = False
SECRET_KEY = "test-only-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
ACCOUNT_RATE_LIMITS = False
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# No tile server in tests: the maps must work with our own layers alone.
MAP_TILE_URL = ""
CONTENT_SECURITY_POLICY = content_security_policy(MAP_TILE_URL)
RATELIMIT_ENABLE = False
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing folder
