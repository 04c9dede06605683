import django.contrib.gis.db.models.fields
import django.contrib.postgres.indexes
from django.contrib.postgres.operations import TrigramExtension
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('geo', '0001_initial'),
    ]

    operations = [
        # Trigram matching finds places despite typos and partial words ("stifts" finds "Stiftsplatz").
        TrigramExtension(),
        migrations.CreateModel(
            name='GazetteerEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('street', 'Street'), ('square', 'Square'), ('place', 'Place'), ('stop', 'Bus stop'), ('address', 'Address')], max_length=16, verbose_name='Kind')),
                ('name', models.CharField(max_length=200, verbose_name='Name')),
                ('detail', models.CharField(blank=True, help_text='What kind of place it is, or its address.', max_length=200, verbose_name='Detail')),
                ('search_text', models.CharField(editable=False, max_length=400)),
                ('geometry', django.contrib.gis.db.models.fields.GeometryField(srid=4326, verbose_name='Geometry')),
                ('point', django.contrib.gis.db.models.fields.PointField(srid=4326, verbose_name='Representative point')),
                ('source_key', models.CharField(max_length=200, unique=True, verbose_name='Key in the source')),
                ('source', models.CharField(max_length=200, verbose_name='Source')),
                ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='geo.administrativearea', verbose_name='District')),
            ],
            options={
                'verbose_name': 'Gazetteer entry',
                'verbose_name_plural': 'Gazetteer',
                'ordering': ['name'],
                'indexes': [django.contrib.postgres.indexes.GinIndex(fields=['search_text'], name='geo_gazetteer_search_trgm', opclasses=['gin_trgm_ops'])],
            },
        ),
    ]
