# The manager that reads users by id with prepared SQL (accounts.models.UserManager); no change to the table.

import geo_participation.accounts.models
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelManagers(
            name='user',
            managers=[
                ('objects', geo_participation.accounts.models.UserManager()),
            ],
        ),
    ]
