import pytest
from django.urls import reverse

from geo_participation.accounts.models import User
from geo_participation.accounts.selectors import referral_count
from tests.factories import make_user

from .helpers import confirmation_link, signup

pytestmark = pytest.mark.django_db


def test_an_invitation_link_on_any_page_fills_in_the_code_and_records_who_invited_whom(client, resident, mailoutbox):
    client.get(f"/projekte/?ref={resident.referral_code}")  # the link may point anywhere on the site
    form = client.get(reverse("account_signup")).context["form"]
    assert form.initial["referral_code"] == resident.referral_code

    signup(client, referral_code=resident.referral_code)
    assert User.objects.get(username="lena").referred_by == resident


def test_the_invitation_counts_once_the_friend_confirmed_the_address(client, resident, mailoutbox):
    signup(client, referral_code=resident.referral_code)
    assert referral_count(user=resident) == 0
    client.post(confirmation_link(mailoutbox[0]))
    assert referral_count(user=resident) == 1


def test_the_profile_shows_the_personal_link_and_how_many_confirmed_friends_joined(client, resident):
    make_user(referred_by=resident)
    make_user(referred_by=resident)
    make_user(referred_by=resident, confirmed=False)
    client.force_login(resident)
    html = client.get(reverse("profile")).content.decode()
    assert f"http://testserver/konto/signup/?ref={resident.referral_code}" in html
    assert "2 Personen haben sich über deinen Link registriert und ihre E-Mail-Adresse bestätigt." in html


def test_signing_up_without_a_code_records_nobody(client):
    signup(client)
    assert User.objects.get(username="lena").referred_by is None


def test_a_code_of_a_deactivated_account_is_unknown_and_the_sign_up_goes_on_without_it(client, resident):
    User.objects.filter(pk=resident.pk).update(is_active=False)
    response = signup(client, referral_code=resident.referral_code)
    assert response.status_code == 302
    assert User.objects.get(username="lena").referred_by is None
    page = client.get(response["Location"]).content.decode()
    assert f"Den Einladungscode „{resident.referral_code}“ kennen wir nicht" in page


def test_a_logged_in_resident_opening_their_own_link_is_told_it_counts_nothing_for_them(client, resident):
    client.force_login(resident)
    response = client.get(f"/?ref={resident.referral_code}")
    assert response.status_code == 200
    assert "Das ist dein eigener Einladungslink" in response.content.decode()
    assert "referral_code" not in client.session  # it must not fill in a sign-up from this browser later


def test_a_logged_in_resident_opening_a_friends_link_is_told_it_counts_for_new_accounts_only(client, resident,
                                                                                            other_resident):
    client.force_login(resident)
    html = client.get(f"/projekte/?ref={other_resident.referral_code}").content.decode()
    assert "Du hast schon ein Konto" in html
    assert "referral_code" not in client.session
    resident.refresh_from_db()
    assert resident.referred_by is None


def test_every_account_gets_its_own_code(resident, other_resident):
    assert resident.referral_code and other_resident.referral_code
    assert resident.referral_code != other_resident.referral_code
