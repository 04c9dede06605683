from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from .geojson import feature_collection
from .selectors import districts


def city_map(request):
    return render(request, "geo/city_map.html", {"districts": districts().only("name", "slug")})


@cache_control(public=True, max_age=3600)
def areas_geojson(request, level):
    body = feature_collection(
        "SELECT id, geometry, json_build_object('name', name, 'slug', slug, 'level', level) AS properties "
        "FROM geo_administrativearea WHERE level = %(level)s ORDER BY name",
        {"level": level},
    )
    return HttpResponse(body, content_type="application/geo+json")
