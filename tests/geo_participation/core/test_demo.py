"""The demo city that `make run` loads: everything a visitor should see, and a second run that changes nothing."""

import io

import pytest
from django.core.management import call_command

from geo_participation.accounts.models import User
from geo_participation.projects.models import Module, Project
from geo_participation.projects.selectors import home_modules
from maps.geo.models import AdministrativeArea


@pytest.mark.django_db(transaction=True)
def test_the_demo_city_has_every_state_and_loads_idempotently():
    out = io.StringIO()
    call_command("load_demo", stdout=out)

    assert AdministrativeArea.objects.filter(level="district").count() == 10
    assert {"stadt-raum-wir", "lokale-logistik", "dritte-orte", "dialog-zivilgesellschaft"} <= set(
        Project.objects.values_list("slug", flat=True))
    assert Project.objects.count() >= 10
    states = {(m.state, m.results_published) for m in Module.objects.all()}
    assert {("upcoming", False), ("open", False), ("closed", False), ("closed", True)} <= states
    home = home_modules()
    assert home["open"] and home["upcoming"] and home["results"]
    for username in ("anna", "ben", "moderation", "planung", "verwaltung", "admin"):
        assert username in out.getvalue()
        assert User.objects.get(username=username).is_confirmed

    counts = {model: model.objects.count() for model in (Project, Module, User)}
    call_command("load_demo", stdout=io.StringIO())
    assert {model: model.objects.count() for model in (Project, Module, User)} == counts
