from django.urls import path, re_path

from . import views

app_name = "tiles"
urlpatterns = [
    re_path(r"^(?P<key>[^/]+)/(?P<z>-?\d{1,9})/(?P<x>-?\d{1,12})/(?P<y>-?\d{1,12})\.mvt$", views.TileView.as_view(),
            name="tile"),
    path("<str:key>.json", views.TileJsonView.as_view(), name="tilejson"),
]
