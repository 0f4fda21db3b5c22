"""The project's documentation as the tests read it: its pages, their fenced blocks, their headings.

The pages are README.md and docs/*.md. Every fenced block is preceded by a marker line, either
``<!-- run -->`` (the examples test runs it against a live server) or ``<!-- not run: <reason> -->``
(docs/development.md, "Examples in the documentation").
"""

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>```|~~~)(?P<info>[^`\s]*)\s*$")
MARKER = re.compile(r"^ *<!-- (?:(?P<run>run)|not run: (?P<reason>\S.*?)) -->\s*$")


@dataclass(frozen=True)
class Block:
    page: Path
    line: int  # of the opening fence, 1-based
    language: str
    code: str
    runs: bool | None  # None: no marker line before it
    reason: str | None

    def __str__(self):
        return f"{self.page.relative_to(ROOT)}:{self.line} ({self.language or 'no language'})"


def pages() -> list[Path]:
    """README.md first, then the docs pages in name order (the order their examples run in)."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def fenced_blocks(page: Path) -> list[Block]:
    lines = page.read_text().splitlines()
    blocks, number = [], 0
    while number < len(lines):
        opening = FENCE.match(lines[number])
        if opening is None:
            number += 1
            continue
        close = next(
            (end for end in range(number + 1, len(lines)) if lines[end].strip() == opening["fence"]), None
        )
        if close is None:
            raise AssertionError(f"{page.relative_to(ROOT)}:{number + 1}: a fenced block is never closed.")
        marker = MARKER.match(lines[number - 1]) if number else None
        indent = len(opening["indent"])
        blocks.append(
            Block(
                page=page,
                line=number + 1,
                language=opening["info"],
                code="".join(f"{line[indent:]}\n" for line in lines[number + 1 : close]),
                runs=None if marker is None else bool(marker["run"]),
                reason=marker and marker["reason"],
            )
        )
        number = close + 1
    return blocks


def outside_fences(page: Path) -> list[str]:
    """The page's lines outside fenced blocks."""
    lines, inside = [], None
    for line in page.read_text().splitlines():
        fence = FENCE.match(line)
        if inside is None and fence:
            inside = fence["fence"]
        elif inside is not None:
            inside = None if line.strip() == inside else inside
        else:
            lines.append(line)
    return lines


def links(page: Path) -> list[str]:
    """The targets of the page's inline links, outside code (where a link is only text)."""
    text = "\n".join(re.sub(r"`[^`]*`", "", line) for line in outside_fences(page))
    return re.findall(r"\]\(([^)\s]+)\)", text)


def anchors(page: Path) -> set[str]:
    """The ids GitHub gives the page's headings: the heading's text (link markup and backticks
    dropped) lowercased, punctuation other than ``-`` and ``_`` dropped, spaces made hyphens,
    and ``-1``, ``-2``… added to a repeated one."""
    ids: set[str] = set()
    for line in outside_fences(page):
        heading = re.match(r"^#{1,6} +(.+?)\s*$", line)
        if heading is None:
            continue
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading[1]).replace("`", "")
        slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
        repeat = 0
        while (candidate := f"{slug}-{repeat}" if repeat else slug) in ids:
            repeat += 1
        ids.add(candidate)
    return ids
