import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from geo_participation.accounts import roles
from geo_participation.accounts.models import User

from .helpers import confirmation_link, signup

pytestmark = pytest.mark.django_db


def test_a_visitor_signs_up_and_gets_a_confirmation_link_written_with_du(client, mailoutbox):
    response = signup(client, newsletter="on")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(username="lena")
    assert (user.first_name, user.last_name, user.email, user.newsletter) == ("Lena", "Lautrer", "lena@example.org", True)
    assert user.language == "de"
    assert user.email_confirmed_at is None
    assert list(user.groups.values_list("name", flat=True)) == [roles.RESIDENT]
    assert EmailAddress.objects.filter(user=user, email="lena@example.org", verified=False, primary=True).exists()

    [mail] = mailoutbox
    assert mail.to == ["lena@example.org"]
    assert mail.subject == "Bitte bestätige deine E-Mail-Adresse für Kaiserslautern MitWirkung"
    assert "Hallo lena," in mail.body
    assert "Bitte bestätige deine E-Mail-Adresse mit diesem Link:" in mail.body
    assert " Sie " not in mail.body and "Ihre" not in mail.body
    assert confirmation_link(mail).startswith("/konto/confirm-email/")


def test_the_page_after_sign_up_says_where_the_link_went_and_what_to_do(client):
    response = signup(client)
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "Fast geschafft: Bitte bestätige deine E-Mail-Adresse" in text
    assert "<strong>lena@example.org</strong>" in text
    assert "Link noch einmal schicken" in text


def test_sign_up_in_english_writes_the_mail_in_english_and_keeps_the_language(client, mailoutbox):
    client.post(reverse("set-language"), {"language": "en", "next": "/"})
    signup(client)
    assert User.objects.get(username="lena").language == "en"
    assert mailoutbox[0].subject == "Please confirm your e-mail address for Kaiserslautern MitWirkung"


def test_the_form_uses_labels_and_autocomplete_not_placeholders(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert "placeholder=" not in html
    for field, autocomplete in [("username", "username"), ("first_name", "given-name"), ("last_name", "family-name"),
                                ("email", "email"), ("password1", "new-password"), ("password2", "new-password")]:
        assert f'<label for="id_{field}">' in html
        assert f'autocomplete="{autocomplete}"' in html
    assert 'aria-describedby="id_username_helptext"' in html


# --- bad input: a clear message on the field, in German, 400, nothing saved and no mail sent
BAD_INPUT = [
    pytest.param({"username": "RESI"}, "username", "Dieser Benutzername ist schon vergeben", id="username-taken-other-case"),
    pytest.param({"email": "Resi@Example.ORG"}, "email", "Mit dieser E-Mail-Adresse ist schon jemand registriert",
                 id="email-taken-other-case"),
    pytest.param({"email": "lena-at-example.org"}, "email", "gültige E-Mail", id="email-invalid"),
    pytest.param({"password1": "kurz-42", "password2": "kurz-42"}, "password1", "Dieses Passwort ist zu kurz", id="password-short"),
    pytest.param({"password1": "qwertyuiop", "password2": "qwertyuiop"}, "password1", "Dieses Passwort ist zu üblich",
                 id="password-common"),
    pytest.param({"password1": "4711081547", "password2": "4711081547"}, "password1", "komplett numerisch", id="password-numeric"),
    pytest.param({"password2": "etwas-ganz-anderes"}, "password2", "Bitte gib zweimal dasselbe Passwort ein",
                 id="passwords-differ"),
    pytest.param({"username": "lena@example.org"}, "username", "kein @", id="username-with-at"),
    pytest.param({"username": "Verwaltung"}, "username", "Dieser Benutzername ist reserviert", id="username-reserved"),
    pytest.param({"username": "ab"}, "username", "mindestens 3 Zeichen", id="username-short"),
    pytest.param({"privacy": ""}, "privacy", "Bitte bestätige, dass du die Datenschutzerklärung gelesen hast",
                 id="privacy-not-confirmed"),
    pytest.param({"first_name": ""}, "first_name", "Dieses Feld ist zwingend erforderlich", id="first-name-missing"),
]


@pytest.mark.parametrize("overrides, field, message", BAD_INPUT)
def test_bad_sign_up_input_gets_a_german_message_on_the_field_and_saves_nothing(client, mailoutbox, resident,
                                                                                overrides, field, message):
    users_before = User.objects.count()
    response = signup(client, **overrides)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(message in error for error in errors[field]), errors[field]
    html = response.content.decode()
    assert "Bitte prüfe deine Angaben" in html and f'href="#id_{field}"' in html
    assert "<title>Fehler: Registrieren" in html
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error"', html) and f'id="id_{field}_error"' in html
    assert User.objects.count() == users_before
    assert EmailAddress.objects.count() == users_before
    assert mailoutbox == []


def test_an_unknown_invitation_code_does_not_stop_the_sign_up_and_the_page_says_it_was_ignored(client, resident):
    client.get("/?ref=gibtsnicht")
    response = client.get(reverse("account_signup"))
    assert response.context["form"].initial["referral_code"] == "gibtsnicht"
    response = signup(client, referral_code="gibtsnicht")
    assert response.status_code == 302
    assert User.objects.get(username="lena").referred_by is None
    page = client.get(response["Location"]).content.decode()
    assert "Den Einladungscode „gibtsnicht“ kennen wir nicht" in page
    assert "Du bist trotzdem registriert" in page
    assert "referral_code" not in client.session  # used up by the sign-up


def test_a_username_taken_by_a_race_is_a_form_error_not_a_500(client, resident, monkeypatch):
    """The form's check passed, but another sign-up got the name in the meantime: the database stops this one."""
    from allauth.account.internal import userkit

    # As if the other sign-up happened between the check and the insert.
    monkeypatch.setattr(userkit, "filter_users_by_username", lambda *names: User.objects.none())
    response = signup(client, username="Resi", email="anders@example.org")

    assert response.status_code == 400
    assert "Dieser Benutzername ist schon vergeben" in response.context["form"].errors["username"][0]
    assert User.objects.filter(username__iexact="resi").count() == 1
    assert not EmailAddress.objects.filter(email="anders@example.org").exists()
