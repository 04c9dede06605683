import json

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from geo_participation.core.api import StrictInput
from maps.geo.parsing import GeoJSONError

from .geometry import point_from_geojson
from .models import COMMENT_MAX_LENGTH, Opinion, Rating

POINT_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": ("GeoJSON Point in WGS 84, longitude first. It is moved onto the feature's line. Refused with a 400 "
                    "on `point`: any other geometry type, an empty or too-far-away point (more than the format's "
                    "distance from the line), NaN, infinite or out-of-range coordinates, a `crs` member, and members "
                    "of the wrong type (`bbox` not four finite numbers, `coordinates` not an array)."),
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2,
                        "example": [7.7675, 49.4381]},
    },
    "required": ["type", "coordinates"],
}


@extend_schema_field(POINT_SCHEMA)
class GeoJSONPointField(serializers.Field):
    """A GeoJSON Point in, checked by hand (see geometry.py); GeoJSON out."""

    def to_internal_value(self, data):
        try:
            return point_from_geojson(data)
        except GeoJSONError as error:
            raise serializers.ValidationError(str(error)) from None

    def to_representation(self, value):
        return json.loads(value.json) if value else None


class OpinionInputSerializer(StrictInput, serializers.Serializer):
    rating = serializers.ChoiceField(choices=Rating.choices)
    comment = serializers.CharField(max_length=COMMENT_MAX_LENGTH, required=False, allow_blank=True, default="")
    point = GeoJSONPointField(required=False, allow_null=True, default=None)


class OpinionCreateSerializer(OpinionInputSerializer):
    feature = serializers.IntegerField(min_value=1, max_value=2**63 - 1,
                                       help_text=_("The id of the feature in this format."))


class OpinionSerializer(serializers.ModelSerializer):
    """An opinion as its author sees it: with the moderation state and the moderators' reason."""

    point = GeoJSONPointField(allow_null=True)
    author = serializers.SlugRelatedField(slug_field="username", read_only=True,
                                          help_text=_("The public username only."))

    class Meta:
        model = Opinion
        fields = ["id", "feature", "rating", "comment", "point", "status", "moderation_reason", "author",
                  "created_at", "updated_at"]
        read_only_fields = fields
