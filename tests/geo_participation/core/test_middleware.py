"""Behind the city's proxy, rate limits count each visitor by their own address, not the proxy's."""

import pytest
from django.test import RequestFactory, override_settings

from geo_participation.core.middleware import ClientAddressMiddleware


def address_seen(forwarded: str | None, *, proxies: int) -> str:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}))
    with override_settings(PROXY_COUNT=proxies):
        return ClientAddressMiddleware(lambda r: r.META["REMOTE_ADDR"])(request)


@pytest.mark.parametrize("forwarded, proxies, seen", [
    ("203.0.113.7", 1, "203.0.113.7"),                       # what our proxy saw
    ("6.6.6.6, 203.0.113.7", 1, "203.0.113.7"),              # a forged entry on the left is ignored
    ("6.6.6.6, 203.0.113.7, 10.0.0.9", 2, "203.0.113.7"),    # two proxies: the first one's entry
    ("203.0.113.7", 2, "10.0.0.2"),                          # fewer entries than proxies: keep the socket's address
    (None, 1, "10.0.0.2"),
    ("203.0.113.7", 0, "10.0.0.2"),                          # no proxy configured: the header is not trusted
])
def test_the_visitor_address_is_the_one_our_first_proxy_saw(forwarded, proxies, seen):
    assert address_seen(forwarded, proxies=proxies) == seen


def test_a_server_trusts_one_proxy_and_shares_its_rate_limit_counts_when_memcached_is_configured():
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = ("from django.conf import settings; import django; django.setup(); "
            "print(settings.PROXY_COUNT, settings.CACHES['default']['BACKEND'].rsplit('.', 1)[1])")
    env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
           "DJANGO_SETTINGS_MODULE": "geo_participation.settings.production", "SECRET_KEY": "x" * 60,
           "MEMCACHED_LOCATION": "memcached:11211"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parents[3])
    assert result.stdout.split() == ["1", "PyMemcacheCache"], result.stderr
