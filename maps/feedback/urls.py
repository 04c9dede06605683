from django.urls import path

from geo_participation.projects.views import ModuleDetailView

urlpatterns = [
    path("", ModuleDetailView.as_view(format_key="feedback"), name="module-detail"),
]
