"""Plain functions that make test objects; keyword arguments override the defaults."""

import itertools
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from geo_participation.accounts import roles
from geo_participation.accounts.models import User
from geo_participation.projects.models import Module, Project, Topic

_seq = itertools.count(1)
PASSWORD = "a-long-test-password-42"


def make_user(*, role: str | None = None, confirmed: bool = True, username: str | None = None, **fields) -> User:
    n = next(_seq)
    username = username or f"user{n}"
    user = User(username=username, email=fields.pop("email", f"{username}@example.org"),
                email_confirmed_at=timezone.now() if confirmed else None, **fields)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=confirmed, primary=True)
    user.groups.add(roles.group(roles.RESIDENT))
    if role:
        roles.assign_role(user, role)
    return user


def make_project(**fields) -> Project:
    n = next(_seq)
    defaults = {"title": f"Projekt {n}", "slug": f"projekt-{n}", "summary": "Ein Testprojekt.", "topic": Topic.SAFETY,
                "office": "Referat Test"}
    return Project.objects.create(**{**defaults, **fields})


STATE_WINDOWS = {
    "open": (-timedelta(days=1), timedelta(days=30)),
    "upcoming": (timedelta(days=7), timedelta(days=30)),
    "closed": (-timedelta(days=30), -timedelta(days=1)),
}


def make_module(*, format_key: str = "mapping", state: str = "open", project: Project | None = None, **fields) -> Module:
    n = next(_seq)
    now = timezone.now()
    start, end = STATE_WINDOWS[state]
    defaults = {"title": f"Format {n}", "slug": f"format-{n}", "start": now + start, "end": now + end,
                "description": "Ein Testformat."}
    return Module.objects.create(project=project or make_project(), format_key=format_key, **{**defaults, **fields})
