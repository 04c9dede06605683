"""A visitor becomes a resident: sign up, confirm from the e-mail, log in. In Debian's Chromium, by mouse and by keyboard."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from geo_participation.accounts.models import User

pytestmark = pytest.mark.browser

PASSWORD = "Pfaelzerwald-und-Betzenberg"


def confirmation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/konto/confirm-email/\S+)", message.body).group(1)


def test_a_visitor_signs_up_confirms_the_address_from_the_mail_and_logs_in(live_server, page, browser, transactional_db):
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Dein Konto").get_by_role("link", name="Registrieren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrieren")

    page.get_by_label("Benutzername").fill("lena")
    page.get_by_label("Vorname").fill("Lena")
    page.get_by_label("Nachname").fill("Lautrer")
    page.get_by_label("E-Mail-Adresse").fill("lena@example.org")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort wiederholen").fill(PASSWORD)
    page.get_by_label("Ich habe die Datenschutzerklärung gelesen.").check()
    page.get_by_role("button", name="Registrieren").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Fast geschafft: Bitte bestätige deine E-Mail-Adresse")
    expect(page.locator("main p strong")).to_have_text("lena@example.org")
    [message] = mail.outbox
    assert message.to == ["lena@example.org"]

    # The mail is opened on another device: a fresh browser context without the sign-up's session.
    phone = browser.new_context(locale="de-DE")
    phone_page = phone.new_page()
    phone_page.goto(live_server.url + confirmation_path(message))
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("E-Mail-Adresse bestätigen")
    phone_page.get_by_role("button", name="Bestätigen").click()
    expect(phone_page.get_by_role("status")).to_contain_text("Deine E-Mail-Adresse lena@example.org ist bestätigt.")
    phone.close()
    assert User.objects.get(username="lena").email_confirmed_at is not None

    page.goto(f"{live_server.url}/konto/login/?next=/profil/")
    page.get_by_label("Benutzername oder E-Mail-Adresse").fill("lena")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    expect(page).to_have_url(f"{live_server.url}/profil/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mein Profil")
    expect(page.get_by_role("status")).to_contain_text("Hallo lena, du bist angemeldet.")
    expect(page.locator("dl.facts")).to_contain_text("lena@example.org")
    expect(page.locator("dl.facts")).to_contain_text("bestätigt")


def test_the_sign_up_form_works_with_the_keyboard_alone(live_server, page, transactional_db):
    page.goto(f"{live_server.url}/konto/signup/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    assert box["y"] >= 0 and box["height"] > 10  # it slides into view when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # From the main content, Tab reaches the form after the link to logging in.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Melde dich an")).to_be_focused()
    page.keyboard.press("Tab")
    username = page.get_by_label("Benutzername")
    expect(username).to_be_focused()
    outline = page.evaluate("(s => [s.outlineStyle, parseFloat(s.outlineWidth)])(getComputedStyle(document.activeElement))")
    assert outline[0] == "solid" and outline[1] >= 2  # a clearly visible focus, not just the browser's hint

    for value in ["tasten", "Tara", "Tastatur", "tara@example.org", PASSWORD, PASSWORD]:
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    expect(page.get_by_label("Einladungscode (freiwillig)")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # skip the newsletter
    expect(page.get_by_label("Ich habe die Datenschutzerklärung gelesen.")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Datenschutzerklärung lesen (öffnet in einem neuen Tab)")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Registrieren")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Fast geschafft: Bitte bestätige deine E-Mail-Adresse")
    assert User.objects.filter(username="tasten", first_name="Tara", newsletter=False).exists()


def test_errors_are_summarised_first_and_lead_to_their_field(live_server, page, transactional_db):
    page.goto(f"{live_server.url}/konto/signup/")
    page.get_by_label("Benutzername").fill("lena@example.org")
    page.get_by_role("button", name="Registrieren").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()  # a screen reader starts reading at the errors
    expect(page).to_have_title(re.compile(r"^Fehler: Registrieren"))
    summary.get_by_role("link", name=re.compile("^Benutzername:")).click()
    expect(page.get_by_label("Benutzername")).to_be_focused()
    expect(page.get_by_label("Benutzername")).to_have_attribute("aria-invalid", "true")
    assert User.objects.count() == 0
