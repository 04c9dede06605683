"""Addresses of raffles outside one raffle's page, mounted at the site root (``Format.site_urls``)."""

from django.urls import path, re_path

from . import views

urlpatterns = [
    path("verlosungen/", views.raffle_list, name="raffle-list"),
    re_path(r"^verlosungen/verlosung_pruefen\.py$", views.verification_program, name="verification-program"),
]
