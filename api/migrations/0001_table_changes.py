# The change-marker table behind exact cached page counts (api/pages/counts.py); the triggers that
# bump it are installed on every table after each migrate.

import random

from django.db import migrations

CREATE_TABLE = """
CREATE TABLE api_tablechange (
    table_name varchar(255) NOT NULL,
    backend integer NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (table_name, backend)
)
"""

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION api_table_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO api_tablechange (table_name, backend, version) VALUES (TG_TABLE_NAME, pg_backend_pid(), 1)
    ON CONFLICT (table_name, backend) DO UPDATE SET version = api_tablechange.version + 1;
    RETURN NULL;
END
$$
"""


def create(apps, schema_editor):
    schema_editor.execute(CREATE_TABLE)
    schema_editor.execute(
        "INSERT INTO api_tablechange (table_name, backend, version) VALUES ('~epoch', 0, %s)",
        [random.SystemRandom().getrandbits(62)],
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FUNCTION)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION api_table_changed() CASCADE")
    schema_editor.execute("DROP TABLE api_tablechange")


class Migration(migrations.Migration):

    dependencies = []

    operations = [migrations.RunPython(create, drop)]
