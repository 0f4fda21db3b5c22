"""Trigram and prefix indexes for admin search: PostgreSQL only, nothing on other databases.

The admin searches a text field with ``icontains``, which PostgreSQL runs as
``UPPER(column::text) LIKE UPPER('%term%')``: no B-tree helps, so every search
read the whole table. A GIN index of ``pg_trgm`` trigrams on that very
expression answers it from the index. A term of one or two letters holds no
whole trigram, so the admin matches it as a prefix (api/admin_search.py),
``UPPER(column::text) LIKE 'AN%'``, which a B-tree on the same expression in
``text_pattern_ops`` answers as a range of the index. SQLite (development, the test suite)
has no such index and needs none at its sizes, so the operation does nothing
there; it is a migration operation rather than a model ``Meta`` index so
that the models stay the same on every database.
"""

from django.db import migrations


class AddTrigramIndex(migrations.operations.base.Operation):
    """A GIN trigram index on ``UPPER(field::text)`` of ``model_name`` (PostgreSQL only)."""

    suffix = "trgm"
    using = "gin (UPPER({column}::text) gin_trgm_ops)"
    reversible = True
    reduces_to_sql = False

    def __init__(self, model_name: str, field: str):
        self.model_name, self.field = model_name, field

    def deconstruct(self):
        return self.__class__.__name__, [self.model_name, self.field], {}

    def state_forwards(self, app_label, state):
        pass  # not part of the model state: the models are the same on every database

    def _table_and_name(self, app_label, state):
        model = state.apps.get_model(app_label, self.model_name)
        table, column = model._meta.db_table, model._meta.get_field(self.field).column
        return table, column, f"{table}_{column}_{self.suffix}"[-63:]

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        table, column, name = self._table_and_name(app_label, to_state)
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} "
            f"USING {self.using.format(column=quote(column))}"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        _, _, name = self._table_and_name(app_label, from_state)
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    def describe(self):
        return f"{self.suffix} index on {self.model_name}.{self.field} (PostgreSQL only)"


class AddPrefixIndex(AddTrigramIndex):
    """A B-tree on ``UPPER(field::text)`` that answers ``LIKE 'AN%'`` (PostgreSQL only)."""

    suffix = "prefix"
    using = "btree (UPPER({column}::text) text_pattern_ops)"


class RemoveTrigramIndex(AddTrigramIndex):
    """The reverse of :class:`AddTrigramIndex`: for a field no longer searched by substring."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        super().database_backwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        super().database_forwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Remove {super().describe()}"
