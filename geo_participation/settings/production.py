"""Production: everything from the environment; passes `manage.py check --deploy --fail-level WARNING`."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import SECRET_KEY, env, env_bool

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a random string of at least 50 characters.")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
PROXY_COUNT = int(env("PROXY_COUNT", "1"))  # a server runs behind one TLS-terminating proxy (README, Deployment)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SILENCED_SYSTEM_CHECKS = [
    "gis.W001",
    # HSTS preload is a one-way door for the whole domain: the city opts in with SECURE_HSTS_PRELOAD=true.
    *(["security.W021"] if not env_bool("SECURE_HSTS_PRELOAD", False) else []),
]
