"""Helpers for comparing served bodies with the documented ones."""


def ordered(value):
    """``value`` with every object as a list of (key, value) pairs, so that key order is compared too."""
    if isinstance(value, dict):
        return [(key, ordered(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [ordered(item) for item in value]
    return value
