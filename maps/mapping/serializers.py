"""What the API shows of photos and comments, and how it describes a contribution's one shape: the public username
only, never more of a person."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField

from geo_participation.core.api import FieldsBuiltOnce
from geo_participation.core.moderation import ModerationStatus
from geo_participation.core.openapi import FeatureCollectionType, FeatureType

from .geometry import MAX_VERTICES, geometry_from_geojson
from .models import Comment, Photo


GEOMETRY_RULES = (  # the API documentation of what is refused and why (README, "The API", says the same)
    "A GeoJSON geometry (RFC 7946): Point, LineString or Polygon, longitude before latitude (WGS 84), of a kind the "
    "format accepts (`geometry_kinds` in the format's settings). Refused with a 400 on `geometry`, and why: "
    "**empty** geometries (no coordinates: nothing to show or count); **invalid** ones, such as an area whose outline "
    "crosses itself or is not closed, or a line without two different points (PostGIS cannot measure or test them "
    "reliably); places **outside the format's area** (the city asks about its own area; swapped latitude and "
    f"longitude are named as such); **more than {MAX_VERTICES} vertices** (a drawn place needs dozens; thousands are "
    "a mistake or an attack on the map); and anything RFC 7946 does not allow: a `crs` member, geometry collections, Features, "
    "NaN, infinite or out-of-range coordinates. Members of the wrong type are refused, never ignored: `bbox` must be "
    "four finite numbers (west, south, east, north), `coordinates` an array. Required (not null) when the format "
    "takes places (`geometry_kinds` in its settings not empty); null when it collects ideas without a place."
)


@extend_schema_field({
    "type": "object", "required": ["type", "coordinates"],
    "description": GEOMETRY_RULES,
    "properties": {"type": {"type": "string", "enum": ["Point", "LineString", "Polygon"]},
                   "coordinates": {"type": "array", "items": {}},
                   "bbox": {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 6}},
    "example": {"type": "Point", "coordinates": [7.7695, 49.444]},
})
class GeoJSONGeometryField(GeometryField):
    """GeoJSON in, read strictly (RFC 7946: no crs, no collections, finite WGS 84 coordinates, a vertex limit)."""

    def to_internal_value(self, value):
        if value is None:
            return None
        try:
            return geometry_from_geojson(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict["geometry"]) from None


class PhotoSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    """Addresses of the photo view, which asks who may see the contribution; the files have no public address."""

    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = Photo
        fields = ["id", "url", "thumbnail_url", "alt_text", "width", "height"]

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_url(self, photo) -> str:
        return self._absolute(photo.url)

    def get_thumbnail_url(self, photo) -> str:
        return self._absolute(photo.thumbnail_url)


# The one public shape of a contribution is written by PostGIS (selectors.contribution_rows); these serializers
# only describe it in the OpenAPI schema, as the components MapContribution, MapContributionCollection and MapLayer.

@extend_schema_serializer(component_name="MapContributionProperties")
class ContributionPropertiesSchema(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()
    category = serializers.IntegerField(allow_null=True, help_text="Id of the category (see the format's settings).")
    category_name = serializers.CharField(allow_null=True)
    attributes = serializers.DictField(help_text="Answers to the format's questions, by key (see attribute_schema).")
    district = serializers.CharField(allow_null=True, help_text="The Ortsbezirk the place lies in.")
    support_count = serializers.IntegerField()
    author = serializers.CharField(help_text="The public username only (or “deleted account”), never more.")
    status = serializers.ChoiceField(ModerationStatus.choices, help_text="Lists and exports hold published ones only.")
    moderation_reason = serializers.CharField(allow_null=True, help_text=(
        "Why moderators rejected or hid it: for its author and the moderators; null for everyone else."))
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    url = serializers.URLField(help_text="The contribution's page.")
    photos = PhotoSerializer(many=True)


@extend_schema_serializer(component_name="MapContribution")
class ContributionFeatureSchema(serializers.Serializer):
    """A map contribution as a GeoJSON Feature: the same in the item, the answer to a new one, the list and the export."""

    type = FeatureType()
    id = serializers.IntegerField()
    geometry = GeoJSONGeometryField(allow_null=True, help_text="null for an idea without a place.")
    properties = ContributionPropertiesSchema()


class LinkSchema(serializers.Serializer):
    rel = serializers.CharField()
    type = serializers.CharField()
    href = serializers.URLField()


@extend_schema_serializer(component_name="MapContributionCollection")
class ContributionCollectionSchema(serializers.Serializer):
    type = FeatureCollectionType()
    features = ContributionFeatureSchema(many=True)
    numberMatched = serializers.IntegerField(required=False, help_text="In a page of the list: how many match in all.")
    numberReturned = serializers.IntegerField(required=False)
    links = LinkSchema(many=True, required=False, help_text="rel next: the next page, if there is one.")


@extend_schema_serializer(component_name="MapLayerProperties")
class LayerPropertiesSchema(serializers.Serializer):
    title = serializers.CharField(required=False)
    category = serializers.IntegerField(required=False, allow_null=True)
    cluster = serializers.BooleanField(required=False, help_text="true for a cluster of nearby contributions.")
    count = serializers.IntegerField(required=False, help_text="How many contributions the cluster holds.")


class LayerFeatureSchema(serializers.Serializer):
    type = FeatureType()
    id = serializers.JSONField(help_text="The contribution's id; a cluster's is a string (c<x>_<y>).")
    geometry = GeoJSONGeometryField()
    properties = LayerPropertiesSchema()


@extend_schema_serializer(component_name="MapLayer")
class LayerSchema(serializers.Serializer):
    """The viewport layer: a subset of MapContribution for size (title and category), or clusters."""

    type = FeatureCollectionType()
    features = LayerFeatureSchema(many=True)
    truncated = serializers.BooleanField(required=False, help_text="true if not every contribution is shown: zoom in.")


class CommentSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    author = serializers.CharField(source="public_author", read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "text", "author", "status", "created_at"]
        read_only_fields = fields
