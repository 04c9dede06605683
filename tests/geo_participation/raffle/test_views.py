"""The raffle's pages: who sees what before and after the draw, a resident's tickets in words, the choice of name,
the published files, the staff page (only staff), and the list of raffles."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from geo_participation.accounts import roles
from geo_participation.accounts.models import User
from geo_participation.raffle import algorithm
from geo_participation.raffle.models import AuditEntry, Participant, Winner
from geo_participation.raffle.services import raffle_draw
from tests.factories import make_user
from tests.factories.raffle import make_raffle, person

pytestmark = pytest.mark.django_db


def page(client, raffle, *, user=None) -> str:
    if user:
        client.force_login(user)
    response = client.get(raffle.module.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def drawn_raffle(**kwargs):
    raffle = make_raffle(cutoff=timezone.now() - timedelta(hours=2), **kwargs)
    before = raffle.cutoff - timedelta(days=1)
    people = [person(confirmed_at=before, first_name="Janine", last_name="Amster") for _ in range(6)]
    raffle_draw(raffle=raffle, by=None, notify=False)
    raffle.refresh_from_db()
    return raffle, people


def test_before_the_draw_everyone_sees_the_commitment_and_how_it_works_but_no_seed_and_no_files(client):
    raffle = make_raffle()
    html = page(client, raffle)
    assert raffle.commitment in html and raffle.seed not in html
    assert "geheim bis zur Ziehung" in html and "Wer teilnimmt" in html and "Wie die Ziehung funktioniert" in html
    assert "Teilnahme ab 16." in html  # the rules text
    assert "Registriere dich und bestätige deine E-Mail-Adresse bis " in html
    for name in ("tickets-csv", "draw-json"):
        assert client.get(reverse(f"raffle:{name}", args=[raffle.module.slug])).status_code == 404
    assert client.get(reverse("raffle-site:verification-program")).content == open(algorithm.__file__, "rb").read()


def test_a_resident_sees_their_tickets_and_why_in_german_and_english(client):
    raffle = make_raffle()
    resident = person()
    for friend in (person(referred_by=resident), person(referred_by=resident)):
        assert friend.referred_by == resident
    waiting = person(referred_by=resident, confirmed_at=None, username="noch_nicht")
    html = page(client, raffle, user=resident)
    assert "3 Lose: 1 für dein Konto, 2 für Freundinnen und Freunde, die du eingeladen hast" in html
    assert "noch_nicht" in html and "noch kein Los: hat die E-Mail-Adresse noch nicht bestätigt" in html
    assert f"?ref={resident.referral_code}" in html

    User.objects.filter(pk=waiting.pk).update(email_confirmed_at=timezone.now())
    User.objects.filter(referred_by=resident).exclude(pk=waiting.pk).delete()
    assert "2 Lose: 1 für dein Konto, 1 für eine Person, die du eingeladen hast" in page(client, raffle)
    User.objects.filter(pk=resident.pk).update(language="en")
    html = page(client, raffle)
    assert "2 tickets: 1 for your account, 1 for a friend you invited" in html


def test_one_ticket_alone_and_no_ticket_with_the_reason(client):
    raffle = make_raffle()
    assert "<strong>1 Los: 1 für dein Konto</strong>" in page(client, raffle, user=person())
    html = page(client, raffle, user=make_user(role=roles.MODERATOR))
    assert "<strong>0 Lose</strong>" in html and "Als Teil des Teams" in html
    unconfirmed = person(confirmed_at=None)
    html = page(client, raffle, user=unconfirmed)
    assert "Bestätige deine E-Mail-Adresse bis " in html


def test_after_the_draw_the_page_names_the_winners_with_the_verification_data_and_files(client):
    raffle, people = drawn_raffle(prizes=(("Tablet", 1), ("Lautsprecher", 1)), reserves=2)
    first, second, reserve, _other = Winner.objects.filter(raffle=raffle).order_by("draw")
    Participant.objects.filter(pk=second.participant_id).update(public_name=Participant.PublicName.INITIALS)
    html = page(client, raffle)
    assert raffle.seed in html and raffle.commitment in html and raffle.tickets_sha256 in html
    assert first.participant.user.username in html and "J. A." in html
    assert second.participant.user.username not in html  # initials, as chosen
    assert reserve.participant.pseudonym in html and reserve.participant.user.username not in html  # not moved up
    csv_response = client.get(reverse("raffle:tickets-csv", args=[raffle.module.slug]))
    draw_response = client.get(reverse("raffle:draw-json", args=[raffle.module.slug]))
    assert csv_response.content == raffle.tickets_csv.encode() and csv_response["Content-Type"].startswith("text/csv")
    assert f'filename="lose-{raffle.module.slug}.csv"' in csv_response["Content-Disposition"]
    assert algorithm.verify(json.loads(draw_response.content), csv_response.content) == []
    # no personal data in the published files: pseudonyms, prizes and hashes only
    for user in people:
        for text in (csv_response.content.decode(), draw_response.content.decode()):
            assert user.username not in text and user.email not in text and "Amster" not in text


def test_the_resident_finds_their_pseudonym_and_ticket_numbers_after_the_freeze(client):
    raffle, people = drawn_raffle()
    participant = Participant.objects.get(raffle=raffle, user=people[0])
    html = page(client, raffle, user=people[0])
    assert f"In der veröffentlichten Losliste bist du <strong>{participant.pseudonym}</strong>" in html


def test_a_confirmed_resident_chooses_initials_also_after_the_draw_others_may_not(client):
    raffle, people = drawn_raffle()
    client.force_login(people[0])
    response = client.post(raffle.module.get_absolute_url(), {"public_name": "initials"})
    assert response.status_code == 302
    assert Participant.objects.get(raffle=raffle, user=people[0]).public_name == "initials"
    response = client.post(raffle.module.get_absolute_url(), {"public_name": "spitzname"})
    assert response.status_code == 400
    assert "Bitte prüfe deine Angaben" in response.content.decode()
    client.force_login(person(confirmed_at=None))
    assert client.post(raffle.module.get_absolute_url(), {"public_name": "initials"}).status_code == 403
    client.logout()
    assert client.post(raffle.module.get_absolute_url(), {"public_name": "initials"}).status_code == 302  # login
    assert Participant.objects.filter(raffle=raffle).exclude(user__in=people).count() == 0


@pytest.mark.parametrize("role, status", [(None, 302), (roles.RESIDENT, 403), (roles.MODERATOR, 403),
                                          (roles.PLANNER, 403), (roles.STAFF, 200)])
def test_only_staff_open_the_staff_page(client, role, status):
    raffle = make_raffle()
    if role:
        client.force_login(make_user(role=role if role != roles.RESIDENT else None))
    assert client.get(reverse("raffle:staff", args=[raffle.module.slug])).status_code == status
    assert client.post(reverse("raffle:staff", args=[raffle.module.slug])).status_code in {status, 400}
    assert raffle.winners.count() == 0


def test_staff_draw_from_the_staff_page_and_a_refusal_says_why_with_400(client):
    staff = make_user(role=roles.STAFF)
    client.force_login(staff)
    early = make_raffle()
    person()
    response = client.post(reverse("raffle:staff", args=[early.module.slug]))
    assert response.status_code == 400
    assert "Der Stichtag" in response.content.decode() and "noch nicht vorbei" in response.content.decode()

    raffle = make_raffle(cutoff=timezone.now() - timedelta(minutes=5))
    User.objects.update(email_confirmed_at=raffle.cutoff - timedelta(days=1))
    html = client.get(reverse("raffle:staff", args=[raffle.module.slug])).content.decode()
    assert "Jetzt die Gewinnerinnen und Gewinner ziehen" in html and "Der gespeicherte Seed passt zur Festlegung." in html
    response = client.post(reverse("raffle:staff", args=[raffle.module.slug]))
    assert response.status_code == 302
    raffle.refresh_from_db()
    assert raffle.drawn_by == staff and raffle.winners.exists()
    again = client.post(reverse("raffle:staff", args=[raffle.module.slug]))
    assert again.status_code == 400 and "nur einmal gezogen" in again.content.decode()


def test_staff_record_a_handover_and_an_unclaimed_prize_on_the_staff_page(client):
    raffle, _people = drawn_raffle(prizes=(("Tablet", 1), ("Lautsprecher", 1)), reserves=1)
    client.force_login(make_user(role=roles.STAFF))
    url = reverse("raffle:winner-action", args=[raffle.module.slug, 1, "uebergeben"])
    assert client.post(url).status_code == 302
    assert Winner.objects.get(raffle=raffle, draw=1).handed_over_at is not None
    client.post(reverse("raffle:winner-action", args=[raffle.module.slug, 2, "nicht-abgeholt"]))
    assert Winner.objects.get(raffle=raffle, draw=3).prize.name == "Lautsprecher"
    html = client.get(reverse("raffle:staff", args=[raffle.module.slug])).content.decode()
    assert "nachgerückt" in html and "Preis übergeben" in html
    assert client.post(reverse("raffle:winner-action", args=[raffle.module.slug, 9, "uebergeben"])).status_code == 404
    client.force_login(person())
    assert client.post(url).status_code == 403
    assert raffle.audit.filter(action=AuditEntry.Action.HANDED_OVER).count() == 1


def test_the_list_of_raffles_shows_public_ones_and_the_staff_link_to_staff(client):
    public = make_raffle(title="Verlosung zum Stadtfest")
    draft = make_raffle(title="Geheime Vorbereitung", is_draft=True)
    html = client.get(reverse("raffle-site:raffle-list")).content.decode()
    assert public.module.title in html and draft.module.title not in html
    assert reverse("raffle:staff", args=[public.module.slug]) not in html
    client.force_login(make_user(role=roles.STAFF))
    html = client.get(reverse("raffle-site:raffle-list")).content.decode()
    assert reverse("raffle:staff", args=[public.module.slug]) in html and draft.module.title in html
    assert 'href="/verlosungen/"' in client.get("/").content.decode()  # in the main navigation
