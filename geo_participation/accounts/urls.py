from django.urls import path

from . import views

urlpatterns = [
    path("", views.profile, name="profile"),
    path("meine-daten/", views.data_download, name="data-download"),
    path("loeschen/", views.account_delete, name="account-delete"),
]
