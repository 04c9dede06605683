import pytest
from django.utils import timezone

from geo_participation.polls.models import Poll
from geo_participation.polls.selectors import online_counts
from geo_participation.polls.services import ballot_cast
from geo_participation.projects.models import Module
from tests.factories.polls import make_box, make_poll, option_ids

pytestmark = pytest.mark.django_db


def page(poll):
    return poll.module.get_absolute_url()


def test_the_poll_page_shows_the_options_the_form_and_where_to_vote_on_paper(client, resident):
    poll = make_poll(realised_count=2)
    make_box(polls=[poll], name="Stadtbibliothek", location_hint="Im Foyer", opening_hours="Mo–Fr 10–18 Uhr")
    client.force_login(resident)

    html = client.get(page(poll)).content.decode()

    assert 'type="radio"' in html and "Roundnet" in html and ">Abstimmen</button>" in html
    assert "Die 2 Optionen mit den meisten Stimmen werden umgesetzt." in html
    assert "Wo du auf Papier abstimmen kannst" in html and "Im Foyer" in html and "Mo–Fr 10–18 Uhr" in html
    assert 'id="box-map"' in html and "leaflet.js" in html


def test_an_ended_poll_no_longer_explains_how_to_vote(client):
    """"Du kannst deine Stimme ändern, bis die Abstimmung endet" stood on the Stadt.Raum.Wir. poll, ended in 2022."""
    poll = make_poll(state="closed", realised_count=3)
    make_box(polls=[poll], name="Stadtbibliothek")
    html = client.get(page(poll)).content.decode()
    assert "bis die Abstimmung endet" not in html and "bitte stimme nur einmal ab" not in html
    assert "Die 3 Optionen mit den meisten Stimmen werden umgesetzt." in html
    assert "bis die Abstimmung endet" in client.get(page(make_poll())).content.decode()


def test_a_resident_votes_through_the_form_and_is_told_so(client, resident):
    poll = make_poll()
    client.force_login(resident)

    response = client.post(page(poll), {"options": option_ids(poll)[1]}, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Deine Stimme wurde gezählt" in html and 'role="status"' in html
    assert "Du hast am" in html and "Stimme ändern" in html  # the poll allows changes: the form stays
    assert online_counts(poll=poll) == {option_ids(poll)[1]: 1}


def test_the_form_explains_what_is_wrong_and_counts_nothing(client, resident):
    poll = make_poll(kind=Poll.Kind.MULTIPLE, max_choices=2)
    client.force_login(resident)

    response = client.post(page(poll), {"options": option_ids(poll)})

    assert response.status_code == 400
    assert "Bitte wähle höchstens 2 Optionen." in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    response = client.post(page(poll), {})
    assert response.status_code == 400 and "Bitte wähle eine Option." in response.content.decode()
    assert online_counts(poll=poll) == {}


def test_voting_in_a_closed_poll_through_the_form_is_refused(client, resident):
    poll = make_poll(state="closed")
    client.force_login(resident)
    assert "keine Stimmen mehr angenommen" in client.get(page(poll)).content.decode()
    response = client.post(page(poll), {"options": option_ids(poll)[0]})
    assert response.status_code == 403
    assert "Dieses Format ist beendet: Mitmachen ist nicht mehr möglich." in response.content.decode()
    assert online_counts(poll=poll) == {}


def test_visitors_are_sent_to_log_in_and_unconfirmed_accounts_are_refused(client, unconfirmed):
    poll = make_poll()
    assert "melde dich an" in client.get(page(poll)).content.decode()
    response = client.post(page(poll), {"options": option_ids(poll)[0]})
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    client.force_login(unconfirmed)
    assert client.post(page(poll), {"options": option_ids(poll)[0]}).status_code == 403
    assert online_counts(poll=poll) == {}


def test_the_result_shows_both_channels_a_chart_and_the_csv_link(client, resident):
    poll = make_poll(results_visibility=Poll.ResultsVisibility.LIVE)
    ballot_cast(poll=poll, voter=resident, option_ids=option_ids(poll)[:1])

    html = client.get(page(poll)).content.decode()

    assert "Zwischenstand" in html and "1 Stimme insgesamt: 1 online und 0 per Postkarte." in html
    assert 'id="result-chart"' in html and "vendor/chart.js-4.6.1/chart.umd.min.js" in html
    assert 'id="result-chart-data"' in html
    assert "ergebnis.csv" in html
    assert resident.username not in html


def test_a_result_waiting_for_publication_is_not_shown(client, resident):
    poll = make_poll(results_visibility=Poll.ResultsVisibility.PUBLISHED, state="closed")
    html = client.get(page(poll)).content.decode()
    assert "result-chart" not in html and "Das Ergebnis wird hier veröffentlicht" in html
    assert client.get(f"{page(poll)}ergebnis.csv").status_code == 404
    Module.objects.filter(pk=poll.pk).update(results_published_at=timezone.now())
    response = client.get(f"{page(poll)}ergebnis.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]


def test_staff_publish_the_final_result_from_the_poll_page(client, staff, resident):
    poll = make_poll(results_visibility=Poll.ResultsVisibility.PUBLISHED, state="closed")
    client.force_login(resident)
    assert client.post(f"{page(poll)}ergebnis-veroeffentlichen/").status_code == 403
    client.force_login(staff)
    assert "Endergebnis veröffentlichen" in client.get(page(poll)).content.decode()

    response = client.post(f"{page(poll)}ergebnis-veroeffentlichen/", follow=True)

    assert "Das Ergebnis ist veröffentlicht" in response.content.decode()
    poll.module.refresh_from_db()
    assert poll.module.results_published


def test_a_poll_without_settings_says_it_is_being_prepared(client):
    from tests.factories import make_module

    module = make_module(format_key="polls")
    assert "wird gerade vorbereitet" in client.get(module.get_absolute_url()).content.decode()


def test_a_poll_of_another_type_is_not_found_under_the_poll_address(client):
    from tests.factories import make_module

    module = make_module(format_key="mapping")
    assert client.get(f"/abstimmung/{module.slug}/").status_code == 404


def test_the_poll_page_needs_the_same_few_queries_however_many_boxes(client, staff, django_assert_max_num_queries):
    from geo_participation.accounts import roles
    from geo_participation.polls.services import tally_confirm, tally_create
    from tests.factories import make_user

    poll = make_poll()
    colleague = make_user(role=roles.STAFF)
    for _ in range(9):
        tally = tally_create(poll=poll, box=make_box(polls=[poll]), emptied_on=timezone.localdate(),
                             counts=dict.fromkeys(option_ids(poll), 1), invalid_count=0, entered_by=staff)
        tally_confirm(tally=tally, confirmed_by=colleague)
    with django_assert_max_num_queries(12):
        assert client.get(page(poll)).status_code == 200
