"""Renderers tested from a hand-built document model, not from YAML."""

from __future__ import annotations

import io
import zipfile

import pytest

from lessongen import fonts
from lessongen import model as m
from lessongen.render.docx import render_docx
from lessongen.render.pdf import render_pdf
from tests.helpers import squash

UNICODE = "Trotsky’s “permanent revolution” — кулак (kulak), Ζ, Łódź, Ramón, 1924–1927 □"
MARKUP = "Use <b> & {{ braces }} % _ as typed"


def sample() -> m.Document:
    """A document using every block kind, with awkward text."""
    r = (m.Run(UNICODE),)
    blocks: tuple[m.Block, ...] = (
        m.Para((m.Run("Title"),), "title"),
        m.Fields(("Name", "Class", "Date")),
        m.Para((m.Run("Heading"),), "h1"),
        m.Para((m.Run(MARKUP), m.Run(" bold", bold=True), m.Run(" italic", italic=True))),
        m.Keep((m.Question("1", r, "[2 marks]"), m.AnswerLines(3))),
        m.Choices((("A", (m.Run("Mexico"),)), ("B", (m.Run("Norway"),)))),
        m.Table(
            (
                (m.Cell(((m.Run("Key"),),)), m.Cell(((m.Run("Value"),),))),
                (m.Cell(((m.Run("Politburo (Политбюро)"),),)), m.Cell(((m.Run("x"),),))),
            ),
            (1, 2),
            row_height=26,
        ),
        m.Box((m.Para((m.Run("Word bank: kulak"),)),)),
        m.Extract(
            (
                m.ExtractLine("", "First line of text"),
                m.ExtractLine("", "Heading inside", True, True),
                m.ExtractLine("5", "Fifth line"),
            )
        ),
        m.PageBreak(),
        m.Space(6),
        m.Para((m.Run("• bullet"),), "bullet"),
    )
    return m.Document(
        "Sample",
        m.PageStyle(header_left="School", header_right="Lesson", footer="Worksheet"),
        blocks,
        "Worksheet",
    )


def test_pdf_prints_unicode_and_markup_as_typed() -> None:
    """Accents, Cyrillic, Greek, typographic punctuation, < & {{ }} all print as typed."""
    from pypdf import PdfReader

    data, pages = render_pdf(sample())
    assert pages == 2
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert squash(UNICODE) in squash(text)
    assert squash(MARKUP) in squash(text)
    assert "Page 1 of 2" in text and "Page 2 of 2" in text
    assert "Политбюро" in text


def test_docx_prints_unicode_and_markup_as_typed() -> None:
    """The DOCX holds the same text; it is a valid zip with stable member times."""
    import docx

    data = render_docx(sample())
    document = docx.Document(io.BytesIO(data))
    body = "\n".join(p.text for p in document.paragraphs)
    assert UNICODE in body
    assert MARKUP in body
    names = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert names[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in names} == {(1980, 1, 1, 0, 0, 0)}


def test_same_model_same_bytes() -> None:
    """Rendering twice gives identical bytes in both formats."""
    assert render_pdf(sample())[0] == render_pdf(sample())[0]
    assert render_docx(sample()) == render_docx(sample())


def test_font_covers_what_history_needs() -> None:
    """The family draws Latin Extended, Greek, Cyrillic, typographic marks and the tick box."""
    text = UNICODE + "ĀāŒœŠšŽžΑΒΓΔαβγδЖЗИЙжзий‘’“”–—…•→"
    assert fonts.missing_glyphs(text) == set()
    assert fonts.missing_glyphs("☃") == {"☃"}


@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_paper_size(paper: str) -> None:
    """The PDF page has the chosen paper size."""
    from pypdf import PdfReader

    doc = sample()
    doc = m.Document(doc.title, m.PageStyle(paper=paper), doc.blocks)
    box = PdfReader(io.BytesIO(render_pdf(doc)[0])).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == tuple(
        round(v) for v in m.PAPER_SIZES[paper]
    )
