from django.urls import path

from . import views

app_name = "ogc"
urlpatterns = [
    path("", views.LandingView.as_view(), name="landing"),
    path("api", views.OpenApiView.as_view(), name="openapi"),
    path("conformance", views.ConformanceView.as_view(), name="conformance"),
    path("collections", views.CollectionsView.as_view(), name="collections"),
    path("collections/<str:collection_id>", views.CollectionView.as_view(), name="collection"),
    path("collections/<str:collection_id>/items", views.ItemsView.as_view(), name="items"),
    path("collections/<str:collection_id>/items/<str:feature_id>", views.ItemView.as_view(), name="item"),
]
