"""The map format's REST API. Same rules as the pages (rules.py), writes through services, big reads from PostGIS."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from geo_participation.core.api import GeoJSONRenderer, LenientJSONParser, MultiPartParser, StrictInput
from geo_participation.core.limits import rate_limit_check
from geo_participation.core.openapi import BBoxField, UploadField
from geo_participation.core.refusals import NOT_FOUND
from geo_participation.projects.door import ModuleApiView
from geo_participation.projects.models import Module

from . import selectors, services
from .models import Category, Contribution
from .rules import refusal_reason
from .schema import attribute_schema
from .serializers import (CommentSerializer, ContributionCollectionSchema, ContributionFeatureSchema, GeoJSONGeometryField,
                          LayerSchema, PhotoSerializer)

JSON_BODY_LIMIT = getattr(settings, "MAPPING_MAX_JSON_BODY_BYTES", 256 * 1024)
PHOTO_BODY_LIMIT = getattr(settings, "MAPPING_MAX_PHOTO_BODY_BYTES", 10 * 1024 * 1024)
GEOJSON = "application/geo+json"
ATTRIBUTES_HELP = ("The answers to the format's questions, by key, as its attribute_schema (JSON Schema, in its settings) "
                   "says; the questions it marks required must be answered. Anything else is a 400 naming attributes.")
CATEGORY_HELP = ("The id of one of the format's categories (its settings list them): required when the format has "
                 "categories, else null. Another id is a 400 naming category.")


class ModuleApi(ModuleApiView):
    """The map format's door (projects.door): its module with the map settings, its body limit, its renderers."""

    format_key = "mapping"
    parser_classes = [LenientJSONParser]
    renderer_classes = [JSONRenderer]
    body_limit = JSON_BODY_LIMIT
    actions: dict[str, str] = {}  # method -> what it does, for the format's own refusals (rules.refusal_reason)

    def load_module(self, slug):
        return selectors.map_module_by_slug(slug=slug, for_writing=self.request.method not in SAFE_METHODS)

    def refusal_reason(self, user, obj):
        return refusal_reason(user, obj, action=self.actions.get(self.request.method, "contribute"))

    def site_url(self) -> str:
        return self.request.build_absolute_uri("/")

    def feature_response(self, contribution: Contribution, status: int = 200) -> HttpResponse:
        """A contribution in its one shape (selectors.contribution_rows), with the moderators' reason for its author
        and the moderators."""
        user = self.request.user
        with_reason = user.is_authenticated and (contribution.author_id == user.pk
                                                 or user.has_perm("mapping.moderate_contribution"))
        feature = selectors.contribution_feature(contribution=contribution, site_url=self.site_url(),
                                                 with_reason=with_reason)
        return HttpResponse(feature, status=status, content_type=GEOJSON)


class GeoJSONApi(ModuleApi):
    """An address that answers GeoJSON: clients may ask for application/geo+json (errors come in it too)."""

    renderer_classes = [JSONRenderer, GeoJSONRenderer]


class ContributionApi(ModuleApi):
    @cached_property
    def contribution(self) -> Contribution:
        contribution = selectors.contribution_of_module(module=self.module, pk=self.kwargs["pk"])
        if contribution is None or not self.request.user.has_perm("mapping.view_contribution", contribution):
            raise NOT_FOUND.api_exception()
        return contribution

    def get_permission_object(self):
        return self.contribution


FILTER_PARAMETERS = [
    OpenApiParameter("category", OpenApiTypes.STR, description="Category id(s), comma-separated or repeated; several "
                                                               "are or-ed. One the format does not have matches nothing."),
    OpenApiParameter("district", OpenApiTypes.STR, description="Slug of a district (Ortsbezirk); an unknown one "
                                                               "matches nothing."),
]
# Attribute filters have names of their own per format, which OpenAPI cannot list: they are described in words.
ATTRIBUTE_FILTERS = ("Filter by the format's attributes (see attribute_schema in the format's settings) with "
                     "attr_<key>=<option value> (ja/nein for yes-or-no questions) and attr_<key>_min=<number> for scales.")


class MapSettingsApi(ModuleApi):
    """What this map format accepts: geometry kinds, area, categories, and its attributes as JSON Schema."""

    permission_required = {"GET": None}

    @extend_schema(responses=inline_serializer("MapFormat", {
        "title": serializers.CharField(), "state": serializers.CharField(), "url": serializers.CharField(),
        "geometry_kinds": serializers.ListField(child=serializers.CharField()),
        "photos_enabled": serializers.BooleanField(), "supports_enabled": serializers.BooleanField(),
        "comments_enabled": serializers.BooleanField(), "area": serializers.DictField(),
        "categories": serializers.ListField(child=serializers.DictField()), "attribute_schema": serializers.DictField(),
    }))
    def get(self, request, module_slug):
        map_settings = selectors.map_settings_for(self.module)
        return Response({
            "title": self.module.i18n.title, "state": self.module.state.value, "url": self.module.get_absolute_url(),
            "start": self.module.start, "end": self.module.end,
            "geometry_kinds": map_settings.geometry_kinds, "photos_enabled": map_settings.photos_enabled,
            "supports_enabled": map_settings.supports_enabled, "comments_enabled": map_settings.comments_enabled,
            "area": {"type": "MultiPolygon", "coordinates": map_settings.effective_area.coords},
            "categories": [{"id": c.pk, "name": c.i18n.name, "colour": c.colour, "icon": c.icon, "description": c.i18n.description}
                           for c in selectors.categories_of(self.module)],
            "attribute_schema": attribute_schema(selectors.attributes_of(self.module)),
        })


class LayerApi(GeoJSONApi):
    """The published contributions in a viewport, for the map: single items, or clusters below zoom 17."""

    permission_required = {"GET": None}

    class InputSerializer(serializers.Serializer):
        bbox = BBoxField(help_text="west,south,east,north in degrees (WGS 84); corners in either order")
        zoom = serializers.IntegerField(min_value=0, max_value=22, required=False,
                                        help_text="The map's zoom level; below 17 nearby items come as clusters.")

    @extend_schema(parameters=[InputSerializer, *FILTER_PARAMETERS], description=f"{__doc__} {ATTRIBUTE_FILTERS}",
                   responses={(200, GEOJSON): LayerSchema})
    def get(self, request, module_slug):
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        body = selectors.contribution_layer(
            module=self.module, bbox=selectors.bbox_extent_from_query(params.validated_data["bbox"]),
            zoom=params.validated_data.get("zoom"), filters=selectors.filters_from_query(request.query_params, module=self.module),
            encoded=True)
        return HttpResponse(body, content_type=GEOJSON)


class ContributionsApi(GeoJSONApi):
    """List published contributions (a paged FeatureCollection) or add one (it waits for moderation)."""

    permission_required = {"GET": None, "POST": "mapping.add_contribution"}
    throttled_methods = ("POST",)

    class ListInput(serializers.Serializer):
        bbox = BBoxField(required=False, help_text="west,south,east,north in degrees (WGS 84); corners in either order")
        limit = serializers.IntegerField(min_value=1, max_value=1000, default=100)
        offset = serializers.IntegerField(min_value=0, max_value=10**9, default=0)  # beyond bigint was a 500

    class ContributionCreateInput(StrictInput, serializers.Serializer):
        title = serializers.CharField(max_length=100)
        description = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")
        category = serializers.IntegerField(required=False, allow_null=True, default=None, help_text=CATEGORY_HELP)
        geometry = GeoJSONGeometryField(required=False, allow_null=True, default=None)
        attributes = serializers.DictField(required=False, default=dict, help_text=ATTRIBUTES_HELP)

    @extend_schema(operation_id="mapping_contributions_list", parameters=[ListInput, *FILTER_PARAMETERS],
                   description=f"Published contributions as a paged GeoJSON FeatureCollection. {ATTRIBUTE_FILTERS}",
                   responses={(200, GEOJSON): ContributionCollectionSchema})
    def get(self, request, module_slug):
        params = self.ListInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        bbox = params.validated_data.get("bbox")
        limit, offset = params.validated_data["limit"], params.validated_data["offset"]

        def url_at(next_offset: int) -> str:
            query = request.query_params.copy()
            query["offset"] = next_offset
            return f"{request.build_absolute_uri(request.path)}?{query.urlencode()}"

        body, matched = selectors.contribution_page(
            module=self.module, site_url=self.site_url(),
            filters=selectors.filters_from_query(request.query_params, module=self.module),
            bbox=selectors.bbox_from_query(bbox) if bbox else None, limit=limit, offset=offset, url_at=url_at)
        response = HttpResponse(body, content_type=GEOJSON)
        if offset + limit < matched:
            response["Link"] = f'<{url_at(offset + limit)}>; rel="next"'  # for clients that read headers
        return response

    @extend_schema(request=ContributionCreateInput, responses={(201, GEOJSON): ContributionFeatureSchema})
    def post(self, request, module_slug):
        rate_limit_check(request, "contribution")
        data = self.ContributionCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["category"] = category_of(self.module, fields["category"])
        contribution = services.contribution_create(module=self.module, author=request.user, **fields)
        return self.feature_response(contribution, status=201)


def category_of(module: Module, pk: int | None) -> Category | None:
    if pk is None:
        return None
    category = selectors.category_of_module(module=module, pk=pk)
    if category is None:
        raise serializers.ValidationError({"category": [_("Unknown category: %(value)s.") % {"value": pk}]})
    return category


class ContributionExportApi(GeoJSONApi):
    """Every published contribution as one GeoJSON file (open data), streamed."""

    permission_required = {"GET": None}

    @extend_schema(responses={(200, GEOJSON): ContributionCollectionSchema})
    def get(self, request, module_slug):
        response = StreamingHttpResponse(selectors.contribution_export(module=self.module, site_url=self.site_url()),
                                         content_type=GEOJSON)
        response["Content-Disposition"] = f'attachment; filename="{self.module.slug}.geojson"'
        return response


class ContributionDetailApi(ContributionApi):
    """One contribution: read it, change it or withdraw it (authors, while the format is open)."""

    renderer_classes = GeoJSONApi.renderer_classes

    permission_required = {"GET": "mapping.view_contribution", "PATCH": "mapping.change_contribution",
                           "DELETE": "mapping.delete_contribution"}
    actions = {"PATCH": "change", "DELETE": "withdraw"}
    http_method_names = ["get", "patch", "delete", "options"]

    class ContributionChangeInput(StrictInput, serializers.Serializer):
        title = serializers.CharField(max_length=100, required=False)
        description = serializers.CharField(max_length=2000, allow_blank=True, required=False)
        category = serializers.IntegerField(required=False, allow_null=True, help_text=CATEGORY_HELP)
        geometry = GeoJSONGeometryField(required=False, allow_null=True)
        attributes = serializers.DictField(required=False, help_text=ATTRIBUTES_HELP)

    @extend_schema(operation_id="mapping_contribution_retrieve", responses={(200, GEOJSON): ContributionFeatureSchema})
    def get(self, request, module_slug, pk):
        return self.feature_response(self.contribution)

    @extend_schema(request=ContributionChangeInput, responses={(200, GEOJSON): ContributionFeatureSchema})
    def patch(self, request, module_slug, pk):
        data = self.ContributionChangeInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "category" in fields:
            fields["category"] = category_of(self.module, fields["category"])
        contribution = services.contribution_change(contribution=self.contribution, **fields)
        return self.feature_response(contribution)

    @extend_schema(responses={204: None})
    def delete(self, request, module_slug, pk):
        services.contribution_withdraw(contribution=self.contribution)
        return Response(status=204)


_SUPPORT = inline_serializer("SupportState", {"support_count": serializers.IntegerField(), "supported": serializers.BooleanField()})


class SupportApi(ContributionApi):
    """Say “me too” to a published contribution (once per person), or take it back."""

    permission_required = {"POST": "mapping.support_contribution", "DELETE": "mapping.support_contribution"}
    actions = {"POST": "support", "DELETE": "support"}
    # POST/DELETE may refuse with a Conflict (400, its own code): already_supported, not_supported, not_published
    http_method_names = ["post", "delete", "options"]

    @extend_schema(request=None, responses={201: _SUPPORT})
    def post(self, request, module_slug, pk):
        contribution = services.support_add(contribution=self.contribution, user=request.user)
        return Response({"support_count": contribution.support_count, "supported": True}, status=201)

    @extend_schema(responses={200: _SUPPORT})
    def delete(self, request, module_slug, pk):
        contribution = services.support_remove(contribution=self.contribution, user=request.user)
        return Response({"support_count": contribution.support_count, "supported": False})


class CommentsApi(ContributionApi):
    """The published comments on a contribution, or a new one (it waits for moderation)."""

    permission_required = {"GET": "mapping.view_contribution", "POST": "mapping.comment_contribution"}
    actions = {"POST": "comment"}
    # POST may refuse with a Conflict (400, its own code): not_published (one's own contribution while it waits)
    throttled_methods = ("POST",)

    class CommentCreateInput(StrictInput, serializers.Serializer):
        text = serializers.CharField(max_length=1000)

    @extend_schema(responses=CommentSerializer(many=True))
    def get(self, request, module_slug, pk):
        comments = selectors.comments_for(contribution=self.contribution, user=request.user)
        return Response(CommentSerializer(comments, many=True).data)

    @extend_schema(request=CommentCreateInput, responses={201: CommentSerializer})
    def post(self, request, module_slug, pk):
        rate_limit_check(request, "comment")
        data = self.CommentCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_create(contribution=self.contribution, author=request.user, **data.validated_data)
        return Response(CommentSerializer(comment).data, status=201)


class PhotoCreateApi(ContributionApi):
    """Add a photo to one's own contribution: JPEG, PNG or WebP, re-encoded without any metadata."""

    permission_required = {"POST": "mapping.add_photo"}
    actions = {"POST": "photo"}
    # POST may refuse with a Conflict (400, its own code): too_many_photos
    parser_classes = [MultiPartParser]
    body_limit = PHOTO_BODY_LIMIT

    class PhotoCreateInput(StrictInput, serializers.Serializer):
        photo = UploadField(help_text="JPEG, PNG or WebP, at most 10 MB; re-encoded without its metadata.")
        alt_text = serializers.CharField(max_length=200)

    @extend_schema(request={"multipart/form-data": PhotoCreateInput}, responses={201: PhotoSerializer})
    def post(self, request, module_slug, pk):
        data = self.PhotoCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        photo = services.photo_add(contribution=self.contribution, upload=data.validated_data["photo"],
                                   alt_text=data.validated_data["alt_text"])
        return Response(PhotoSerializer(photo, context={"request": request}).data, status=201)
