"""The shared layer's rooms and their doors.

api/ imports no domain app: every app of this project builds on api/, never the reverse. Within
api/, each package says in its docstring which other parts of the layer it may import (``May
import: api.pages, api.sync.``; ``api.<module>`` names a module at the top of api/), and the
top's list is in api/__init__.py; the imports are held to those lists.
"""

import ast
import re
from pathlib import Path

from django.apps import apps

API = Path(__file__).resolve().parents[2] / "api"
MAY_IMPORT = re.compile(r"^May import: (.+)\.$", re.M)
NOTHING = "nothing else of api"


def imported_modules(source: Path):
    for node in ast.walk(ast.parse(source.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            # ``from api import values`` imports api.values, not api itself.
            if node.module == "api":
                yield from (f"api.{alias.name}" for alias in node.names)
            else:
                yield node.module


def room(api: Path, path: Path) -> str:
    """``api.<package>`` for a module in a package of ``api``, ``api`` for one at the top."""
    relative = path.relative_to(api).parts
    return f"api.{relative[0]}" if len(relative) > 1 else "api"


def allowed(init: Path) -> set[str]:
    found = MAY_IMPORT.findall(ast.get_docstring(ast.parse(init.read_text())) or "")
    assert len(found) == 1, f"{init}: its docstring needs one 'May import: ...' line"
    return set() if found[0] == NOTHING else {name.strip() for name in found[0].split(",")}


def trespasses(api: Path) -> set[tuple[str, str]]:
    """Imports of another part of ``api`` (a package, or a module at the top) that its room's list
    does not allow."""
    rooms = {f"api.{init.parent.name}": allowed(init) for init in api.glob("*/__init__.py")}
    rooms["api"] = allowed(api / "__init__.py")
    top_modules = {f"api.{path.stem}" for path in api.glob("*.py")}
    for names in rooms.values():
        assert names <= set(rooms) | top_modules, f"a 'May import' list names no part of api/: {names}"
    found = set()
    for path in api.rglob("*.py"):
        own = room(api, path)
        for module in imported_modules(path):
            if module.split(".")[0] != "api" or module == "api":
                continue
            target = ".".join(module.split(".")[:2])
            same_room = target == own or (own == "api" and target in top_modules)
            if not same_room and target not in rooms[own]:
                found.add((str(path.relative_to(api.parent)), module))
    return found


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


def test_every_package_imports_only_what_its_docstring_allows():
    assert trespasses(API) == set()


def test_an_import_its_list_does_not_allow_is_found(tmp_path):
    api = tmp_path / "api"
    (api / "pages").mkdir(parents=True)
    (api / "ops").mkdir()
    (api / "__init__.py").write_text('"""Top.\n\nMay import: api.pages, api.ops.\n"""\n')
    (api / "values.py").write_text("")
    (api / "pages" / "__init__.py").write_text('"""Pages.\n\nMay import: api.values.\n"""\n')
    (api / "ops" / "__init__.py").write_text('"""Ops.\n\nMay import: nothing else of api.\n"""\n')
    (api / "pages" / "counts.py").write_text("from api import values\nfrom api.pages import cursor\n")
    (api / "pages" / "fast.py").write_text("def lazily():\n    from api.ops.replica import read_at\n")
    (api / "ops" / "cache.py").write_text("import api.values\n")
    assert trespasses(api) == {
        ("api/pages/fast.py", "api.ops.replica"),
        ("api/ops/cache.py", "api.values"),
    }
