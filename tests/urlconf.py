"""Every URL pattern of the URLconf, with real objects behind its path parameters: for tests that visit them all.

``routes()`` walks the URLconf (the formats' patterns and the admin's included); ``World`` makes a small city (a map
format with a contribution, comment and photo, a bike street with an opinion, a poll with a ballot box and a tally,
a survey open to answers without an account with a response, a drawn raffle, every site page) and fills each route's
path parameters with its objects: ``world.urls(route)``. A route whose parameters it does not know gives no URL, which
``tests/test_hostile_input.py`` reports, so add new parameters to ``World.path_values``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from geo_participation.accounts import roles
from geo_participation.core.models import Report, SitePage
from geo_participation.projects.models import Project
from geo_participation.polls.services import tally_create
from geo_participation.raffle.services import raffle_draw
from tests.factories import make_user
from tests.factories.feedback import make_feature, make_feedback_module, make_opinion
from tests.factories.mapping import make_contribution, make_map_module, make_photo
from tests.factories.polls import make_box, make_poll, option_ids
from tests.factories.raffle import make_raffle, person
from tests.factories.surveys import good_values, make_survey


@dataclass(frozen=True)
class Route:
    regex: str  # the whole pattern as one regular expression
    namespace: str | None
    name: str | None

    @property
    def parameters(self) -> list[str]:
        return re.findall(r"\(\?P<(\w+)>", self.regex)

    def __str__(self):
        return f"{self.namespace + ':' if self.namespace else ''}{self.name or '?'} {self.regex}"


def _regex(pattern) -> str:
    regex = pattern.regex.pattern
    return regex.removeprefix("^").removesuffix("\\Z").removesuffix("$")


def routes(patterns=None, prefix: str = "", namespace: str | None = None) -> list[Route]:
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            found += routes(pattern.url_patterns, prefix + _regex(pattern.pattern), pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            found.append(Route(prefix + _regex(pattern.pattern), namespace, pattern.name))
    return list(dict.fromkeys(found))  # allauth lists some patterns twice


# --- a small city to fuzz: every kind of object a path parameter can name
class World:
    def __init__(self):
        self.resident = make_user(username="fuzz-resi")
        self.author = make_user(username="fuzz-autorin")
        self.staff = make_user(username="fuzz-verwaltung", role=roles.STAFF, is_superuser=True)
        for role in (roles.MODERATOR, roles.PLANNER):
            roles.assign_role(self.staff, role)
        self.map_module = make_map_module(kinds=("point", "line", "polygon"))
        self.contribution = make_contribution(module=self.map_module, author=self.author)
        self.own_contribution = make_contribution(module=self.map_module, author=self.resident)
        self.photo = make_photo(contribution=self.contribution)
        self.comment = self.contribution.comments.create(author=self.author, text="Stimmt.", status="approved")
        self.feedback_module = make_feedback_module()
        self.feature = make_feature(module=self.feedback_module)
        self.opinion = make_opinion(feature=self.feature, author=self.author, comment="Gut so.", status="approved")
        self.poll = make_poll()
        self.box = make_box(polls=[self.poll], code="fz-01")
        self.tally = tally_create(poll=self.poll, box=self.box, emptied_on=timezone.localdate(),
                                  counts=dict.fromkeys(option_ids(self.poll), 1), invalid_count=0, entered_by=self.staff)
        from geo_participation.surveys.services import response_submit

        self.survey = make_survey(allow_anonymous=True)
        response_submit(survey=self.survey, values=good_values(self.survey), respondent=self.author)
        self.raffle = make_raffle(cutoff=timezone.now() - timedelta(hours=1), prizes=(("Tablet", 1),), reserves=1)
        for _ in range(3):
            person(confirmed_at=self.raffle.cutoff - timedelta(days=1))
        raffle_draw(raffle=self.raffle, by=self.staff, notify=False)
        for kind in SitePage.Kind:
            SitePage.objects.get_or_create(slug=kind, defaults={"title_de": kind.label, "body_de": "Text."})
        Report.objects.create(item=self.contribution, reporter=self.resident, reason="Unpassend.")
        from maps.planning.tokens import token_create

        self.token, _secret = token_create(user=self.staff, name="Fuzz")

    def module_for(self, namespace: str | None) -> str:
        return {"mapping": self.map_module, "mapping-api": self.map_module, "feedback": self.feedback_module,
                "feedback-api": self.feedback_module, "surveys": self.survey.module,
                "surveys-api": self.survey.module, "raffle": self.raffle.module}.get(namespace, self.poll.module).slug

    def path_values(self, route: Route) -> dict[str, str] | None:
        """Real values for the route's path parameters; None when this file does not know one of them."""
        ns, values = route.namespace, {}
        for name in route.parameters:
            if name == "module_slug":
                values[name] = self.module_for(ns)
            elif name == "pk" and ns in ("mapping", "mapping-api"):
                values[name] = self.contribution.pk
            elif name == "pk" and ns == "feedback-api" and "features" in route.regex:
                values[name] = self.feature.pk
            elif name == "pk" and ns in ("feedback", "feedback-api"):
                values[name] = self.opinion.pk
            elif name == "pk" and ns in ("ballot-boxes", "polls-site"):
                values[name] = self.tally.pk
            elif name == "pk" and ns == "planning":
                values[name] = self.token.pk
            elif name in ("collection_id", "key") and ns in ("ogc", "tiles"):  # a layer: a map format's slug
                values[name] = self.map_module.slug
            elif name == "feature_id" and ns == "ogc":
                values[name] = self.contribution.pk
            elif name in ("z", "x", "y") and ns == "tiles":  # the tile of the Stiftsplatz at zoom 14
                values[name] = {"z": 14, "x": 8545, "y": 5621}[name]
            elif name == "draw" and ns == "raffle":
                values[name] = 1
            elif name == "action" and ns == "raffle":
                values[name] = "uebergeben"
            elif name == "photo_pk":
                values[name] = self.photo.pk
            elif name == "comment_pk":
                values[name] = self.comment.pk
            elif name == "feature_slug":
                values[name] = self.feature.slug
            elif name == "slug" and route.name == "page":
                values[name] = SitePage.Kind.PRIVACY.value
            elif name == "slug" and route.name == "project-detail":
                values[name] = self.map_module.project.slug
            elif name in ("uidb36", "key"):  # allauth's password-reset and confirmation keys: unknown ones
                values[name] = "1x" if name == "uidb36" else "set-password"
            elif name == "app_label" and ns == "admin":
                values[name] = "mapping"
            elif name == "object_id" and route.name == "view_on_site":
                values[name] = self.map_module.project.pk
            elif name == "object_id" and ns == "admin":
                values[name] = "__OBJECT__"  # filled per admin model below
            elif name == "id" and route.name == "auth_user_password_change":
                values[name] = self.resident.pk
            elif name == "content_type_id" and ns == "admin":  # "view on site" of a project
                values[name] = ContentType.objects.get_for_model(Project).pk
            elif name == "url" and ns == "admin":  # the admin's catch-all: an unknown page
                values[name] = "gibt-es-nicht/"
            else:
                return None
        return values

    def admin_paths(self, route: Route) -> list[str]:
        """An admin route as URLs of one real object of its model (or the model's pages without an object)."""
        model = _admin_model(route)
        if model is None:
            return []
        obj = model._default_manager.order_by("pk").first()
        url = fill(route.regex, {"object_id": str(obj.pk) if obj else "1"})
        return [url]

    def urls(self, route: Route) -> list[str]:
        if route.namespace == "admin" and _admin_model(route) is not None:
            return self.admin_paths(route)
        values = self.path_values(route)
        return [] if values is None else [fill(route.regex, values)]


def _admin_model(route: Route):
    """The model of a ModelAdmin's route (``verwaltung/mapping/contribution/…``), from its name."""
    match = re.match(r"(\w+?)_(\w+?)_(changelist|add|history|delete|change|autocomplete|map_widget)", route.name or "")
    if not match:
        return None
    for model in admin.site._registry:
        if (model._meta.app_label, model._meta.model_name) == (match[1], match[2]):
            return model
    return None


def fill(regex: str, values: dict) -> str:
    """A URL from a pattern's regex and its parameters' values (the rest of the regex is literal)."""
    def named(match):
        return str(values[match[1]])

    url = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", named, regex)
    return "/" + url.replace("\\", "")
