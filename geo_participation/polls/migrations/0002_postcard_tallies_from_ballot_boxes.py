"""Postcard tallies and the boxes a poll collects from move here from the ballot-box register (ballot_boxes 0002).

The rows stay where they are: the models are taken over as they stand in the database (state only), then their
tables, the link table, an index and the constraints get the names of this app. Content types (and with them the
permissions given to roles and the admin's log) are moved along, so nothing is created anew.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ["postcardtally", "postcardcount"]


def content_types_to(app_label: str, from_label: str):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.using(schema_editor.connection.alias).filter(
            app_label=from_label, model__in=MODELS).update(app_label=app_label)
    return move


class Migration(migrations.Migration):

    dependencies = [
        ("polls", "0001_initial"),
        ("ballot_boxes", "0002_tallies_and_poll_link_move_to_polls"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # 1. The models as they are in the database, under their old table and constraint names.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PostcardTally",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("emptied_on", models.DateField(verbose_name="Emptied on")),
                        ("invalid_count", models.PositiveIntegerField(verbose_name="Invalid postcards")),
                        ("note", models.CharField(blank=True, max_length=500, verbose_name="Note")),
                        ("correction_reason", models.TextField(blank=True, max_length=1000, verbose_name="Reason for the correction")),
                        ("entered_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="Entered at")),
                        ("needs_confirmation", models.BooleanField(verbose_name="Needs a second person's confirmation")),
                        ("confirmed_at", models.DateTimeField(blank=True, null=True, verbose_name="Confirmed at")),
                        ("box", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="tallies", to="ballot_boxes.ballotbox", verbose_name="Ballot box")),
                        ("confirmed_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="Confirmed by")),
                        ("entered_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="Entered by")),
                        ("poll", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="tallies", to="polls.poll", verbose_name="Poll")),
                        ("supersedes", models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="superseded_by", to="polls.postcardtally", verbose_name="Corrects entry")),
                    ],
                    options={
                        "verbose_name": "Postcard tally",
                        "verbose_name_plural": "Postcard tallies",
                        "ordering": ["-entered_at", "-id"],
                        "db_table": "ballot_boxes_postcardtally",
                        "indexes": [models.Index(fields=["poll", "box", "emptied_on"], name="ballot_boxes_tally_emptying")],
                        "constraints": [
                            models.UniqueConstraint(condition=models.Q(("supersedes__isnull", True)), fields=("poll", "box", "emptied_on"), name="ballot_boxes_one_entry_per_emptying", violation_error_message="This emptying has already been entered. To change it, enter a correction."),
                            models.CheckConstraint(condition=models.Q(("supersedes__isnull", True), models.Q(("correction_reason", ""), _negated=True), _connector="OR"), name="ballot_boxes_correction_has_reason", violation_error_message="Please give a reason for the correction."),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="PostcardCount",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("count", models.PositiveIntegerField(verbose_name="Postcards")),
                        ("option", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="postcard_counts", to="polls.option")),
                        ("tally", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="counts", to="polls.postcardtally")),
                    ],
                    options={
                        "verbose_name": "Postcards for one option",
                        "verbose_name_plural": "Postcards per option",
                        "db_table": "ballot_boxes_postcardcount",
                        "constraints": [models.UniqueConstraint(fields=("tally", "option"), name="ballot_boxes_one_count_per_option")],
                    },
                ),
                migrations.AddField(
                    model_name="poll",
                    name="ballot_boxes",
                    field=models.ManyToManyField(blank=True, db_table="ballot_boxes_ballotbox_polls", related_name="polls", to="ballot_boxes.ballotbox", verbose_name="Ballot boxes collecting its postcards"),
                ),
            ],
            database_operations=[],
        ),
        # 2. The names of this app: tables, the link table, the index and the constraints.
        migrations.AlterModelTable(name="postcardtally", table=None),
        migrations.AlterModelTable(name="postcardcount", table=None),
        migrations.AlterField(
            model_name="poll",
            name="ballot_boxes",
            field=models.ManyToManyField(blank=True, related_name="polls", to="ballot_boxes.ballotbox", verbose_name="Ballot boxes collecting its postcards"),
        ),
        migrations.RenameIndex(model_name="postcardtally", new_name="polls_tally_emptying", old_name="ballot_boxes_tally_emptying"),
        migrations.RemoveConstraint(model_name="postcardtally", name="ballot_boxes_one_entry_per_emptying"),
        migrations.RemoveConstraint(model_name="postcardtally", name="ballot_boxes_correction_has_reason"),
        migrations.RemoveConstraint(model_name="postcardcount", name="ballot_boxes_one_count_per_option"),
        migrations.AddConstraint(
            model_name="postcardtally",
            constraint=models.UniqueConstraint(condition=models.Q(("supersedes__isnull", True)), fields=("poll", "box", "emptied_on"), name="polls_tally_one_entry_per_emptying", violation_error_message="This emptying has already been entered. To change it, enter a correction."),
        ),
        migrations.AddConstraint(
            model_name="postcardtally",
            constraint=models.CheckConstraint(condition=models.Q(("supersedes__isnull", True), models.Q(("correction_reason", ""), _negated=True), _connector="OR"), name="polls_tally_correction_has_reason", violation_error_message="Please give a reason for the correction."),
        ),
        migrations.AddConstraint(
            model_name="postcardcount",
            constraint=models.UniqueConstraint(fields=("tally", "option"), name="polls_tally_one_count_per_option"),
        ),
        # 3. Permissions given to roles and the admin's log follow their models.
        migrations.RunPython(content_types_to("polls", "ballot_boxes"), content_types_to("ballot_boxes", "polls")),
    ]
