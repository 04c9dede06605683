"""Invitations and the raffle: a sign-up through a link before the cut-off counts once confirmed; a code that does
not exist, one's own link, or a sign-up after the cut-off are ignored for the raffle with a clear note, and the
sign-up works all the same."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from geo_participation.accounts.models import User
from geo_participation.raffle.selectors import my_tickets
from tests.factories.raffle import make_raffle, person
from tests.geo_participation.accounts.helpers import confirmation_link, signup

pytestmark = pytest.mark.django_db


def notes(client, response) -> str:
    return client.get(response["Location"]).content.decode()


def test_a_friend_signing_up_through_the_link_brings_a_ticket_once_confirmed(client, mailoutbox):
    raffle = make_raffle(title="Verlosung: Mitmachen lohnt sich")
    inviter = person(username="anna_k")
    client.get(f"/?ref={inviter.referral_code}")
    response = signup(client, referral_code=inviter.referral_code)
    page = notes(client, response)
    assert "Du bist über die Einladung von anna_k gekommen" in page
    assert "„Verlosung: Mitmachen lohnt sich“" in page
    assert my_tickets(raffle=raffle, user=inviter).total == 1
    client.post(confirmation_link(mailoutbox[0]))
    assert my_tickets(raffle=raffle, user=inviter).total == 2


def test_a_sign_up_with_a_code_after_the_cut_off_works_and_says_the_invitation_brings_no_ticket(client, mailoutbox):
    raffle = make_raffle(cutoff=timezone.now() - timedelta(days=1), title="Gewinnspiel zum Start")
    inviter = person(confirmed_at=raffle.cutoff - timedelta(days=5), username="ben_s")
    response = signup(client, referral_code=inviter.referral_code)
    assert response.status_code == 302
    assert User.objects.get(username="lena").referred_by == inviter  # recorded for later raffles
    page = notes(client, response)
    assert "Der Stichtag von „Gewinnspiel zum Start“ war" in page
    assert "bringt in dieser Verlosung aber kein Los mehr" in page
    client.post(confirmation_link(mailoutbox[0]))
    assert my_tickets(raffle=raffle, user=inviter).total == 1


def test_an_unknown_code_is_ignored_with_a_note_and_the_sign_up_works(client):
    make_raffle()
    response = signup(client, referral_code="gibtsnicht")
    assert response.status_code == 302
    assert User.objects.get(username="lena").referred_by is None
    assert "Den Einladungscode „gibtsnicht“ kennen wir nicht" in notes(client, response)


def test_a_resident_opening_their_own_link_is_told_and_gets_no_ticket_for_it(client):
    raffle = make_raffle()
    resident = person()
    client.force_login(resident)
    html = client.get(f"{raffle.module.get_absolute_url()}?ref={resident.referral_code}").content.decode()
    assert "Das ist dein eigener Einladungslink" in html
    assert "<strong>1 Los: 1 für dein Konto</strong>" in html
    resident.refresh_from_db()
    assert resident.referred_by is None


def test_no_note_about_a_raffle_when_there_is_none(client):
    inviter = person()
    response = signup(client, referral_code=inviter.referral_code)
    main = notes(client, response).split('<main id="main"')[1]
    assert "Einladung von" not in main and "Stichtag" not in main
    assert User.objects.get(username="lena").referred_by == inviter
    assert reverse("account_email_verification_sent") == response["Location"]
