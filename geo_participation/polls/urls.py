from django.urls import path

from . import views

urlpatterns = [
    path("", views.PollDetailView.as_view(), name="module-detail"),
    path("ergebnis.csv", views.PollResultCsvView.as_view(), name="result-csv"),
    path("ergebnis-veroeffentlichen/", views.PollResultPublishView.as_view(), name="result-publish"),
]
