"""Addresses of polls outside one poll's page, mounted at the site root (``Format.site_urls``): the public layer of
the ballot boxes, the staff area for postcards and the tally API. The paths are public and stay as they are."""

from django.urls import path

from . import api, views

urlpatterns = [
    path("api/abstimmungsboxen/", api.BallotBoxesApi.as_view(), name="boxes-geojson"),
    path("api/abstimmungsboxen/auszaehlungen/", api.TallyListCreateApi.as_view(), name="api-tallies"),
    path("api/abstimmungsboxen/auszaehlungen/<int:pk>/bestaetigen/", api.TallyConfirmApi.as_view(),
         name="api-tally-confirm"),
    path("api/abstimmungsboxen/auszaehlungen/<int:pk>/korrigieren/", api.TallyCorrectApi.as_view(),
         name="api-tally-correct"),
    # the staff area
    path("intern/abstimmungen/", views.StaffIndexView.as_view(), name="staff-index"),
    path("intern/abstimmungen/<slug:module_slug>/", views.TallyLogView.as_view(), name="tally-log"),
    path("intern/abstimmungen/<slug:module_slug>/postkarten/", views.TallyCreateView.as_view(), name="tally-create"),
    path("intern/abstimmungen/<slug:module_slug>/postkarten/<int:pk>/bestaetigen/", views.TallyConfirmView.as_view(),
         name="tally-confirm"),
    path("intern/abstimmungen/<slug:module_slug>/postkarten/<int:pk>/korrigieren/", views.TallyCorrectView.as_view(),
         name="tally-correct"),
    path("intern/abstimmungsboxen/karte/", views.StaffMapView.as_view(), name="staff-map"),
    path("intern/abstimmungsboxen/karte/dokument/", views.StaffMapDocumentView.as_view(), name="staff-map-document"),
]
