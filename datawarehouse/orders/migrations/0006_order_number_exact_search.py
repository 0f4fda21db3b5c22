# The admin searches an order's number exactly (datawarehouse/orders/admin.py): its trigram index
# serves no search any more; the number's own B-tree serves the exact match.

from django.db import migrations

from api.search_indexes import RemoveTrigramIndex


class Migration(migrations.Migration):

    dependencies = [
        ('dw_orders', '0005_prefix_search_indexes'),
    ]

    operations = [
        RemoveTrigramIndex('order', 'number'),
    ]
