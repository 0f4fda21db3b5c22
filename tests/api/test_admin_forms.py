"""Admin forms at any size: no select lists the rows of a table that grows with the data.

A foreign key to such a table belongs in ``raw_id_fields`` or ``autocomplete_fields``: a select
box renders one ``<option>`` per row, 100k of them in every add and change form at volume.
"""

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def options(admin_client) -> dict[str, int]:
    """The ``<option>`` elements of every admin's add form (of those a superuser may add)."""
    shown = {}
    for model in admin.site._registry:
        opts = model._meta
        response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        if response.status_code == 200:
            shown[opts.label] = response.content.decode().count("<option")
    return shown


def test_no_add_form_lists_the_rows_of_a_table_that_grows_with_the_data(admin_client):
    call_command("generate_data", scale=10, seed=1, stdout=io.StringIO())
    before = options(admin_client)
    call_command("generate_data", scale=30, seed=2, stdout=io.StringIO())
    after = options(admin_client)
    assert len(before) > 40  # every admin but the read-only logs
    assert {label: (before[label], after[label]) for label in before if after[label] != before[label]} == {}
