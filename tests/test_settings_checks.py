"""Settings out of range stop the service at start with a message that names the variable."""

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("GZIP_LEVEL", "4", "GZIP_LEVEL must be 0 (no compression) to 3, not 4."),
        ("GZIP_LEVEL", "-1", "GZIP_LEVEL must be 0 (no compression) to 3, not -1."),
        ("API_TOKEN_CACHE_SECONDS", "-1", "API_TOKEN_CACHE_SECONDS must be 0 (never) or more, not -1."),
    ],
)
def test_a_value_out_of_range_stops_the_service_with_a_clear_error(name, value, message):
    environment = {
        **os.environ,
        name: value,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "not-this-error",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert message in result.stderr
