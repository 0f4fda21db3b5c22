"""Every relative link in README.md and docs/*.md leads to a file that exists, and every anchor
to a heading of its page, by GitHub's rules (tests/documentation.py)."""

from urllib.parse import unquote, urlsplit

import pytest

from tests.documentation import ROOT, anchors, links, pages


def relative_links() -> list[tuple[str, str]]:
    return [
        (str(page.relative_to(ROOT)), target)
        for page in pages()
        for target in links(page)
        if not urlsplit(target).scheme
    ]


@pytest.mark.parametrize("index", ["README.md", "docs/README.md"])
def test_both_indexes_list_every_docs_page(index):
    listed = {(ROOT / index).parent / target for target in links(ROOT / index)}
    topics = [page for page in pages() if page.parent.name == "docs" and page.name != "README.md"]
    assert [page.name for page in topics if page not in listed] == []


def test_the_documentation_links_between_its_pages():
    assert len(relative_links()) > 50  # the parser finds the links (a broken one would find none)


@pytest.mark.parametrize(("page", "target"), relative_links())
def test_relative_link_leads_to_a_file_and_a_heading(page, target):
    path, _, anchor = target.partition("#")
    destination = (ROOT / page).parent / unquote(path) if path else ROOT / page
    assert destination.resolve().is_relative_to(ROOT), f"{page}: {target} leaves the repository"
    assert destination.exists(), f"{page}: {target} names no file"
    if anchor:
        assert destination.suffix == ".md", f"{page}: {target} has an anchor in a file that is not a page"
        assert anchor in anchors(destination), f"{page}: {target}: no such heading in {path or page}"


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("## Metrics (`/metrics`)", "metrics-metrics"),
        (
            "### Changes that follow themselves (sections 38, 39, 44, 47-49)",
            "changes-that-follow-themselves-sections-38-39-44-47-49",
        ),
        ("## What differs from the documentation, and why", "what-differs-from-the-documentation-and-why"),
        ("## Tokens\n\n## Tokens", "tokens-1"),
        ("## [Linked](x.md) heading_with_underscore", "linked-heading_with_underscore"),
    ],
)
def test_anchors_follow_githubs_rules(tmp_path, heading, anchor):
    page = tmp_path / "page.md"
    page.write_text(f"# Page\n\n{heading}\n\n```sh\n# not a heading\n```\n")
    assert anchor in anchors(page)
    assert "not-a-heading" not in anchors(page)
