"""Helpers for tests that race real requests: a logged-in person's cookies, and calls started at the same moment."""

import threading

import requests
from django.conf import settings
from django.test import Client

CSRF_TOKEN = "r" * 32  # an unmasked secret: the cookie and the header carry the same value


def session_id(user) -> str:
    """The session cookie of ``user``, logged in without a request."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def logged_in_session(user) -> requests.Session:
    """A ``requests`` session of ``user`` that passes the CSRF check and asks for JSON."""
    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, session_id(user))
    session.cookies.set(settings.CSRF_COOKIE_NAME, CSRF_TOKEN)
    session.headers.update({"X-CSRFToken": CSRF_TOKEN, "Accept": "application/json"})
    return session


def all_at_once(calls: list) -> list:
    """Run the calls in threads released together by a barrier, so they really race; their results in order.

    A call that raises fails the test with its exception once every thread has finished.
    """
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except BaseException as error:  # noqa: BLE001 - raised in the test's thread below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
