"""Cited lines hold their quotes, as printed in the PDF and as LibreOffice lays out the DOCX."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.helpers import pdftotext_layout, printed_lines, squash
from tests.test_bundled import LESSONS, resolved

CITE = re.compile(r"^(?P<id>[A-Z]\d+), lines? (?P<a>\d+)(?:–(?P<b>\d+))?$")


@pytest.mark.parametrize("stem", LESSONS)
def test_cited_lines_hold_the_quote(stem: str) -> None:
    """Every 'A1, lines 4–5' citation names the printed lines that hold the quote."""
    lesson = resolved(stem)
    cited = 0
    for citation in lesson.citations.values():
        m = CITE.match(citation.where)
        if not m:
            assert re.match(r"^Source [A-Z], paragraph \d+$", citation.where), citation.where
            continue
        extract = lesson.extracts[m["id"]]
        a, b = int(m["a"]), int(m["b"] or m["a"])
        lines = {ln.number: ln.text for ln in extract.lines if ln.number}
        held = squash(" ".join(lines[n] for n in range(a, b + 1)))
        assert squash(citation.quote) in held, (citation.where, citation.quote)
        # The citation is tight: dropping its first or last line loses part of the quote.
        if b > a:
            assert squash(citation.quote) not in squash(
                " ".join(lines[n] for n in range(a + 1, b + 1))
            )
            assert squash(citation.quote) not in squash(" ".join(lines[n] for n in range(a, b)))
        cited += 1
    assert cited > 0


def _assert_printed_as_model(stem: str, layout: list[str]) -> None:
    """Each extract line of the model stands on a printed line of its own, number included."""
    printed = printed_lines(layout)
    at = 0
    for extract in resolved(stem).extracts.values():
        for ln in extract.lines:
            label = f"{ln.number} " if ln.number and ln.number % 5 == 0 else ""
            expected = re.sub(r"\s+", " ", f"{label}{ln.text}").strip()
            while at < len(printed) and printed[at] != expected:
                at += 1
            assert at < len(printed), f"{extract.id}: line not printed as such: {expected!r}"


@pytest.mark.parametrize("stem", LESSONS)
def test_pdf_prints_the_lines_that_are_cited(built: Path, stem: str) -> None:
    """The PDF's extract lines are exactly the lines the citations count."""
    require_tool("pdftotext")
    _assert_printed_as_model(stem, pdftotext_layout(built / stem / "extracts.pdf"))


@pytest.mark.parametrize("stem", LESSONS)
def test_libreoffice_lays_out_the_same_lines(libreoffice_pdfs: Path, stem: str) -> None:
    """LibreOffice lays out the DOCX extracts with the same line breaks and numbers."""
    require_tool("pdftotext")
    _assert_printed_as_model(stem, pdftotext_layout(libreoffice_pdfs / stem / "extracts.pdf"))


def test_large_print_edition_cites_its_own_printed_lines(tmp_path: Path) -> None:
    """In the 18 pt edition lines are broken anew, and citations follow the printed lines."""
    from lessongen.build import Options, build_units
    from lessongen.compose import page_style
    from lessongen.resolve import SourceLibrary, resolve
    from lessongen.spec import load_lesson
    from tests.test_bundled import BUNDLED, UNIT

    require_tool("pdftotext")
    options = Options(formats=("pdf",), only=("extracts", "answers"), large_print=True)
    assert all(r.ok for r in build_units([(BUNDLED, None)], tmp_path, options))
    for stem in LESSONS:
        large = resolve(
            load_lesson(BUNDLED / f"{stem}.yaml"),
            SourceLibrary(UNIT),
            page_style(UNIT, large_print=True),
        )
        standard = resolved(stem)
        assert large.style.size == 18
        assert sum(x.line_count for x in large.extracts.values()) > sum(
            x.line_count for x in standard.extracts.values()
        )
        printed = printed_lines(
            pdftotext_layout(tmp_path / "stalin-trotsky" / stem / "extracts-large.pdf")
        )
        for extract in large.extracts.values():
            for ln in extract.lines:
                label = f"{ln.number} " if ln.number and ln.number % 5 == 0 else ""
                assert re.sub(r"\s+", " ", f"{label}{ln.text}").strip() in printed
        answers = squash(
            " ".join(pdftotext_layout(tmp_path / "stalin-trotsky" / stem / "answers-large.pdf"))
        )
        for citation in large.citations.values():
            assert squash(citation.where) in answers
