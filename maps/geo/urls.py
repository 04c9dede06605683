from django.urls import path

from . import views
from .models import AdministrativeArea

urlpatterns = [
    path("stadtkarte/", views.city_map, name="city-map"),
    path("api/gebiete/stadtgrenze.geojson", views.areas_geojson, {"level": AdministrativeArea.Level.CITY},
         name="city-boundary-geojson"),
    path("api/gebiete/ortsbezirke.geojson", views.areas_geojson, {"level": AdministrativeArea.Level.DISTRICT},
         name="districts-geojson"),
]
