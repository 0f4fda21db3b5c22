# Trigram indexes behind the admin's text search (api/admin/search_indexes.py); PostgreSQL only.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from api.admin.search_indexes import AddTrigramIndex


class Migration(migrations.Migration):

    dependencies = [
        ('oms_customers', '0001_initial'),
    ]

    operations = [
        TrigramExtension(),
        AddTrigramIndex('customer', 'email'),
        AddTrigramIndex('customer', 'phone_number'),
        AddTrigramIndex('customer', 'erp_code'),
        AddTrigramIndex('customer', 'last_name'),
    ]
