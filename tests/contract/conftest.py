"""What every contract test of an endpoint starts from."""

import pytest
from django.contrib.contenttypes.models import ContentType


@pytest.fixture(autouse=True)
def only_the_rows_a_test_makes(request):
    """Start from an empty table: Django fills some itself (content types, at migrate), and each test
    compares what is served with the rows it made."""
    if "endpoint" in request.fixturenames:
        request.getfixturevalue("db")
        manager = request.getfixturevalue("endpoint").model._default_manager
        if manager.exists():
            manager.all().delete()
    yield
    ContentType.objects.clear_cache()  # It may hold content types deleted above.
