# The revisions endpoint's sort=modified_date reads reversion's date_created, then id;
# reversion indexes date_created alone, so pages of that order were sorted per request.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('dw_tracking', '0001_initial'),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
    ]

    operations = [
        migrations.RunSQL(
            'CREATE INDEX dw_tracking_revision_date_created_id ON reversion_revision (date_created, id)',
            'DROP INDEX dw_tracking_revision_date_created_id',
        ),
    ]
