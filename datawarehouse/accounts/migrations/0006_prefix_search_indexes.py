# Prefix indexes behind the admin's search for terms shorter than a trigram (api/search_indexes.py);
# PostgreSQL only.

from django.db import migrations

from api.search_indexes import AddPrefixIndex


class Migration(migrations.Migration):

    dependencies = [
        ('dw_accounts', '0005_admin_search_indexes'),
    ]

    operations = [
        AddPrefixIndex('user', 'username'),
        AddPrefixIndex('user', 'email'),
        AddPrefixIndex('user', 'phone'),
        AddPrefixIndex('user', 'last_name'),
        AddPrefixIndex('address', 'email'),
        AddPrefixIndex('address', 'phone_number'),
        AddPrefixIndex('address', 'last_name'),
        AddPrefixIndex('address', 'hash_data'),
        AddPrefixIndex('emailaddress', 'email'),
    ]
