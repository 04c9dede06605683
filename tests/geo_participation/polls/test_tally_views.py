import json
import re

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.test import override_settings
from django.utils import formats, timezone, translation

from geo_participation.accounts import roles
from geo_participation.polls.models import PostcardTally
from geo_participation.polls.services import tally_confirm, tally_create
from tests.factories import make_user
from tests.factories.polls import make_box, make_poll, option_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll():
    return make_poll(title="Dritte Orte")


@pytest.fixture
def box(poll):
    return make_box(polls=[poll], name="Stadtbibliothek")


def log_url(poll):
    return f"/intern/abstimmungen/{poll.module.slug}/"


def form_data(poll, box, *numbers, invalid="0"):
    data = {"box": box.pk, "emptied_on": timezone.localdate().isoformat(), "invalid_count": invalid, "note": ""}
    data.update({f"count_{o}": n for o, n in zip(option_ids(poll), numbers)})
    return data


def test_the_staff_area_is_for_staff_and_planners(client, poll, box, resident, planner, staff):
    assert client.get("/intern/abstimmungen/").status_code == 302  # to the login
    client.force_login(resident)
    assert client.get("/intern/abstimmungen/").status_code == 403
    assert client.get(log_url(poll)).status_code == 403
    client.force_login(planner)
    assert client.get(log_url(poll)).status_code == 200
    assert client.get(f"{log_url(poll)}postkarten/").status_code == 403  # planners look, they do not count
    client.force_login(staff)
    html = client.get("/intern/abstimmungen/").content.decode()
    assert "Dritte Orte" in html and "Postkarten erfassen" in html
    assert "Abstimmungen und Postkarten" in client.get("/").content.decode()  # the way in, in the header


def test_staff_enter_a_tally_through_the_form(client, poll, box, staff):
    client.force_login(staff)
    response = client.post(f"{log_url(poll)}postkarten/", form_data(poll, box, "3", "2", "1"), follow=True)
    html = response.content.decode()
    assert "Eine zweite Person muss den Eintrag bestätigen" in html
    assert "Du hast das erfasst; eine andere Person muss es bestätigen." in html
    assert PostcardTally.objects.get().entered_by == staff


@pytest.mark.parametrize("numbers, invalid, message", [
    (("-1", "2", "1"), "0", "größer oder gleich 0"),
    (("2.5", "2", "1"), "0", "ganze Zahl"),
    (("", "2", "1"), "0", "Dieses Feld ist zwingend erforderlich"),
    (("1", "2", "1"), "-2", "größer oder gleich 0"),
])
def test_the_form_refuses_bad_counts_with_a_message_at_the_field(client, poll, box, staff, numbers, invalid, message):
    client.force_login(staff)
    response = client.post(f"{log_url(poll)}postkarten/", form_data(poll, box, *numbers, invalid=invalid))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PostcardTally.objects.exists()


def error_summary(html):
    """The links of the form's error summary: (target, text) each."""
    summary = re.search(r'<div class="error-summary" id="error-summary"[^>]*>.*?</div>', html, re.S)
    assert summary, "no error summary"
    assert "autofocus" in summary.group(0)  # screen readers start at the errors
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(0))


def test_a_tally_form_with_errors_says_so_in_the_title_and_links_each_error_to_its_field(client, poll, box, staff):
    client.force_login(staff)
    data = form_data(poll, box, "-1", "", "1", invalid="x") | {"box": ""}

    response = client.post(f"{log_url(poll)}postkarten/", data)

    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r"<title>Fehler: Postkarten erfassen: Dritte Orte", html)
    first, second = option_ids(poll)[:2]
    assert [target for target, _text in error_summary(html)] == [
        "id_box", f"id_count_{first}", f"id_count_{second}", "id_invalid_count"]
    assert f'aria-describedby="id_count_{first}_error"' in html  # the field says what is wrong with it, too


def test_a_correction_with_errors_says_so_in_the_title_and_links_each_error_to_its_field(client, poll, box, staff):
    tally = tally_create(poll=poll, box=box, emptied_on=timezone.localdate(), counts=dict.fromkeys(option_ids(poll), 2),
                         invalid_count=1, entered_by=staff)
    client.force_login(staff)
    data = {f"count_{o}": "1" for o in option_ids(poll)} | {"invalid_count": "1", "reason": ""}

    response = client.post(f"{log_url(poll)}postkarten/{tally.pk}/korrigieren/", data)

    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r"<title>Fehler: Eintrag korrigieren", html)
    assert error_summary(html) == [("id_reason", "Grund der Korrektur: Dieses Feld ist zwingend erforderlich.")]


def test_the_form_refuses_the_same_emptying_twice(client, poll, box, staff):
    client.force_login(staff)
    client.post(f"{log_url(poll)}postkarten/", form_data(poll, box, "1", "1", "1"))
    response = client.post(f"{log_url(poll)}postkarten/", form_data(poll, box, "1", "1", "1"))
    assert response.status_code == 400 and "Diese Leerung ist schon erfasst" in response.content.decode()
    assert PostcardTally.objects.count() == 1


def test_the_form_offers_only_boxes_that_collect_the_poll(client, poll, box, staff):
    other = make_box(polls=[make_poll()], name="Anderswo")
    client.force_login(staff)
    html = client.get(f"{log_url(poll)}postkarten/").content.decode()
    assert "Stadtbibliothek" in html and "Anderswo" not in html
    response = client.post(f"{log_url(poll)}postkarten/", form_data(poll, other, "1", "1", "1"))
    assert response.status_code == 400 and not PostcardTally.objects.exists()


def test_a_colleague_confirms_and_the_log_shows_who_did_what(client, poll, box, staff):
    tally = tally_create(poll=poll, box=box, emptied_on=timezone.localdate(), counts=dict.fromkeys(option_ids(poll), 2),
                         invalid_count=1, entered_by=staff)
    client.force_login(staff)
    assert client.post(f"{log_url(poll)}postkarten/{tally.pk}/bestaetigen/").status_code == 403  # not the same person
    colleague = make_user(username="kollege", role=roles.STAFF)
    client.force_login(colleague)

    response = client.post(f"{log_url(poll)}postkarten/{tally.pk}/bestaetigen/", follow=True)

    html = response.content.decode()
    assert "Bestätigt: Die Postkarten" in html
    row = re.search(rf'<tr id="tally-{tally.pk}".*?</tr>', html, re.S).group(0)
    assert "verwaltung" in row and "kollege" in row and "zählt" in row


def pending_card(html, tally):
    return re.search(rf'<li class="card" id="pending-{tally.pk}">.*?</li>', html, re.S).group(0)


def test_a_pending_entry_says_you_entered_it_only_to_whoever_did_and_offers_the_others_to_confirm(
        client, poll, box, staff, planner):
    """A note that reads like a status ("waits for a second person") must not pass for one: it is labelled."""
    tally = tally_create(poll=poll, box=box, emptied_on=timezone.localdate(), counts=dict.fromkeys(option_ids(poll), 2),
                         invalid_count=1, entered_by=staff, note="Wartet auf Bestätigung durch eine zweite Person.")
    confirm_url = f"{log_url(poll)}postkarten/{tally.pk}/bestaetigen/"

    client.force_login(staff)
    own = pending_card(client.get(log_url(poll)).content.decode(), tally)
    assert "Du hast das erfasst" in own and confirm_url not in own

    client.force_login(make_user(username="kollege", role=roles.STAFF))
    others = pending_card(client.get(log_url(poll)).content.decode(), tally)
    assert "Du hast das erfasst" not in others and confirm_url in others
    assert "<strong>Notiz:</strong> Wartet auf Bestätigung" in others

    client.force_login(planner)  # planners look at the log; they neither confirm nor correct
    planners = pending_card(client.get(log_url(poll)).content.decode(), tally)
    assert "Du hast das erfasst" not in planners and confirm_url not in planners and "korrigieren" not in planners
    assert client.post(confirm_url).status_code == 403


@pytest.mark.parametrize("invalid, summary", [
    (1, "1 Stimme: 0 online, 1 per Postkarte. 1 ungültige Postkarte."),
    (2, "1 Stimme: 0 online, 1 per Postkarte. 2 ungültige Postkarten."),
])
def test_the_log_counts_votes_and_invalid_postcards_in_proper_german(client, poll, box, staff, invalid, summary):
    counts = dict.fromkeys(option_ids(poll), 0) | {option_ids(poll)[0]: 1}
    tally = tally_create(poll=poll, box=box, emptied_on=timezone.localdate(), counts=counts, invalid_count=invalid,
                         entered_by=staff)
    tally_confirm(tally=tally, confirmed_by=make_user(username="kollege", role=roles.STAFF))
    client.force_login(staff)

    html = client.get(log_url(poll)).content.decode()

    assert summary in re.sub(r"\s+", " ", html)


def test_the_last_emptying_is_dated_in_the_language_of_the_page(client, box, staff):
    poll = make_poll(title="Dritte Orte", tally_needs_confirmation=False)
    box.polls.add(poll)
    today = timezone.localdate()
    tally_create(poll=poll, box=box, emptied_on=today, counts=dict.fromkeys(option_ids(poll), 1), invalid_count=0,
                 entered_by=staff)
    client.force_login(staff)
    with translation.override("en"):
        english = formats.date_format(today, "DATE_FORMAT")  # "May 6, 2026"
    german = formats.date_format(today, "DATE_FORMAT")  # "6. Mai 2026"

    for url in (poll.module.get_absolute_url(), log_url(poll), "/intern/abstimmungsboxen/karte/"):
        staff.language = "en"
        staff.save(update_fields=["language"])
        html = client.get(url).content.decode()
        assert "Last emptied" in html and english in html and german not in html, url
        staff.language = "de"
        staff.save(update_fields=["language"])
        assert german in client.get(url).content.decode(), url


def test_a_correction_through_the_form_keeps_the_old_entry(client, poll, box, staff):
    tally = tally_create(poll=poll, box=box, emptied_on=timezone.localdate(), counts=dict.fromkeys(option_ids(poll), 2),
                         invalid_count=1, entered_by=staff)
    client.force_login(staff)
    url = f"{log_url(poll)}postkarten/{tally.pk}/korrigieren/"
    assert 'value="2"' in client.get(url).content.decode()  # starts from the numbers being corrected
    data = {f"count_{o}": "1" for o in option_ids(poll)} | {"invalid_count": "1", "reason": ""}
    assert client.post(url, data).status_code == 400

    client.post(url, data | {"reason": "Falsch abgelesen"})

    assert PostcardTally.objects.count() == 2
    assert PostcardTally.objects.get(supersedes=tally).correction_reason == "Falsch abgelesen"


@override_settings(MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png")
def test_the_ballot_box_map_uses_our_own_leaflet_and_no_other_server(client, poll, box, staff):
    make_box(polls=[], name="Alte Box", active_until=timezone.localdate() - timezone.timedelta(days=3),
             active_from=timezone.localdate() - timezone.timedelta(days=30))
    client.force_login(staff)
    page = client.get("/intern/abstimmungsboxen/karte/").content.decode()
    assert re.search(r'<iframe[^>]+title="Karte der Abstimmungsboxen mit ihrem Stand"', page)
    assert "Stadtbibliothek" in page and "Alte Box" in page and "nicht aktiv" in page

    response = client.get("/intern/abstimmungsboxen/karte/dokument/")

    html = response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in html and "$(" not in html  # no jQuery needed
    assert html.count("L.circleMarker(") == 2 and html.count("bindPopup(") == 2
    assert "map-legend" in html and "aktive Box" in html
    assert '<html lang="de">' in html and '"Vergrößern"' in html  # Leaflet's zoom buttons, named in German
    # Besides the configured tile server, only links inside attributions (nothing the browser loads).
    loaded = set(re.findall(r'(?:src|href)=["\'](https?://[^"\']+)', html)) - set(
        re.findall(r'href=\\?["\'](https?://[^"\'\\]+)', settings.MAP_TILE_ATTRIBUTION))
    assert loaded == set()
    assert set(re.findall(r"https?://[a-z.]+", html)) <= {"https://tiles.example.org", "https://www.openstreetmap.org",
                                                          "http://www.w3.org", "https://leafletjs.com"}


def test_boxes_at_the_same_place_share_one_circle_whose_popup_names_both(client, poll, staff):
    """The Stadtarchiv sits in the Rathaus: drawn one on top of the other, the map showed eight of the nine boxes."""
    rathaus = make_box(polls=[poll], name="Rathaus (Foyer)", location=Point(7.7678, 49.4466, srid=4326))
    make_box(polls=[], name="Stadtarchiv", location=Point(7.7678, 49.4466, srid=4326),
             active_from=timezone.localdate() - timezone.timedelta(days=30),
             active_until=timezone.localdate() - timezone.timedelta(days=3))
    make_box(polls=[poll], name="Fruchthalle", location=Point(7.7640, 49.4440, srid=4326))
    client.force_login(staff)

    html = client.get("/intern/abstimmungsboxen/karte/dokument/").content.decode()

    assert html.count("L.circleMarker(") == 2 and html.count("bindPopup(") == 2
    assert "Rathaus (Foyer) · Stadtarchiv" in html  # the tooltip names both, the active one first
    popups = [json.loads(p) for p in re.findall(r"bindPopup\((\"(?:[^\"\\]|\\.)*\")", html)]
    shared = next(p for p in popups if rathaus.name in p)
    assert "Stadtarchiv" in shared and "<hr>" in shared


def test_a_box_name_is_text_on_the_staff_map_never_markup_or_script(client, poll, staff):
    """Staff name the boxes; planners and superusers open the map. folium's tooltip put the name unescaped into a
    JavaScript template literal that Leaflet set as HTML: a name could run script in a superuser's session."""
    name = '<img src=x onerror="alert(1)">`${alert(2)}`</script>'
    make_box(polls=[poll], name=name)
    client.force_login(staff)

    html = client.get("/intern/abstimmungsboxen/karte/dokument/").content.decode()

    assert "<img src=x" not in html and "`<div" not in html  # no markup, no template literal around the name
    tooltips = [json.loads(t) for t in re.findall(r"bindTooltip\(document\.createTextNode\((\"(?:[^\"\\]|\\.)*\")\)", html)]
    assert tooltips == [name]


def test_the_ballot_box_map_is_not_public(client):
    assert client.get("/intern/abstimmungsboxen/karte/dokument/").status_code == 302
