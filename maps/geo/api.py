"""The gazetteer API: find a street, square, place or address by name, and describe a point in words."""

from django.contrib.gis.geos import Point
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .selectors import gazetteer_nearest, gazetteer_search

_PLACE = inline_serializer("GazetteerPlace", {
    "type": serializers.CharField(), "id": serializers.IntegerField(),
    "geometry": serializers.DictField(), "properties": serializers.DictField(),
})


class GazetteerSearchApi(APIView):
    """Search the city's streets, squares, places and addresses (from OpenStreetMap)."""

    class InputSerializer(serializers.Serializer):
        q = serializers.CharField(label=_("Search text"), min_length=2, max_length=100, trim_whitespace=True)
        limit = serializers.IntegerField(label=_("Number of results"), min_value=1, max_value=25, default=10)

    @extend_schema(
        parameters=[InputSerializer],
        responses=inline_serializer("GazetteerResults", {"type": serializers.CharField(),
                                                         "features": _PLACE.__class__(many=True)}),
    )
    def get(self, request):
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        features = [
            {"type": "Feature", "id": row["id"],
             "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
             "properties": {key: row[key] for key in ("name", "kind", "kind_label", "detail", "district")}}
            for row in gazetteer_search(params.validated_data["q"], limit=params.validated_data["limit"])
        ]
        return Response({"type": "FeatureCollection", "features": features})


class GazetteerReverseApi(APIView):
    """Describe a point in words: the nearest address or street and the district (what a screen reader says)."""

    class InputSerializer(serializers.Serializer):
        lat = serializers.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
        lon = serializers.FloatField(label=_("Longitude"), min_value=-180, max_value=180)

    @extend_schema(
        parameters=[InputSerializer],
        responses=inline_serializer("GazetteerDescription", {
            "label": serializers.CharField(), "address": serializers.CharField(),
            "near": serializers.CharField(), "district": serializers.CharField(),
        }),
    )
    def get(self, request):
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        point = Point(params.validated_data["lon"], params.validated_data["lat"], srid=4326)
        return Response(gazetteer_nearest(point))
