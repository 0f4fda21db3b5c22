# Trigram indexes behind the admin's text search (api/admin/search_indexes.py); PostgreSQL only.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from api.admin.search_indexes import AddTrigramIndex


class Migration(migrations.Migration):

    dependencies = [
        ('dw_products', '0001_initial'),
    ]

    operations = [
        TrigramExtension(),
        AddTrigramIndex('product', 'sku'),
        AddTrigramIndex('product', 'base_code'),
        AddTrigramIndex('product', 'name'),
    ]
