# Prefix indexes behind the admin's search for terms shorter than a trigram (api/search_indexes.py);
# PostgreSQL only.

from django.db import migrations

from api.search_indexes import AddPrefixIndex


class Migration(migrations.Migration):

    dependencies = [
        ('dw_products', '0002_search_indexes'),
    ]

    operations = [
        AddPrefixIndex('product', 'sku'),
        AddPrefixIndex('product', 'base_code'),
        AddPrefixIndex('product', 'name'),
    ]
