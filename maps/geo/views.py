from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny

from .geojson import feature_collection
from .selectors import districts


def city_map(request):
    return render(request, "geo/city_map.html", {"districts": districts().only("name", "slug")})


# Open data for everyone (no session, so no CSRF either); only GET, and in the OpenAPI schema like the rest.
@cache_control(public=True, max_age=3600)
@extend_schema(tags=["areas"], summary="The city boundary or the ten districts (Ortsbezirke)",
               responses={(200, "application/geo+json"): OpenApiResponse(
                   OpenApiTypes.OBJECT, description="GeoJSON FeatureCollection; properties: name, slug, level")})
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def areas_geojson(request, level):
    body = feature_collection(
        "SELECT id, geometry, json_build_object('name', name, 'slug', slug, 'level', level) AS properties "
        "FROM geo_administrativearea WHERE level = %(level)s ORDER BY name",
        {"level": level},
    )
    return HttpResponse(body, content_type="application/geo+json")
