"""What the account tests share: a valid sign-up and the links in sent e-mails."""

import re

from django.urls import reverse

PASSWORD = "Pfaelzerwald-und-Betzenberg"

SIGNUP = {
    "username": "lena",
    "first_name": "Lena",
    "last_name": "Lautrer",
    "email": "lena@example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "privacy": "on",
}


def signup(client, **overrides):
    return client.post(reverse("account_signup"), {**SIGNUP, **overrides})


def link_in(message, path_prefix: str) -> str:
    """The first link in an e-mail whose path starts with ``path_prefix``, as a path the test client can open."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S+)", message.body)
    assert match, f"no link to {path_prefix} in: {message.body}"
    return match.group(1)


def confirmation_link(message) -> str:
    return link_in(message, "/konto/confirm-email/")
