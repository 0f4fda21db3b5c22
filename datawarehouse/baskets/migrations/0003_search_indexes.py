# Trigram indexes behind the admin's text search (api/admin/search_indexes.py); PostgreSQL only.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from api.admin.search_indexes import AddTrigramIndex


class Migration(migrations.Migration):

    dependencies = [
        ('dw_baskets', '0002_initial'),
    ]

    operations = [
        TrigramExtension(),
        AddTrigramIndex('basket', 'voucher_code'),
        AddTrigramIndex('basketitem', 'reference'),
    ]
