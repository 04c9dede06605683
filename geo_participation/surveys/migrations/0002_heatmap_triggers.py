"""Heatmap counts of the survey's map answers, kept by the database (maps.planning.heatmap): triggers on the marks.

The source is written out here as it was declared when this migration was made (surveys/layers.py): a later
change to the declaration needs a migration of its own that installs it again.
"""

from django.db import migrations

from maps.geo.layers import HeatSource
from maps.planning.heatmap import install_sql, recount_sql, uninstall_sql

SOURCE = HeatSource(id=3, table="surveys_mark", scope="{r}.module_id", facet="{r}.question_id", status="'approved'")


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0002_heatmap_triggers"),
        ("surveys", "0001_survey_questions_responses_answers_marks"),
    ]

    operations = [
        migrations.RunSQL(
            install_sql(SOURCE) + "INSERT INTO planning_heatcell (source, scope, size, status, facet, i, j, count, weight) "
            f"SELECT * FROM ({recount_sql(SOURCE)}) AS r;",
            uninstall_sql(SOURCE) + f"DELETE FROM planning_heatcell WHERE source = {SOURCE.id};"),
    ]
