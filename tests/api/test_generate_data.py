"""``manage.py generate_data``: scale, determinism, consistency and its errors."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models

from api.generation import generators
from geography.models import District

pytestmark = pytest.mark.django_db

SCALE = 60


def generated_models():
    labels = {label for label, _ in generators()}
    return [model for model in apps.get_models() if model._meta.app_label in labels]


def snapshot():
    """Every generated row's own values (not ids, which sequences assign), per model."""
    tables = {}
    for model in generated_models():
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if not isinstance(f, models.AutoField | models.ForeignKey)
        ]
        tables[model._meta.label] = sorted(model.objects.values_list(*columns), key=repr)
    return tables


def run(seed=3):
    call_command("generate_data", scale=SCALE, seed=seed)


def test_fills_large_tables_at_scale_and_keeps_references_consistent():
    run()
    assert District.objects.count() == SCALE
    assert not District.objects.exclude(city_id=models.F("township__city_id")).exists()
    timestamps = District.objects.values_list("created_date", "modified_date")
    assert all(created <= modified for created, modified in timestamps)
    assert len({modified.date() for _, modified in timestamps}) > SCALE // 2


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows():
    run(seed=3)
    first = snapshot()
    for model in reversed(generated_models()):
        model.objects.all().delete()
    run(seed=3)
    assert snapshot() == first
    for model in reversed(generated_models()):
        model.objects.all().delete()
    run(seed=4)
    assert snapshot() != first


@pytest.mark.parametrize("arguments", [["--scale", "-5"], ["--scale", "0"], []])
def test_a_missing_or_negative_scale_is_a_clear_error(arguments):
    with pytest.raises(CommandError, match="scale"):
        call_command("generate_data", *arguments)
