"""The front door of every format, for its pages and its API alike.

A format's views inherit ``ModulePageMixin`` (class-based views) or ``ModuleApiView`` (DRF). The door loads the
module from the URL's ``module_slug`` (a prepared query; a format may load more with it, see ``load_module``),
answers 404 if it is not of the view's format type or not visible to the person, and then asks the view's
permission. It refuses with one wording, one status and one code per reason (``core.refusals``):

============================  ======  ===========================================================================
``not_found``                 404     no such format (or item), or not visible to you
``module_not_started``        403     the format has not started yet; says from when (local date and time)
``module_closed``             403     the format has ended: reading stays possible, taking part does not
``not_authenticated``         403     log in first (pages send visitors to the login instead)
``email_not_confirmed``       403     confirm your e-mail address first
``not_allowed``               403     not allowed here; a format may say why in its own words (``refusal_reason``)
============================  ======  ===========================================================================

Taking part (by default: POST, PUT, PATCH and DELETE; a view says otherwise with ``taking_part``) is refused while
the format is not open, whoever asks and whatever the permission says. Reading is never refused for the phase.
"""

from __future__ import annotations

from collections.abc import Collection

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.views import APIView

from geo_participation.core.api import RulesPermission, body_limit_check
from geo_participation.core.prepared import PreparedLookup
from geo_participation.core.refusals import NOT_ALLOWED, NOT_AUTHENTICATED, NOT_FOUND, Refusal, refusal_of_person

from .models import Module
from .templatetags.module_dates import format_moment

TAKING_PART = frozenset({"POST", "PUT", "PATCH", "DELETE"})
EVERY_METHOD = frozenset({"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"})

# A format's page or API request starts here unless the format loads more with its module (mapping, polls).
# The project's area (the city boundary, thousands of vertices) is left out: the door needs none.
_MODULE_BY_SLUG = PreparedLookup(Module, follow=("project",), defer=("project__area",),
                                 where="{self}.slug = %s AND {self}.format_key = %s")


def module_by_slug(*, slug: str, format_key: str) -> Module | None:
    """The format of this type with this address, with its project, in one prepared query; None if there is none."""
    return _MODULE_BY_SLUG.get(slug, format_key)


def module_not_started(module: Module) -> Refusal:
    return Refusal("module_not_started", _("This format has not started yet. From %(start)s you can take part.")
                   % {"start": format_moment(module.start)})


def module_closed(module: Module) -> Refusal:
    return Refusal("module_closed", _("This format has ended: taking part is no longer possible. What was published "
                                      "stays here to read."))


def phase_refusal(module: Module, *, now=None) -> Refusal | None:
    """Why nobody can take part in the format now (not started yet, or ended), or None while it is open."""
    state = module.state_at(now or timezone.now())
    if state == Module.State.UPCOMING:
        return module_not_started(module)
    if state == Module.State.CLOSED:
        return module_closed(module)
    return None


def refusal_for(user, module: Module, *, permission: str | None, obj=None, taking_part: bool = False,
                reason=None) -> Refusal | None:
    """Why ``user`` may not do this (taking part or not) with ``obj`` in ``module``, or None if they may.

    The phase comes first: logging in does not open a closed format. Then the permission (a django-rules name):
    if it says no, the reason is the person's (log in, confirm), the format's own (``reason(user, obj)``), or
    simply "not allowed".
    """
    if taking_part and (refusal := phase_refusal(module)):
        return refusal
    if permission is None or user.has_perm(permission, module if obj is None else obj):
        return None
    person = refusal_of_person(user)
    if person is not NOT_ALLOWED:
        return person
    return (reason(user, module if obj is None else obj) if reason else None) or person


class Door:
    """What the page door and the API door share: which module, which permission, which refusal."""

    format_key: str = ""
    # A rule name asked for every method, or {method: rule name or None}, "*" standing for the other methods.
    permission_required: str | dict[str, str | None] | None = None
    taking_part: Collection[str] = TAKING_PART
    # Taking part needs a login, asked before the item the request is about is looked up: a visitor is told to log
    # in, whether the item exists or not. A format whose visitors may take part (a survey without an account) says so.
    visitors_take_part: bool = False

    def load_module(self, slug: str) -> Module | None:
        """The module of this view's format type with this address (formats override it to load more at once)."""
        return module_by_slug(slug=slug, format_key=self.format_key)

    def visible_module(self) -> Module | None:
        module = self.load_module(self.kwargs["module_slug"])
        if module is None or module.format_key != self.format_key:
            return None
        return module if self.request.user.has_perm("projects.view_module", module) else None

    def required_permission(self, method: str) -> str | None:
        perm = self.permission_required
        if isinstance(perm, dict):
            return perm.get(method, perm.get("*"))
        return perm

    def get_permission_object(self):
        return self.module

    def refusal_reason(self, user, obj) -> Refusal | None:
        """A format's own reason for a "no" of its rules, in words the person can act on; None: "not allowed"."""
        return None

    def door_refusal(self, request) -> Refusal | None:
        method = request.method
        permission = self.required_permission(method)
        taking_part = method in self.taking_part
        if permission is None and not taking_part:
            return None
        if taking_part and not self.visitors_take_part and not request.user.is_authenticated:
            return phase_refusal(self.module) or NOT_AUTHENTICATED
        return refusal_for(request.user, self.module, permission=permission,
                           obj=self.get_permission_object() if permission else None,
                           taking_part=taking_part, reason=self.refusal_reason)


class ModulePageMixin(Door):
    """For a format's pages: ``self.module`` (with its project) from the URL, checked; refusals as pages.

    Visitors who are not logged in are sent to the login; everyone else sees the reason on a 403 page
    (``projects/refused.html``) with the way back to the format.
    """

    refused_template = "projects/refused.html"

    @cached_property
    def module(self) -> Module:
        module = self.visible_module()
        if module is None:
            raise Http404
        return module

    def dispatch(self, request, *args, **kwargs):
        self.module  # noqa: B018 (404 before anything else)
        if refusal := self.door_refusal(request):
            return self.refuse(refusal)
        return super().dispatch(request, *args, **kwargs)

    def next_after_login(self) -> str:
        """Where the login leads back to: this page, or the format's page after a form sent without logging in."""
        if self.request.method in ("GET", "HEAD"):
            return self.request.get_full_path()
        return self.module.get_absolute_url()

    def refuse(self, refusal: Refusal):
        if refusal.code == NOT_AUTHENTICATED.code:
            return redirect_to_login(self.next_after_login())
        if refusal.status == 404:
            raise Http404
        context = {"module": self.module, "project": self.module.project, "reason": refusal.message,
                   "refusal": refusal}
        return TemplateResponse(self.request, self.refused_template, context, status=refusal.status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(module=self.module, project=self.module.project)
        return context


class ModulePermission(RulesPermission):
    """The door's check as a DRF permission: a refusal is raised with its status and code (core.refusals)."""

    def has_permission(self, request, view):
        if refusal := view.door_refusal(request):
            raise refusal.api_exception()
        return True


class ModuleApiView(Door, APIView):
    """For a format's API: ``self.module`` from the URL, checked; refusals as ``{"detail", "code"}`` documents."""

    permission_classes = [ModulePermission]
    body_limit: int | None = None  # bytes; a larger declared body is refused unread (413)

    @cached_property
    def module(self) -> Module:
        module = self.visible_module()
        if module is None:
            raise NOT_FOUND.api_exception()
        return module

    def initial(self, request, *args, **kwargs):
        if self.body_limit is not None:
            body_limit_check(request, self.body_limit)
        super().initial(request, *args, **kwargs)
