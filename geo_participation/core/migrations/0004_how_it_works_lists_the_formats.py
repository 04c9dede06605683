"""“Wie funktioniert's?” lists the formats from the registry: where the page still has the first installation's
hand-written list, the line [Beteiligungsformate] takes its place. A list staff have changed is left alone (the
formats are then listed at the end of the page)."""

from django.db import migrations, models

PLACEHOLDER = "[Beteiligungsformate]"
# The lists of 0002_site_pages, as they were written into the page then.
OLD_DE = '## 3. Mitmachen\n- Karte: Markiere Orte, zum Beispiel Angsträume oder Hitzepunkte, und unterstütze die Beiträge anderer.\n- Abstimmung: Gib deine Stimme ab – online oder mit einer Postkarte in einer der Abstimmungsboxen in der Stadt.\n- Bewertung: Sag deine Meinung zu Straßen, zum Beispiel zu Fahrradstraßen – gut, okay oder schlecht.\n- Ideen: Sammle Ideen für ein Projekt, auch ohne einen Ort auf der Karte.\n'
OLD_EN = '## 3. Take part\n- Map: mark places, for example fear spaces or heat spots, and support what others marked.\n- Poll: cast your vote – online or on a postcard in one of the ballot boxes in the city.\n- Rating: give your opinion on streets, for example bike streets – good, okay or bad.\n- Ideas: collect ideas for a project, also without a place on the map.\n'


def lists_to_placeholder(apps, schema_editor):
    SitePage = apps.get_model("core", "SitePage")
    for page in SitePage.objects.filter(slug="so-funktionierts"):
        page.body_de = page.body_de.replace(OLD_DE, OLD_DE.split("\n")[0] + "\n" + PLACEHOLDER + "\n")
        page.body_en = page.body_en.replace(OLD_EN, OLD_EN.split("\n")[0] + "\n" + PLACEHOLDER + "\n")
        page.save(update_fields=["body_de", "body_en"])


def placeholder_to_lists(apps, schema_editor):
    SitePage = apps.get_model("core", "SitePage")
    for page in SitePage.objects.filter(slug="so-funktionierts"):
        page.body_de = page.body_de.replace(OLD_DE.split("\n")[0] + "\n" + PLACEHOLDER + "\n", OLD_DE)
        page.body_en = page.body_en.replace(OLD_EN.split("\n")[0] + "\n" + PLACEHOLDER + "\n", OLD_EN)
        page.save(update_fields=["body_de", "body_en"])


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_report'),
    ]

    operations = [
        migrations.AlterField(
            model_name='sitepage',
            name='body_de',
            field=models.TextField(help_text='Blank line = new paragraph, “## ” at the start of a line = heading, “- ” = list item. Links are recognised automatically. On “How does it work?”, the line [Beteiligungsformate] stands for the list of participation formats with their descriptions.', verbose_name='Text (German)'),
        ),
        migrations.RunPython(lists_to_placeholder, placeholder_to_lists),
    ]
