from django.urls import path

from . import api

app_name = "planning-api"
urlpatterns = [
    path("layers/", api.LayersApi.as_view(), name="layers"),
    path("layers/<str:key>/export.geojson", api.GeoJSONExportApi.as_view(), name="export-geojson"),
    path("layers/<str:key>/export.gpkg", api.GeoPackageExportApi.as_view(), name="export-gpkg"),
    path("layers/<str:key>/export.csv", api.CsvExportApi.as_view(), name="export-csv"),
    path("layers/<str:key>/licence.txt", api.LicenceApi.as_view(), name="licence"),
    path("layers/<str:key>/heatmap.geojson", api.HeatmapGeoJSONApi.as_view(), name="heatmap-geojson"),
    path("layers/<str:key>/heatmap.png", api.HeatmapPngApi.as_view(), name="heatmap-png"),
]
