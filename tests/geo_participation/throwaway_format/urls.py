"""A format page for the registry's tests: the generic one of projects, for a type of their own."""

from django.urls import path

from geo_participation.projects.views import ModuleDetailView

urlpatterns = [path("", ModuleDetailView.as_view(format_key="probe"), name="module-detail")]
