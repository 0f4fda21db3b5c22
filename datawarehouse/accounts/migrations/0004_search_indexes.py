# Trigram indexes behind the admin's text search (api/admin/search_indexes.py); PostgreSQL only.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from api.admin.search_indexes import AddTrigramIndex


class Migration(migrations.Migration):

    dependencies = [
        ('dw_accounts', '0003_sort_indexes'),
    ]

    operations = [
        TrigramExtension(),
        AddTrigramIndex('user', 'username'),
        AddTrigramIndex('user', 'email'),
        AddTrigramIndex('user', 'phone'),
        AddTrigramIndex('user', 'last_name'),
        AddTrigramIndex('address', 'email'),
        AddTrigramIndex('address', 'phone_number'),
        AddTrigramIndex('address', 'last_name'),
        AddTrigramIndex('address', 'hash_data'),
        AddTrigramIndex('emailaddress', 'email'),
    ]
