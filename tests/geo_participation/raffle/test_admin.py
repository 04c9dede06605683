"""The raffle in the administration: staff create it on the module's page (commitment at once, the seed never
shown), the cut-off is entered in Kaiserslautern's time, and from the cut-off on nothing can change."""

import datetime as dt
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from geo_participation.raffle import algorithm
from geo_participation.raffle.models import AuditEntry, Prize, Raffle
from tests.factories import make_module
from tests.factories.raffle import make_raffle

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")

INLINE = {"raffle-TOTAL_FORMS": "1", "raffle-INITIAL_FORMS": "0", "raffle-MIN_NUM_FORMS": "1",
          "raffle-MAX_NUM_FORMS": "1"}


def module_form(module, **raffle_fields) -> dict:
    start = timezone.localtime(module.start)
    data = {"project": module.project_id, "title": module.title, "slug": module.slug, "description": "",
            "weight": "0", "start_0": start.strftime("%d.%m.%Y"), "start_1": start.strftime("%H:%M:%S"),
            "results_summary": "", **INLINE}
    data.update({f"raffle-0-{key}": value for key, value in raffle_fields.items()})
    return data


def test_staff_create_a_raffle_on_its_modules_page_and_its_commitment_is_published_at_once(client, staff):
    start = dt.datetime(2025, 10, 1, 0, 0, tzinfo=BERLIN)
    module = make_module(format_key="raffle", start=start, end=dt.datetime(2025, 12, 1, 0, 0, tzinfo=BERLIN))
    client.force_login(staff)
    page = client.get(f"/verwaltung/projects/module/{module.pk}/change/").content.decode()
    assert "Einstellungen der Verlosung" in page and 'name="raffle-0-cutoff_0"' in page
    assert 'value="01.12.2025"' in page  # a new raffle's cut-off starts as the module's end

    response = client.post(f"/verwaltung/projects/module/{module.pk}/change/", module_form(
        module, cutoff_0="30.11.2025", cutoff_1="23:59:59", rules="Teilnahme ab 16 Jahren.", referral_cap="3",
        reserve_count="2"))
    assert response.status_code == 302, response.content.decode()[:3000]

    raffle = Raffle.objects.get(module=module)
    assert raffle.cutoff == dt.datetime(2025, 11, 30, 22, 59, 59, tzinfo=dt.timezone.utc)  # entered as Berlin time
    assert raffle.commitment == algorithm.commitment_of(raffle.seed)
    assert raffle.audit.get().action == AuditEntry.Action.COMMITTED and raffle.audit.get().actor == staff
    module.refresh_from_db()
    assert module.end == raffle.cutoff
    page = client.get(f"/verwaltung/projects/module/{module.pk}/change/").content.decode()
    assert raffle.commitment in page and raffle.seed not in page


@pytest.mark.parametrize("local_time", ["02:30:00"])
@pytest.mark.parametrize("day", ["30.03.2025", "26.10.2025"])
def test_a_cut_off_that_does_not_exist_or_is_ambiguous_in_berlin_is_refused(client, staff, day, local_time):
    """On 30 March 02:30 never happens; on 26 October it happens twice: either way the field says so."""
    module = make_module(format_key="raffle", start=dt.datetime(2025, 1, 1, tzinfo=BERLIN),
                         end=dt.datetime(2025, 12, 1, tzinfo=BERLIN))
    client.force_login(staff)
    response = client.post(f"/verwaltung/projects/module/{module.pk}/change/", module_form(
        module, cutoff_0=day, cutoff_1=local_time, referral_cap="3", reserve_count="2"))
    assert response.status_code == 200
    assert "Europe/Berlin" in response.content.decode()
    assert not Raffle.objects.filter(module=module).exists()


def test_a_cut_off_before_the_start_is_refused_on_the_field(client, staff):
    module = make_module(format_key="raffle", start=dt.datetime(2025, 10, 1, tzinfo=BERLIN),
                         end=dt.datetime(2025, 12, 1, tzinfo=BERLIN))
    client.force_login(staff)
    response = client.post(f"/verwaltung/projects/module/{module.pk}/change/", module_form(
        module, cutoff_0="30.09.2025", cutoff_1="12:00:00", referral_cap="3", reserve_count="2"))
    assert response.status_code == 200
    assert "Der Stichtag muss nach dem Beginn des Formats liegen" in response.content.decode()


def test_the_modules_end_is_the_cut_off_and_read_only_on_its_page(client, staff):
    raffle = make_raffle()
    client.force_login(staff)
    page = client.get(f"/verwaltung/projects/module/{raffle.pk}/change/").content.decode()
    assert 'name="end_0"' not in page and 'name="start_0"' in page


def test_from_the_cut_off_on_the_settings_and_prizes_are_read_only(client, staff):
    raffle = make_raffle(cutoff=timezone.now() - timedelta(minutes=1))
    client.force_login(staff)
    page = client.get(f"/verwaltung/projects/module/{raffle.pk}/change/").content.decode()
    assert 'name="raffle-0-cutoff_0"' not in page and 'name="raffle-0-referral_cap"' not in page
    prize = Prize.objects.filter(raffle=raffle).first()
    page = client.get(f"/verwaltung/raffle/raffle/{raffle.pk}/change/").content.decode()
    assert f'value="{prize.name}"' not in page and prize.name in page


def test_the_raffles_admin_pages_open_and_the_winners_and_log_are_read_only(client, staff):
    raffle = make_raffle()
    client.force_login(staff)
    for url in ("/verwaltung/raffle/raffle/", f"/verwaltung/raffle/raffle/{raffle.pk}/change/",
                "/verwaltung/raffle/winner/", "/verwaltung/raffle/auditentry/"):
        assert client.get(url).status_code == 200, url
    entry = raffle.audit.get()
    assert client.post(f"/verwaltung/raffle/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/verwaltung/raffle/raffle/add/").status_code == 403
