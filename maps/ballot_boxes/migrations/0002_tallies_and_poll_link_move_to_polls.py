"""The postcard tallies and the link between boxes and polls move to the polls app (polls 0002): here they leave
the register's state only. The tables stay as they are until polls 0002 takes them over and renames them."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("ballot_boxes", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="ballotbox", name="polls"),
                migrations.DeleteModel(name="PostcardCount"),
                migrations.DeleteModel(name="PostcardTally"),
            ],
            database_operations=[],
        ),
    ]
