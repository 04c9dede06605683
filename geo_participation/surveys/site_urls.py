"""Addresses of surveys outside one survey's page, mounted at the site root (``Format.site_urls``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("umfragen/", views.survey_list, name="survey-list"),
]
