from django.urls import path

from . import api

urlpatterns = [
    path("<slug:module_slug>/features/", api.FeatureListApi.as_view(), name="feature-list"),
    path("<slug:module_slug>/features/<int:pk>/", api.FeatureDetailApi.as_view(), name="feature-detail"),
    path("<slug:module_slug>/opinions/", api.OpinionListCreateApi.as_view(), name="opinion-list"),
    path("<slug:module_slug>/opinions/mine/", api.OpinionMineApi.as_view(), name="opinion-mine"),
    path("<slug:module_slug>/opinions/<int:pk>/", api.OpinionDetailApi.as_view(), name="opinion-detail"),
]
