"""Every environment variable the service reads is in docs/configuration.md's settings table."""

import re

from tests.documentation import ROOT

APPS = ("config", "api", "authentication", "sales_channels", "geography", "oms", "datawarehouse")
# config/env.py's readers, and os.environ where a module cannot use them (gunicorn's config file).
READ = re.compile(r"""(?:env_[a-z]+\(|os\.environ(?:\.get\(|\[))\s*["']([A-Z][A-Z0-9_]+)["']""")


def variables_read() -> set[str]:
    return {
        name
        for app in APPS
        for module in (ROOT / app).rglob("*.py")
        for name in READ.findall(module.read_text())
    }


def test_every_variable_the_service_reads_is_in_the_settings_table():
    table = "\n".join(
        line for line in (ROOT / "docs" / "configuration.md").read_text().splitlines() if line.startswith("|")
    )
    read = variables_read()
    assert {"DATABASE_URL", "SECRET_KEY", "BIND", "PROMETHEUS_MULTIPROC_DIR"} <= read  # the scan finds them
    assert sorted(name for name in read if f"`{name}`" not in table) == []
