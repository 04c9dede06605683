from django.urls import path

from . import views

urlpatterns = [
    path("", views.SurveyDetailView.as_view(), name="module-detail"),
    path("danke/", views.ThanksView.as_view(), name="thanks"),
    path("ergebnisse/", views.ResultsView.as_view(), name="results"),
    path("ergebnisse/veroeffentlichen/", views.PublishResultsView.as_view(), name="results-publish"),
    # staff
    path("vorschau/", views.PreviewView.as_view(), name="preview"),
    path("papier/", views.PaperEntryView.as_view(), name="paper"),
]
