"""Only a confirmed resident takes part; the hint tells everybody else what to do."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from geo_participation.accounts.models import User
from geo_participation.accounts.rules import is_confirmed_resident
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_only_an_active_account_with_a_confirmed_address_takes_part(resident, unconfirmed):
    inactive = make_user(is_active=False)
    assert is_confirmed_resident(AnonymousUser()) is False
    assert is_confirmed_resident(unconfirmed) is False
    assert is_confirmed_resident(inactive) is False
    assert is_confirmed_resident(resident) is True


def test_staff_verifying_an_address_in_the_admin_confirms_the_account(unconfirmed):
    address = EmailAddress.objects.get(user=unconfirmed)
    address.verified = True
    address.save()
    assert User.objects.get(pk=unconfirmed.pk).email_confirmed_at is not None


def hint(user, path="/karte/angstraeume/"):
    request = RequestFactory().get(path)
    request.user = user
    return render_to_string("accounts/_take_part_hint.html", {"user": user, "request": request}).strip()


def test_the_hint_asks_visitors_to_log_in_or_sign_up_and_brings_them_back():
    html = hint(AnonymousUser())
    assert f'href="{reverse("account_login")}?next=/karte/angstraeume/"' in html
    assert f'href="{reverse("account_signup")}?next=/karte/angstraeume/"' in html
    assert "melde dich an" in html


def test_the_hint_asks_an_unconfirmed_account_to_confirm_first(unconfirmed):
    html = hint(unconfirmed)
    assert "Bitte bestätige zuerst deine E-Mail-Adresse" in html
    assert reverse("account_email") in html


def test_a_confirmed_resident_sees_no_hint(resident):
    assert hint(resident) == ""


def test_an_unconfirmed_account_can_ask_for_the_link_again_from_its_addresses(client, unconfirmed, mailoutbox):
    client.force_login(unconfirmed)
    response = client.post(reverse("account_email"), {"email": unconfirmed.email, "action_send": ""})
    assert response.status_code == 302
    assert mailoutbox[0].to == [unconfirmed.email]


def test_a_refused_page_tells_an_unconfirmed_account_to_confirm_first(unconfirmed, resident):
    request = RequestFactory().get("/karte/angstraeume/")
    for user, shown in [(unconfirmed, True), (resident, False)]:
        request.user = user
        html = render_to_string("403.html", {"user": user, "request": request})
        assert ("Bitte bestätige zuerst deine E-Mail-Adresse" in html) is shown
