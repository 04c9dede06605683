from django.urls import path

from . import api, views
from .models import AdministrativeArea

urlpatterns = [
    path("stadtkarte/", views.city_map, name="city-map"),
    path("api/gebiete/stadtgrenze.geojson", views.areas_geojson, {"level": AdministrativeArea.Level.CITY},
         name="city-boundary-geojson"),
    path("api/gebiete/ortsbezirke.geojson", views.areas_geojson, {"level": AdministrativeArea.Level.DISTRICT},
         name="districts-geojson"),
    path("api/gazetteer/", api.GazetteerSearchApi.as_view(), name="gazetteer-search"),
    path("api/gazetteer/reverse/", api.GazetteerReverseApi.as_view(), name="gazetteer-reverse"),
]
