"""The shared layer imports no domain app: every app of this project builds on api/, never the reverse."""

import ast
from pathlib import Path

from django.apps import apps

API = Path(__file__).resolve().parents[2] / "api"


def imported_modules(source: Path):
    for node in ast.walk(ast.parse(source.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_api_imports_no_app_of_the_project_but_itself():
    root = API.parent
    # The project's own apps are its top-level packages (the installed libraries live elsewhere).
    domain = {config.name.split(".")[0] for config in apps.get_app_configs()} - {"api"}
    domain = {name for name in domain if (root / name / "__init__.py").exists()}
    assert {"sales_channels", "datawarehouse", "oms"} <= domain
    imports = {
        (str(path.relative_to(root)), module)
        for path in API.rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in domain
    }
    assert imports == set()
