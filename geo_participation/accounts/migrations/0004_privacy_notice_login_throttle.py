"""The privacy notice says what the login throttle stores (a hash of the address, for a day).

Pages staff have already edited get the paragraph too, before their cookie section (or at the end), unless they
speak of it already; their own wording is left as it is.
"""

from django.db import migrations

SECTIONS = {
    "body_de": "## Schutz vor Passwort-Raten",
    "body_en": "## Protection against password guessing",
}


def add_section(apps, schema_editor):
    from geo_participation.core.page_texts import PAGES

    SitePage = apps.get_model("core", "SitePage")
    page = SitePage.objects.filter(slug="datenschutz").first()
    if page is None:
        return
    for field, heading in SECTIONS.items():
        text = getattr(page, field)
        if not text or heading in text:
            continue
        default = PAGES["datenschutz"][field]
        start = default.index(heading)
        section = default[start:default.index("\n## ", start + 1)].strip()
        cookies = text.find("## Cookies")
        text = f"{text[:cookies]}{section}\n\n{text[cookies:]}" if cookies >= 0 else f"{text.rstrip()}\n\n{section}"
        setattr(page, field, text)
    page.save()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_login_throttle"), ("core", "0002_site_pages")]
    operations = [migrations.RunPython(add_section, migrations.RunPython.noop)]
