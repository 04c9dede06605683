import django.contrib.gis.db.models.fields
import django.contrib.postgres.indexes
import django.core.validators
import django.db.models.deletion
import maps.mapping.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('geo', '0002_gazetteer'),
        ('projects', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MapSettings',
            fields=[
                ('module', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='map_settings', serialize=False, to='projects.module', verbose_name='Participation format')),
                ('area', django.contrib.gis.db.models.fields.MultiPolygonField(blank=True, help_text="Where contributions may be placed. Leave empty for the project's area (the whole city by default).", null=True, srid=4326, verbose_name='Area')),
                ('accepts_points', models.BooleanField(default=True, verbose_name='Points')),
                ('accepts_lines', models.BooleanField(default=False, verbose_name='Lines')),
                ('accepts_polygons', models.BooleanField(default=False, verbose_name='Areas')),
                ('photos_enabled', models.BooleanField(default=True, verbose_name='Photos allowed')),
                ('supports_enabled', models.BooleanField(default=True, verbose_name='Support (“me too”) allowed')),
                ('comments_enabled', models.BooleanField(default=True, verbose_name='Comments allowed')),
            ],
            options={
                'verbose_name': 'Map settings',
                'verbose_name_plural': 'Map settings',
            },
        ),
        migrations.CreateModel(
            name='Category',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=80, verbose_name='Name')),
                ('colour', models.CharField(default='#b0001e', help_text='Dark enough for white icons: a contrast of at least 3:1 with white.', max_length=7, validators=[django.core.validators.RegexValidator('^#[0-9a-fA-F]{6}$', 'Please enter a colour as #RRGGBB, for example #b0001e.')], verbose_name='Colour')),
                ('icon', models.CharField(choices=[('pin', 'pin'), ('light', 'street light'), ('eye', 'hidden view'), ('warning', 'warning sign'), ('car', 'car'), ('bike', 'bicycle'), ('walk', 'walking'), ('sun', 'sun'), ('moon', 'moon'), ('water', 'water drop'), ('tree', 'tree'), ('building', 'building'), ('bench', 'bench'), ('idea', 'idea'), ('noise', 'noise'), ('heart', 'heart')], default='pin', max_length=16, verbose_name='Icon')),
                ('description', models.CharField(blank=True, max_length=300, verbose_name='Description')),
                ('weight', models.PositiveSmallIntegerField(default=0, verbose_name='Order')),
                ('module', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='map_categories', to='projects.module', verbose_name='Participation format')),
            ],
            options={
                'verbose_name': 'Category',
                'verbose_name_plural': 'Categories',
                'ordering': ['weight', 'name'],
            },
        ),
        migrations.CreateModel(
            name='Contribution',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('pending', 'waiting for moderation'), ('approved', 'published'), ('rejected', 'rejected'), ('hidden', 'hidden')], db_index=True, default='pending', max_length=16, verbose_name='moderation status')),
                ('moderation_reason', models.TextField(blank=True, max_length=1000, verbose_name='reason given by the moderators')),
                ('moderated_at', models.DateTimeField(blank=True, null=True, verbose_name='moderated at')),
                ('title', models.CharField(max_length=100, verbose_name='Title')),
                ('description', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='Description')),
                ('geometry', django.contrib.gis.db.models.fields.GeometryField(blank=True, null=True, srid=4326, verbose_name='Place')),
                ('attributes', models.JSONField(blank=True, default=dict, verbose_name='Attributes')),
                ('support_count', models.PositiveIntegerField(default=0, editable=False, verbose_name='Supports')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='map_contributions', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                ('category', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='contributions', to='mapping.category', verbose_name='Category')),
                ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='geo.administrativearea', verbose_name='District')),
                ('moderated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='moderated by')),
                ('module', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='map_contributions', to='projects.module', verbose_name='Participation format')),
            ],
            options={
                'verbose_name': 'Map contribution',
                'verbose_name_plural': 'Map contributions',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Comment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('pending', 'waiting for moderation'), ('approved', 'published'), ('rejected', 'rejected'), ('hidden', 'hidden')], db_index=True, default='pending', max_length=16, verbose_name='moderation status')),
                ('moderation_reason', models.TextField(blank=True, max_length=1000, verbose_name='reason given by the moderators')),
                ('moderated_at', models.DateTimeField(blank=True, null=True, verbose_name='moderated at')),
                ('text', models.TextField(max_length=1000, validators=[django.core.validators.MaxLengthValidator(1000)], verbose_name='Comment')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='map_comments', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                ('moderated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='moderated by')),
                ('contribution', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='mapping.contribution', verbose_name='Map contribution')),
            ],
            options={
                'verbose_name': 'Comment',
                'verbose_name_plural': 'Comments',
                'ordering': ['created_at'],
            },
        ),
        migrations.CreateModel(
            name='Photo',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('image', models.ImageField(height_field='height', upload_to=maps.mapping.models._photo_path, verbose_name='Photo', width_field='width')),
                ('thumbnail', models.ImageField(upload_to=maps.mapping.models._photo_path, verbose_name='Thumbnail')),
                ('width', models.PositiveIntegerField(default=0, editable=False)),
                ('height', models.PositiveIntegerField(default=0, editable=False)),
                ('alt_text', models.CharField(help_text='For people who cannot see the photo.', max_length=200, verbose_name='What the photo shows')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('contribution', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='photos', to='mapping.contribution')),
            ],
            options={
                'verbose_name': 'Photo',
                'verbose_name_plural': 'Photos',
                'ordering': ['created_at'],
            },
        ),
        migrations.CreateModel(
            name='Support',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('contribution', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='supports', to='mapping.contribution')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='map_supports', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'Support',
                'verbose_name_plural': 'Supports',
            },
        ),
        migrations.CreateModel(
            name='Attribute',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.SlugField(help_text="The attribute's name in the data and the API, e.g. “tageszeit”. Do not change it once contributions exist.", max_length=40, verbose_name='Key')),
                ('label', models.CharField(max_length=120, verbose_name='Question')),
                ('kind', models.CharField(choices=[('choice', 'one of several options'), ('scale', 'a number on a scale'), ('yes_no', 'yes or no'), ('text', 'a short text')], default='choice', max_length=16, verbose_name='Kind of answer')),
                ('options', models.TextField(blank=True, help_text='For “one of several options”: one option per line.', verbose_name='Options')),
                ('minimum', models.SmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(-1000), django.core.validators.MaxValueValidator(1000)], verbose_name='Lowest value')),
                ('maximum', models.SmallIntegerField(default=5, validators=[django.core.validators.MinValueValidator(-1000), django.core.validators.MaxValueValidator(1000)], verbose_name='Highest value')),
                ('minimum_label', models.CharField(blank=True, max_length=60, verbose_name='Meaning of the lowest value')),
                ('maximum_label', models.CharField(blank=True, max_length=60, verbose_name='Meaning of the highest value')),
                ('required', models.BooleanField(default=True, verbose_name='Answer required')),
                ('help_text', models.CharField(blank=True, max_length=200, verbose_name='Help text')),
                ('weight', models.PositiveSmallIntegerField(default=0, verbose_name='Order')),
                ('module', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='map_attributes', to='projects.module', verbose_name='Participation format')),
            ],
            options={
                'verbose_name': 'Attribute',
                'verbose_name_plural': 'Attributes',
                'ordering': ['weight', 'id'],
                'constraints': [models.UniqueConstraint(fields=('module', 'key'), name='mapping_attribute_unique_key', violation_error_message='This format already has an attribute with this key.')],
            },
        ),
        migrations.AddConstraint(
            model_name='category',
            constraint=models.UniqueConstraint(fields=('module', 'name'), name='mapping_category_unique_name', violation_error_message='This format already has a category of this name.'),
        ),
        migrations.AddIndex(
            model_name='contribution',
            index=models.Index(fields=['module', 'status'], name='mapping_contribution_state'),
        ),
        migrations.AddIndex(
            model_name='contribution',
            index=django.contrib.postgres.indexes.GinIndex(fields=['attributes'], name='mapping_contribution_attrs', opclasses=['jsonb_path_ops']),
        ),
        migrations.AddConstraint(
            model_name='support',
            constraint=models.UniqueConstraint(fields=('contribution', 'user'), name='mapping_support_once_per_person', violation_error_message='You already support this contribution.'),
        ),
    ]
