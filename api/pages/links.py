"""A walk's ``next`` and ``previous`` links, made once per walk and filled in by each page.

DRF's functions make a page's links from its request: the absolute URI, its query parsed, the
position's parameters (``cursor``, ``page``, ``seek``) set or removed, every parameter sorted and
encoded again. That was 90 µs of a later 1-row page, twice over in page mode. A walk's later pages
differ only in their position (api/pages/statements.py), so the walk's statement keeps each link
made once by those same functions with markers in place of the position's values, per scheme,
host and path; a page puts its own values in. A value is a page number or a token (URL-safe
base64), which the query's encoding leaves as it is, as it does a marker.
"""

import re
import secrets

# Markers no URL holds by chance: where a template's values go.
SLOTS = tuple(secrets.token_hex(16) for _ in range(2))
SLOT = re.compile("|".join(SLOTS))
# Templates a walk keeps (per scheme, host and path it is asked through, and per kind of link).
MAX_TEMPLATES = 16


def walk_link(templates: dict | None, request, kind: str, make, *values) -> str:
    """``make(*values)``: the link of ``kind`` that ``make`` builds from ``request`` for a page's
    ``values``, from the walk's ``templates`` (``None``: none kept, the link is made)."""
    if templates is None:
        return make(*values)
    where = (kind, request.scheme, request.get_host(), request.path)
    template = templates.get(where)
    if template is None:
        if len(templates) >= MAX_TEMPLATES:
            return make(*values)
        url = make(*SLOTS[: len(values)])
        template = templates[where] = (SLOT.split(url), [SLOTS.index(slot) for slot in SLOT.findall(url)])
    pieces, order = template
    filled = [pieces[0]]
    for piece, slot in zip(pieces[1:], order, strict=True):
        filled += [str(values[slot]), piece]
    return "".join(filled)
