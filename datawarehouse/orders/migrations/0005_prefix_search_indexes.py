# Prefix indexes behind the admin's search for terms shorter than a trigram (api/search_indexes.py);
# PostgreSQL only.

from django.db import migrations

from api.search_indexes import AddPrefixIndex


class Migration(migrations.Migration):

    dependencies = [
        ('dw_orders', '0004_search_indexes'),
    ]

    operations = [
        AddPrefixIndex('order', 'user_email'),
        AddPrefixIndex('order', 'invoice_number'),
        AddPrefixIndex('order', 'tracking_number'),
        AddPrefixIndex('orderitem', 'tracking_number'),
        AddPrefixIndex('transaction', 'transaction_id'),
        AddPrefixIndex('transaction', 'user_email'),
    ]
