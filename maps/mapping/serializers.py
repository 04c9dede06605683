"""What the API shows of single contributions and comments: the public username only, never more of a person."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from geo_participation.core.api import FieldsBuiltOnce

from .geometry import MAX_VERTICES, geometry_from_geojson
from .models import Comment, Contribution, Photo


GEOMETRY_RULES = (  # the API documentation of what is refused and why (README, "The API", says the same)
    "A GeoJSON geometry (RFC 7946): Point, LineString or Polygon, longitude before latitude (WGS 84), of a kind the "
    "format accepts (`geometry_kinds` in the format's settings). Refused with a 400 on `geometry`, and why: "
    "**empty** geometries (no coordinates: nothing to show or count); **invalid** ones, such as an area whose outline "
    "crosses itself or is not closed, or a line without two different points (PostGIS cannot measure or test them "
    "reliably); places **outside the format's area** (the city asks about its own area; swapped latitude and "
    f"longitude are named as such); **more than {MAX_VERTICES} vertices** (a drawn place needs dozens; thousands are "
    "a mistake or an attack on the map); and anything RFC 7946 does not allow: a `crs` member, geometry collections, Features, "
    "NaN, infinite or out-of-range coordinates. Members of the wrong type are refused, never ignored: `bbox` must be "
    "four finite numbers (west, south, east, north), `coordinates` an array."
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


class ContributionSerializer(FieldsBuiltOnce, GeoFeatureModelSerializer):
    geometry = GeometryField(precision=6, read_only=True)
    author = serializers.CharField(source="public_author", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True, default=None)
    district = serializers.CharField(source="district.name", read_only=True, default=None)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Contribution
        geo_field = "geometry"
        fields = ["id", "title", "description", "category", "category_name", "attributes", "district",
                  "support_count", "author", "status", "moderation_reason", "created_at", "updated_at", "url", "photos"]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        # The moderators' reason is for the author (and the moderators), not for the public.
        if not (user and user.is_authenticated and (instance.author_id == user.pk or user.has_perm("mapping.moderate_contribution"))):
            data["properties"].pop("moderation_reason", None)
        return data


class CommentSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    author = serializers.CharField(source="public_author", read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "text", "author", "status", "created_at"]
        read_only_fields = fields
