import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from geo_participation.accounts.models import User
from tests.factories import PASSWORD as FACTORY_PASSWORD

from .helpers import PASSWORD, confirmation_link, link_in, signup

pytestmark = pytest.mark.django_db


def login(client, login, password):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def test_confirming_the_link_from_the_mail_makes_a_confirmed_resident_who_can_log_in(client, mailoutbox):
    signup(client)
    link = confirmation_link(mailoutbox[0])

    page = client.get(link)  # a page with a button: mail scanners that open links confirm nothing
    assert page.status_code == 200
    assert "Ist <strong>lena@example.org</strong> deine E-Mail-Adresse für das Konto <strong>lena</strong>?" in page.content.decode()
    assert User.objects.get(username="lena").email_confirmed_at is None

    response = client.post(link)
    assert response.status_code == 302
    user = User.objects.get(username="lena")
    assert user.email_confirmed_at is not None
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = login(client, "lena", PASSWORD)
    assert response.status_code == 302
    profile = client.get(reverse("profile"))
    assert profile.status_code == 200
    assert "lena@example.org" in profile.content.decode()


def test_logging_in_before_confirming_says_what_to_do_and_sends_a_new_link(client, mailoutbox):
    signup(client)
    client.logout()
    client.cookies.clear()  # a new visit, e.g. the next day on another device
    mailoutbox.clear()

    response = login(client, "lena", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session  # not logged in until the address is confirmed
    page = client.get(response["Location"]).content.decode()
    assert "Bitte bestätige zuerst deine E-Mail-Adresse" in page
    assert "<strong>lena@example.org</strong>" in page
    assert len(mailoutbox) == 1  # logging in sent a fresh link

    response = client.post(reverse("account_email_verification_sent"))
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    assert "Wir haben dir einen neuen Bestätigungslink geschickt." in client.get(response["Location"]).content.decode()
    client.post(confirmation_link(mailoutbox[-1]))
    assert User.objects.get(username="lena").email_confirmed_at is not None


def test_asking_for_the_link_again_too_soon_is_refused_politely(client, mailoutbox, settings):
    settings.ACCOUNT_RATE_LIMITS = {"confirm_email": "1/3m/key"}
    signup(client)
    response = client.post(reverse("account_email_verification_sent"))
    assert len(mailoutbox) == 1
    assert "Wir haben dir gerade erst einen Link geschickt" in client.get(response["Location"]).content.decode()


def test_an_expired_or_wrong_confirmation_link_tells_how_to_get_a_new_one(client):
    page = client.get("/konto/confirm-email/gibt-es-nicht/").content.decode()
    assert "Dieser Bestätigungslink ist abgelaufen oder ungültig." in page


@pytest.mark.parametrize("login_name", ["resi", "RESI", "resi@example.org", "Resi@Example.org"])
def test_residents_log_in_with_username_or_address_in_any_case(client, resident, login_name):
    response = login(client, login_name, FACTORY_PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == resident.pk


@pytest.mark.parametrize("login_name, message", [
    ("resi", "Benutzername oder Passwort stimmen nicht."),
    ("resi@example.org", "E-Mail-Adresse oder Passwort stimmen nicht."),
])
def test_a_wrong_password_gets_a_german_message_and_a_400(client, resident, login_name, message):
    response = login(client, login_name, "falsch-falsch-falsch")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_login_page_links_to_sign_up_and_password_reset(client):
    html = client.get(reverse("account_login")).content.decode()
    assert reverse("account_signup") in html
    assert reverse("account_reset_password") in html
    assert 'autocomplete="current-password"' in html and "placeholder=" not in html


def test_logging_out(client, resident):
    client.force_login(resident)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_from_the_mail_link_to_logging_in_with_the_new_password(client, resident, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "RESI@example.org"})
    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.subject == "Neues Passwort für Kaiserslautern MitWirkung wählen"
    assert "Dein Benutzername ist resi." in mail.body

    link = link_in(mail, "/konto/password/reset/key/")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    new_password = "Neues-Passwort-vom-Betzenberg"
    weak = client.post(action, {"password1": "1234567890", "password2": "1234567890"})
    assert weak.status_code == 400
    response = client.post(action, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert login(client, "resi", new_password).status_code == 302
    assert "Dein Passwort wurde zurückgesetzt" in mailoutbox[-1].subject


def test_password_reset_does_not_reveal_whether_an_address_is_registered(client, resident, mailoutbox):
    known = client.post(reverse("account_reset_password"), {"email": "resi@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m.to for m in mailoutbox] == [["resi@example.org"], ["niemand@example.org"]]
    assert "Mit dieser Adresse gibt es kein Konto." in mailoutbox[1].body


def test_password_reset_with_an_invalid_address_is_a_form_error(client):
    response = client.post(reverse("account_reset_password"), {"email": "kaputt"})
    assert response.status_code == 400
    assert "email" in response.context["form"].errors


def test_changing_the_password_needs_the_current_one(client, resident, mailoutbox):
    client.force_login(resident)
    response = client.post(reverse("account_change_password"), {
        "oldpassword": "falsch", "password1": "Ein-neues-Passwort-42", "password2": "Ein-neues-Passwort-42"})
    assert response.status_code == 400
    assert "Bitte gib dein aktuelles Passwort ein." in response.content.decode()
    response = client.post(reverse("account_change_password"), {
        "oldpassword": FACTORY_PASSWORD, "password1": "Ein-neues-Passwort-42", "password2": "Ein-neues-Passwort-42"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password("Ein-neues-Passwort-42")
    notice = mailoutbox[-1]  # in case it was not them
    assert notice.subject == "Dein Passwort wurde geändert"
    assert notice.body.startswith("Hallo resi,")
    assert "Wenn du das nicht warst, ändere sofort dein Passwort" in notice.body


@pytest.mark.parametrize("path", ["account_login", "account_signup", "account_reset_password"])
def test_the_account_pages_speak_german_with_du(client, path):
    html = client.get(reverse(path)).content.decode()
    assert '<html lang="de">' in html
    for formal in [" Sie ", " Ihr ", " Ihre ", " Ihren "]:
        assert formal not in html


def test_asking_for_a_new_link_without_a_pending_login_leads_to_logging_in(client, mailoutbox):
    response = client.post(reverse("account_email_verification_sent"))
    assert response["Location"] == reverse("account_login")
    assert mailoutbox == []


@pytest.mark.parametrize("path", ["account_login", "account_signup", "account_reset_password", "account_email_verification_sent"])
def test_the_account_pages_are_english_after_the_switch(client, path):
    client.post(reverse("set-language"), {"language": "en", "next": "/"})
    response = client.get(reverse(path))
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert '<html lang="en">' in html
    for german in ["Anmelden", "Registrieren", "Passwort", "E-Mail-Adresse"]:
        assert german not in html, german
