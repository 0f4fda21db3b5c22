# Trigram indexes behind the admin's text search (api/admin/search_indexes.py); PostgreSQL only.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from api.admin.search_indexes import AddTrigramIndex


class Migration(migrations.Migration):

    dependencies = [
        ('dw_orders', '0003_sort_indexes'),
    ]

    operations = [
        TrigramExtension(),
        AddTrigramIndex('order', 'number'),
        AddTrigramIndex('order', 'user_email'),
        AddTrigramIndex('order', 'invoice_number'),
        AddTrigramIndex('order', 'tracking_number'),
        AddTrigramIndex('orderitem', 'tracking_number'),
        AddTrigramIndex('transaction', 'transaction_id'),
        AddTrigramIndex('transaction', 'user_email'),
    ]
