"""Development: `make run`. E-mails are written to var/mail/ (one file per message) instead of being sent."""

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, STATIC_ROOT, STORAGES, env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-not-secret")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]
(BASE_DIR / "var" / "mail").mkdir(parents=True, exist_ok=True)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing folder
