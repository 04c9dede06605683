"""Pages of the map format: the map with its list, a page per contribution, the form, and what residents do."""

from __future__ import annotations

import json
import mimetypes

from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.functional import cached_property
from django.utils.http import http_date, urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from geo_participation.core.input import InputRefused, json_loads
from geo_participation.core.limits import MESSAGE as LIMIT_MESSAGE
from geo_participation.core.limits import rate_exceeded
from geo_participation.core.services import REPORT_HID_ITEM, report_create
from geo_participation.projects.door import EVERY_METHOD, ModulePageMixin, refusal_for
from maps.geo.selectors import districts

from . import selectors, services
from .api import PHOTO_BODY_LIMIT
from .forms import CommentForm, ContributionForm, FilterForm, ReportForm, contribution_initial
from .models import Comment, Contribution, GeometryKind
from .rules import refusal_reason

PAGE_SIZE = 12
# How long browsers and proxies may show a published photo without asking again: once moderators hide its
# contribution, it is gone from every cache within this time.
PUBLIC_PHOTO_MAX_AGE = 300


class MappingMixin(ModulePageMixin):
    format_key = "mapping"
    action = "contribute"  # what the view does, for the format's own refusals (rules.refusal_reason)
    with_area = True  # pages draw the area and the form checks places against it; a photo needs neither

    def load_module(self, slug):
        # One prepared query for the module, its project and its map settings (the API's).
        return selectors.map_module_by_slug(slug=slug, for_writing=self.with_area)

    def refusal_reason(self, user, obj):
        return refusal_reason(user, obj, action=self.action)

    @cached_property
    def settings(self):
        return selectors.map_settings_for(self.module)

    def refusal_message(self, permission: str, obj, action: str) -> str:
        """Why the logged-in person may not do this here (for a hint where the form would be), or ""."""
        if not self.request.user.is_authenticated:
            return ""  # the page invites visitors to log in instead
        refusal = refusal_for(self.request.user, self.module, permission=permission, obj=obj, taking_part=True,
                              reason=lambda user, item: refusal_reason(user, item, action=action))
        return str(refusal.message) if refusal else ""

    def render_to_response_with(self, template, context, status=200):
        return self.response_class(request=self.request, template=[template], context=context, using=self.template_engine,
                                   status=status)

    def too_large(self):
        context = self.get_context_data(reason=_("The upload is too large: at most %(mb)d MB are accepted.")
                                        % {"mb": PHOTO_BODY_LIMIT // 2**20})
        return self.render_to_response_with(self.refused_template, context, status=413)

    def body_too_large(self, request) -> bool:
        try:
            return int(request.META.get("CONTENT_LENGTH") or 0) > PHOTO_BODY_LIMIT
        except ValueError:
            return False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["settings"] = self.settings
        return context


class ModuleDetailView(MappingMixin, TemplateView):
    """The format page: the public map and, beside it, the list with the same filters (the accessible way)."""

    template_name = "mapping/module_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, module = self.request.user, self.module
        categories, attributes = selectors.categories_of(module), selectors.attributes_of(module)
        filter_form = FilterForm(self.request.GET or None, categories=categories, attributes=attributes,
                                 districts=districts())
        try:
            filters = selectors.filters_from_query(self.request.GET, module=module)
        except ValidationError as error:
            filters = selectors.ContributionFilters()
            context["filter_errors"] = [m for messages_ in error.message_dict.values() for m in messages_]
        paginator = Paginator(selectors.contribution_list(module=module, filters=filters), PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("seite"))
        query = self.request.GET.copy()
        query.pop("seite", None)
        context.update(
            categories=categories, attributes=attributes, filter_form=filter_form, filters=filters, page=page,
            filter_query=query.urlencode(), own_contributions=selectors.contributions_of(user=user, module=module),
            may_add=user.has_perm("mapping.add_contribution", module),
            add_refusal=self.refusal_message("mapping.add_contribution", module, "contribute"),
            pending_count=selectors.pending_count(module) if user.has_perm("mapping.moderate_contribution") else None,
        )
        if self.settings.has_places:
            context["map_page_config"] = {
                "layerUrl": reverse("mapping-api:layer", kwargs={"module_slug": module.slug}),
                "filterQuery": urlencode(filters.as_query(), doseq=True),
                "area": area_geojson(self.settings),
                **self.tile_config(paginator.count, filters),
                "sprite": static("mapping/icons.svg"),
                "categories": {c.pk: {"name": c.i18n.name, "colour": c.colour, "icon": c.icon} for c in categories},
                "strings": {
                    "one": _("1 contribution in this part of the map"),
                    "many": _("{n} contributions in this part of the map"),
                    "none": _("No contributions in this part of the map"),
                    "cluster": _("{n} contributions here: select to zoom in"),
                    "open": _("Open the contribution"),
                    "error": _("The contributions could not be loaded. Please try again."),
                    "truncated": _("Not all contributions are shown: please zoom in."),
                },
            }
        return context

    def tile_config(self, count: int, filters) -> dict:
        """Vector tiles for a format with more published contributions than a GeoJSON layer should carry."""
        if count <= django_settings.TILE_LAYER_THRESHOLD:
            return {}
        query = urlencode(filters.as_query(), doseq=True)
        template = reverse("tiles:tile", kwargs={"key": self.module.slug, "z": 0, "x": 0, "y": 0})
        return {"tiles": template.replace("/0/0/0.mvt", "/{z}/{x}/{y}.mvt") + (f"?{query}" if query else ""),
                "tilesBelowZoom": selectors.CLUSTER_BELOW_ZOOM}


def area_geojson(settings) -> dict:
    """The format's area, simplified to a few metres: an outline on the map, not a measurement."""
    return json.loads(settings.effective_area.simplify(0.00005, preserve_topology=True).geojson)


class ContributionFormView(MappingMixin, TemplateView):
    template_name = "mapping/contribution_form.html"
    contribution: Contribution | None = None

    def build_form(self, data=None, files=None):
        initial = contribution_initial(self.contribution) if self.contribution else None
        return ContributionForm(data, files, initial=initial, settings=self.settings,
                                categories=selectors.categories_of(self.module), attributes=selectors.attributes_of(self.module),
                                with_photo=self.request.user.has_perm("mapping.add_photo", self.contribution)
                                if self.contribution else True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.setdefault("form", self.build_form())
        context["contribution"] = self.contribution
        if self.settings.has_places:
            context["kind_choices"] = [(kind, GeometryKind(kind).label) for kind in self.settings.geometry_kinds]
            context["form_config"] = {
                "kinds": self.settings.geometry_kinds,
                "initial": _geometry_shown_again(form["geometry"].value()),
                "area": area_geojson(self.settings),
                "gazetteerUrl": reverse("gazetteer-search"),
                "reverseUrl": reverse("gazetteer-reverse"),
                "strings": {
                    "point": _("Point set: {place}."), "line": _("Line with {n} points, last point: {place}."),
                    "polygon": _("Area with {n} corners, last corner: {place}."),
                    "lineStart": _("Line started, first point: {place}."), "polygonStart": _("Area started, first corner: {place}."),
                    "coordinates": _("Latitude {lat}, longitude {lon}."), "removed": _("Last point removed."),
                    "cleared": _("Place removed. Set a new one."), "outside": _("This point lies outside the area of this format."),
                    "results": _("{n} places found. Choose one with the arrow keys and Enter."),
                    "result": _("1 place found. Choose it with the arrow key down and Enter."),
                    "noResults": _("No place found."), "moved": _("Map moved to {place}. Set the points with Enter or a click."),
                    "kindPoint": _("Mark a point: click the map or press Enter."),
                    "kindLine": _("Draw a line: click the map or press Enter for each point."),
                    "kindPolygon": _("Draw an area: click the map or press Enter for each corner."),
                },
            }
        return context

    def post(self, request, *args, **kwargs):
        if self.body_too_large(request):
            return self.too_large()
        form = self.build_form(request.POST, request.FILES)
        if self.contribution is None and rate_exceeded(request, "contribution"):
            form.is_valid()
            form.add_error(None, LIMIT_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if form.is_valid():
            try:
                contribution = self.save(form)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Thank you! Your contribution will be published once a moderator has checked it."))
                return redirect(contribution.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)

    @transaction.atomic
    def save(self, form) -> Contribution:
        data = form.cleaned_data
        fields = {"title": data["title"], "description": data.get("description", ""), "category": data.get("category"),
                  "geometry": data.get("geometry"), "attributes": form.attribute_values()}
        if self.contribution is None:
            contribution = services.contribution_create(module=self.module, author=self.request.user, **fields)
        else:
            contribution = services.contribution_change(contribution=self.contribution, **fields)
        if data.get("photo"):
            services.photo_add(contribution=contribution, upload=data["photo"], alt_text=data.get("photo_alt", ""))
        return contribution


def _geometry_shown_again(value) -> dict | None:
    """The place a form came back with, for the map to show again; None when it is not a readable JSON object."""
    try:
        value = json_loads(value) if value else None
    except InputRefused:
        return None
    return value if isinstance(value, dict) else None


class ContributionCreateView(ContributionFormView):
    permission_required = "mapping.add_contribution"
    taking_part = EVERY_METHOD  # the form too: there is nothing to fill in while the format is not open


class ContributionMixin(MappingMixin):
    @cached_property
    def contribution(self) -> Contribution:
        contribution = selectors.contribution_of_module(module=self.module, pk=self.kwargs["pk"])
        if contribution is None or not self.request.user.has_perm("mapping.view_contribution", contribution):
            raise Http404
        return contribution

    def get_permission_object(self):
        return self.contribution


class ContributionChangeView(ContributionMixin, ContributionFormView):
    permission_required = "mapping.change_contribution"
    taking_part = EVERY_METHOD
    action = "change"


class ContributionDetailView(ContributionMixin, TemplateView):
    """A contribution's own page, with its place, photos, supports and comments."""

    template_name = "mapping/contribution_detail.html"
    permission_required = {"POST": "mapping.comment_contribution"}
    action = "comment"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, contribution = self.request.user, self.contribution
        context.update(
            contribution=contribution,
            attribute_answers=_answers(contribution, selectors.attributes_of(self.module)),
            photos=list(contribution.photos.all()),
            comments=selectors.comments_for(contribution=contribution, user=user),
            comment_form=kwargs.get("comment_form") or CommentForm(),
            supported=selectors.supported_by(user=user, contribution=contribution),
            perms_here={
                "change": user.has_perm("mapping.change_contribution", contribution),
                "withdraw": user.has_perm("mapping.delete_contribution", contribution),
                "support": user.has_perm("mapping.support_contribution", contribution),
                "comment": user.has_perm("mapping.comment_contribution", contribution),
                "report": user.has_perm("mapping.report_contribution", contribution),
                "moderate": user.has_perm("mapping.moderate_contribution"),
            },
            support_refusal=self.refusal_message("mapping.support_contribution", contribution, "support"),
        )
        return context

    def post(self, request, *args, **kwargs):
        """A comment on this contribution."""
        form = CommentForm(request.POST)
        if rate_exceeded(request, "comment"):
            form.is_valid()
            form.add_error(None, LIMIT_MESSAGE)
            return self.render_to_response(self.get_context_data(comment_form=form), status=429)
        if form.is_valid():
            try:
                services.comment_create(contribution=self.contribution, author=request.user, text=form.cleaned_data["text"])
            except ValidationError as error:
                form.add_error("text", error.message_dict.get("text", error.messages))
            else:
                messages.success(request, _("Thank you! Your comment will be published once a moderator has checked it."))
                return redirect(f"{self.contribution.get_absolute_url()}#kommentare")
        return self.render_to_response(self.get_context_data(comment_form=form), status=400)


def _answers(contribution: Contribution, attributes) -> list[tuple[str, str]]:
    """The attribute answers in words (“Tageszeit: Nacht”), in the format's order."""
    answers = []
    for attribute in attributes:
        value = (contribution.attributes or {}).get(attribute.key)
        if value is None:
            continue
        if isinstance(value, bool):
            text = _("yes") if value else _("no")
        else:
            text = dict(attribute.choices).get(value, str(value))
            if attribute.kind == attribute.Kind.SCALE:
                text = _("%(value)s of %(max)s") % {"value": value, "max": attribute.maximum}
        answers.append((attribute.label, text))
    return answers


class PhotoView(MappingMixin, View):
    """A photo (or its thumbnail) to whoever may see its contribution (mapping.view_contribution), checked on every
    request: published ones to everyone, pending, rejected and hidden ones to their author and the moderators;
    to anyone else it does not exist (404)."""

    thumbnail = False
    with_area = False
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        photo = selectors.photo_of_contribution(module=self.module, contribution_pk=kwargs["pk"], pk=kwargs["photo_pk"])
        if photo is None or not request.user.has_perm("mapping.view_contribution", photo.contribution):
            raise Http404
        file = photo.thumbnail if self.thumbnail else photo.image
        public = (AnonymousUser().has_perm("projects.view_module", self.module)
                  and AnonymousUser().has_perm("mapping.view_contribution", photo.contribution))
        etag, last_modified = f'"{file.name.rsplit("/", 1)[-1]}"', photo.created_at.timestamp()  # files never change
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            try:
                response = FileResponse(file.storage.open(file.name, "rb"),
                                        content_type=mimetypes.guess_type(file.name)[0] or "application/octet-stream")
            except FileNotFoundError:
                raise Http404 from None
        response["ETag"], response["Last-Modified"] = etag, http_date(last_modified)
        response["X-Content-Type-Options"] = "nosniff"
        if public:
            patch_cache_control(response, public=True, max_age=PUBLIC_PHOTO_MAX_AGE)
        else:
            patch_cache_control(response, private=True, no_cache=True)  # the browser asks again each time
        return response


class ContributionWithdrawView(ContributionMixin, TemplateView):
    template_name = "mapping/contribution_withdraw.html"
    permission_required = "mapping.delete_contribution"
    taking_part = EVERY_METHOD
    action = "withdraw"

    def get_context_data(self, **kwargs):
        return super().get_context_data(contribution=self.contribution, **kwargs)

    def post(self, request, *args, **kwargs):
        services.contribution_withdraw(contribution=self.contribution)
        messages.success(request, _("Your contribution has been withdrawn."))
        return redirect(self.module.get_absolute_url())


class SupportView(ContributionMixin, TemplateView):
    """“Me too” (or taking it back), by a form button: works without JavaScript."""

    http_method_names = ["post"]
    permission_required = "mapping.support_contribution"
    action = "support"

    def post(self, request, *args, **kwargs):
        try:
            if request.POST.get("action") == "remove":
                services.support_remove(contribution=self.contribution, user=request.user)
                messages.success(request, _("You no longer support this contribution."))
            else:
                services.support_add(contribution=self.contribution, user=request.user)
                messages.success(request, _("Thank you for your support!"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(f"{self.contribution.get_absolute_url()}#unterstuetzung")


class ReportView(ContributionMixin, TemplateView):
    """Report a published contribution or comment to the moderators."""

    template_name = "mapping/report_form.html"

    @cached_property
    def item(self):
        if "comment_pk" in self.kwargs:
            comment = get_object_or_404(Comment, pk=self.kwargs["comment_pk"], contribution=self.contribution)
            if not comment.is_published:
                raise Http404
            return comment
        return self.contribution

    permission_required = "mapping.report_contribution"
    taking_part = ()  # reporting stays possible after the end: moderation goes on
    action = "report"

    def get_permission_object(self):
        return self.item

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ReportForm())
        return super().get_context_data(contribution=self.contribution, item=self.item, **kwargs)

    def post(self, request, *args, **kwargs):
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                report = report_create(item=self.item, reporter=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error("reason", error.message_dict.get("reason", error.messages))
            else:
                messages.success(request, REPORT_HID_ITEM if report.hid_item
                                 else _("Thank you. The moderators will look at your report."))
                if report.hid_item and self.item == self.contribution:  # its page is gone for now
                    return redirect(self.module.get_absolute_url())
                return redirect(self.contribution.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)

