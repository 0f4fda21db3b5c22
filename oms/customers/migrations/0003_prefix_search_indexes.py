# Prefix indexes behind the admin's search for terms shorter than a trigram (api/search_indexes.py);
# PostgreSQL only.

from django.db import migrations

from api.search_indexes import AddPrefixIndex


class Migration(migrations.Migration):

    dependencies = [
        ('oms_customers', '0002_search_indexes'),
    ]

    operations = [
        AddPrefixIndex('customer', 'email'),
        AddPrefixIndex('customer', 'phone_number'),
        AddPrefixIndex('customer', 'erp_code'),
        AddPrefixIndex('customer', 'last_name'),
    ]
