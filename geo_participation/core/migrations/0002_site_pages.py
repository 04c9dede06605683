from django.db import migrations


def create_pages(apps, schema_editor):
    from geo_participation.core.page_texts import PAGES

    SitePage = apps.get_model("core", "SitePage")
    for slug, texts in PAGES.items():
        SitePage.objects.get_or_create(slug=slug, defaults=texts)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
