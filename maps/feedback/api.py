"""The feedback format's REST API: features with their counts, published opinions, and one's own opinion.

Reads are GeoJSON built by PostGIS (selectors); writes go through the services; permissions are the rules
of rules.py, asked through core.api.RulesPermission, exactly as the pages ask them.
"""

import re

from django.http import HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from geo_participation.core.api import LenientJSONParser
from geo_participation.core.openapi import BBOX_SCHEMA
from geo_participation.core.refusals import NOT_AUTHENTICATED, NOT_FOUND
from geo_participation.projects.door import ModuleApiView
from maps.geo.layers import bbox_numbers

from .models import FORMAT_KEY, Feature, Opinion
from .selectors import MAX_PAGE_SIZE, BBox, Page, feature_geojson, features_geojson, opinions_geojson
from .serializers import OpinionCreateSerializer, OpinionInputSerializer, OpinionSerializer
from .services import opinion_change, opinion_create, opinion_withdraw

# An opinion is a few kilobytes at most (2,000 characters and a point); anything larger is refused unread.
MAX_BODY_BYTES = 32 * 1024
GEOJSON = "application/geo+json"


class FeedbackApi(ModuleApiView):
    """The feedback format's door (projects.door), with its parsers and its body limit."""

    format_key = FORMAT_KEY
    parser_classes = [LenientJSONParser]  # an opinion's spot is a GeoJSON object, which a form cannot carry
    body_limit = MAX_BODY_BYTES

    def page(self) -> Page:
        def number(name, default, minimum, maximum):
            raw = self.request.query_params.get(name)
            if raw in (None, ""):  # an empty parameter counts as not given, as everywhere in the API
                return default
            try:
                value = int(raw)
            except ValueError:
                raise exceptions.ValidationError({name: [_("Please give a whole number.")]}) from None
            if not minimum <= value <= maximum:
                raise exceptions.ValidationError({name: [_("Please give a number from %(min)d to %(max)d.")
                                                         % {"min": minimum, "max": maximum}]})
            return value

        return Page(limit=number("limit", 100, 1, MAX_PAGE_SIZE), offset=number("offset", 0, 0, 10**9))

    def bbox(self) -> BBox | None:
        raw = self.request.query_params.get("bbox")
        if not raw:
            return None
        return BBox(*bbox_numbers(raw, either_order=True))

    def collection_response(self, result) -> HttpResponse:
        """A page of GeoJSON, with a link to the next page if there is one (as OGC API Features does)."""
        page = self.page()
        query = self.request.query_params.copy()
        query["offset"] = page.offset + page.limit
        query["limit"] = page.limit
        next_url = self.request.build_absolute_uri(f"{self.request.path}?{query.urlencode()}")
        return HttpResponse(result.to_json(next_url=next_url), content_type=GEOJSON)

    def feature_base_url(self) -> str:
        return self.request.build_absolute_uri(self.module.get_absolute_url())


PAGING_PARAMETERS = [
    OpenApiParameter("bbox", BBOX_SCHEMA, description="west,south,east,north in degrees (WGS 84, longitude first); "
                                                      "two opposite corners in the other order are the same box."),
    OpenApiParameter("limit", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": 100},
                     description=f"Features per page (1–{MAX_PAGE_SIZE}, default 100)"),
    OpenApiParameter("offset", {"type": "integer", "minimum": 0, "maximum": 10**9, "default": 0},
                     description="How many features to skip"),
]
FEATURE_COLLECTION = OpenApiResponse(OpenApiTypes.OBJECT, description="GeoJSON FeatureCollection with "
                                     "numberReturned and, if there is a next page, a link to it (rel: next)")


class FeatureListApi(FeedbackApi):
    permission_required = "feedback.view_feature"

    @extend_schema(operation_id="feedback_features", parameters=PAGING_PARAMETERS, responses={(200, GEOJSON): FEATURE_COLLECTION},
                   summary="Features of a rating format with their approved counts and verdict")
    def get(self, request, **kwargs):
        return self.collection_response(features_geojson(module=self.module, base_url=self.feature_base_url(),
                                                         bbox=self.bbox(), page=self.page()))


class FeatureDetailApi(FeedbackApi):
    permission_required = "feedback.view_feature"

    @extend_schema(operation_id="feedback_feature", summary="One feature with its approved counts",
                   responses={(200, GEOJSON): OpenApiResponse(OpenApiTypes.OBJECT, description="GeoJSON Feature")})
    def get(self, request, pk: int, **kwargs):
        feature = Feature.objects.filter(module=self.module, pk=pk).first()
        if feature is None:
            raise NOT_FOUND.api_exception()
        return HttpResponse(feature_geojson(feature=feature, base_url=self.feature_base_url()),
                            content_type=GEOJSON)


class OpinionListCreateApi(FeedbackApi):
    """GET: the published opinions (public username only). POST: give one's opinion on a feature."""

    permission_required = {"GET": "feedback.view_feature", "POST": "feedback.add_opinion"}
    # POST may refuse with a Conflict (400, its own code): already_given

    @extend_schema(operation_id="feedback_opinions", summary="Published opinions of a rating format",
                   parameters=[*PAGING_PARAMETERS,
                               OpenApiParameter("feature", {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}, description="Only opinions on this feature"),
                               OpenApiParameter("with_point", {"type": "string", "enum": ["true", "false", "1", "0"]},
                                                description="Only opinions with a spot (true or 1)")],
                   responses={(200, GEOJSON): FEATURE_COLLECTION})
    def get(self, request, **kwargs):
        feature_id = request.query_params.get("feature") or None
        if feature_id is not None and not re.fullmatch(r"[0-9]{1,18}", feature_id):
            raise exceptions.ValidationError({"feature": [_("Please give the id of a feature.")]})
        return self.collection_response(opinions_geojson(
            module=self.module, feature_id=int(feature_id) if feature_id else None, bbox=self.bbox(),
            with_point=self.flag("with_point"), page=self.page()))

    def flag(self, name: str) -> bool:
        value = self.request.query_params.get(name, "")
        if value not in ("", "0", "1", "true", "false"):
            raise exceptions.ValidationError({name: [_("Please give true or false.")]})
        return value in ("1", "true")

    @extend_schema(operation_id="feedback_opinion_create", request=OpinionCreateSerializer,
                   responses={201: OpinionSerializer},
                   summary="Give your opinion on a feature (once; change it with PUT or PATCH)")
    def post(self, request, **kwargs):
        data = OpinionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        feature = Feature.objects.select_related("module__project").filter(
            module=self.module, pk=values.pop("feature")).first()
        if feature is None:
            raise exceptions.ValidationError({"feature": [_("This format has no feature with this id.")]})
        opinion = opinion_create(feature=feature, author=request.user, **values)
        return Response(OpinionSerializer(opinion).data, status=status.HTTP_201_CREATED,
                        headers={"Location": reverse("feedback-api:opinion-detail",
                                                     kwargs={"module_slug": self.module.slug, "pk": opinion.pk})})


class OpinionMineApi(FeedbackApi):
    """One's own opinions in a format, whatever their moderation state (and the reason of a rejection)."""

    permission_required = "feedback.view_feature"
    login_required = True  # for the OpenAPI schema: no anonymous access

    @extend_schema(operation_id="feedback_opinions_mine", responses={200: OpinionSerializer(many=True)},
                   summary="Your own opinions in this format")
    def get(self, request, **kwargs):
        if not request.user.is_authenticated:
            raise NOT_AUTHENTICATED.api_exception()
        opinions = Opinion.objects.filter(feature__module=self.module, author=request.user).select_related("author")
        return Response(OpinionSerializer(opinions, many=True).data)


class OpinionDetailApi(FeedbackApi):
    """One opinion: read it (if published or one's own), change or withdraw one's own while the format is open."""

    permission_required = {"GET": "feedback.view_opinion", "PUT": "feedback.change_opinion",
                           "PATCH": "feedback.change_opinion", "DELETE": "feedback.delete_opinion"}

    @cached_property
    def opinion(self) -> Opinion:
        opinion = (Opinion.objects.select_related("feature__module__project", "author")
                   .filter(feature__module=self.module, pk=self.kwargs["pk"]).first())
        if opinion is None or not self.request.user.has_perm("feedback.view_opinion", opinion):
            # Whoever may not read it is not told by a 403 to a change that it exists.
            raise NOT_FOUND.api_exception()
        return opinion

    def get_permission_object(self):
        return self.opinion

    @extend_schema(operation_id="feedback_opinion", responses={200: OpinionSerializer})
    def get(self, request, **kwargs):
        return Response(OpinionSerializer(self.opinion).data)

    def _change(self, request, *, partial: bool):
        data = OpinionInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        current = {"rating": self.opinion.rating, "comment": self.opinion.comment, "point": self.opinion.point}
        opinion = opinion_change(opinion=self.opinion, **{**current, **data.validated_data})
        return Response(OpinionSerializer(opinion).data)

    @extend_schema(operation_id="feedback_opinion_replace", request=OpinionInputSerializer,
                   responses={200: OpinionSerializer}, summary="Replace your opinion")
    def put(self, request, **kwargs):
        return self._change(request, partial=False)

    @extend_schema(operation_id="feedback_opinion_change", request=OpinionInputSerializer,
                   responses={200: OpinionSerializer}, summary="Change parts of your opinion")
    def patch(self, request, **kwargs):
        return self._change(request, partial=True)

    @extend_schema(operation_id="feedback_opinion_withdraw", responses={204: None}, summary="Withdraw your opinion")
    def delete(self, request, **kwargs):
        opinion_withdraw(opinion=self.opinion)
        return Response(status=status.HTTP_204_NO_CONTENT)
