"""The documentation's example bodies (../shared/spec), one JSON file each, as tests compare against them.

Extracted verbatim from the spec pages so that the suite runs from a clone
without ``shared/`` beside it.
"""

import json
from pathlib import Path

HERE = Path(__file__).parent


def documented(name: str):
    """The example body saved as ``tests/docs/<name>.json``."""
    return json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))


def by_id(rows) -> dict:
    """Rows by id, each as its (key, value) pairs: comparing them checks the key order too."""
    return {row["id"]: list(row.items()) for row in rows}
