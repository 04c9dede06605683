from django.urls import path

from . import api

urlpatterns = [
    path("<slug:module_slug>/", api.MapSettingsApi.as_view(), name="settings"),
    path("<slug:module_slug>/layer/", api.LayerApi.as_view(), name="layer"),
    path("<slug:module_slug>/contributions/", api.ContributionsApi.as_view(), name="contributions"),
    path("<slug:module_slug>/contributions/export/", api.ContributionExportApi.as_view(), name="export"),
    path("<slug:module_slug>/contributions/<int:pk>/", api.ContributionDetailApi.as_view(), name="contribution"),
    path("<slug:module_slug>/contributions/<int:pk>/support/", api.SupportApi.as_view(), name="support"),
    path("<slug:module_slug>/contributions/<int:pk>/comments/", api.CommentsApi.as_view(), name="comments"),
    path("<slug:module_slug>/contributions/<int:pk>/photos/", api.PhotoCreateApi.as_view(), name="photos"),
]
