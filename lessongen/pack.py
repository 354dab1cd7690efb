"""Unit packs: the built PDFs of a unit gathered into one student and one teacher PDF.

Each pack opens with a contents page (from templates/pack-contents.xml.j2) and every
document starts on a right-hand page when printed double-sided.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessongen.compose import KINDS, page_style
from lessongen.model import MARGIN, Document, PageStyle
from lessongen.spec import Unit
from lessongen.templating import parse_markup, render_template, template_folders, template_path

PACKS = {"student": ("worksheet", "extracts", "essay"), "teacher": ("plan", "answers")}


@dataclass(frozen=True)
class Part:
    """One document of a pack: its lesson, kind and built PDF."""

    number: int
    lesson: str
    kind: str
    pdf: Path


def pack_parts(
    unit_out: Path,
    lessons: list[tuple[str, str]],
    kinds: tuple[str, ...],
    stem_of: Callable[[str], str] = str,
) -> list[Part]:
    """Return the built PDFs of the given kinds, lesson by lesson in teaching order.

    stem_of names a kind's file in the edition packed ('worksheet' -> 'worksheet-support').
    """
    parts = []
    for number, (stem, title) in enumerate(lessons, start=1):
        for kind in kinds:
            pdf = unit_out / stem / f"{stem_of(kind)}.pdf"
            if pdf.is_file():
                parts.append(Part(number, title, kind, pdf))
    return parts


def build_pack(
    unit: Unit,
    unit_out: Path,
    lessons: list[tuple[str, str]],
    audience: str,
    stem_of: Callable[[str], str] = str,
    edition: str = "",
    large_print: bool = False,
) -> tuple[bytes, int]:
    """Merge a unit's built PDFs for one audience; return the pack and its page count.

    edition names the edition packed on the contents page ('' for the core documents).
    """
    from pypdf import PdfReader, PdfWriter

    parts = pack_parts(unit_out, lessons, PACKS[audience], stem_of)
    readers = [PdfReader(part.pdf) for part in parts]
    width, height = (float(v) for v in page_style(unit).page_size)

    def layout(contents_pages: int) -> list[int]:
        """Return each part's first page, every part starting on an odd (right-hand) page."""
        starts, page = [], contents_pages + 1
        for reader in readers:
            page += page % 2 == 0  # a blank left-hand page first
            starts.append(page)
            page += len(reader.pages)
        return starts

    # The contents page's own length decides where the parts start; two passes settle it.
    contents, pages = _contents(unit, audience, parts, layout(1), edition, large_print)
    if pages != 1:
        contents, pages = _contents(unit, audience, parts, layout(pages), edition, large_print)
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(contents)).pages:
        writer.add_page(page)
    blanks = set()
    for reader, start in zip(readers, layout(pages), strict=True):
        while len(writer.pages) < start - 1:
            blanks.add(len(writer.pages))
            writer.add_blank_page(width, height)
        for page in reader.pages:
            writer.add_page(page)
    # Each document numbers its own pages: the pack's numbers, which the contents page gives,
    # are printed at the foot of every page too, so a page can be found from the contents.
    style = page_style(unit, large_print=large_print)
    stamps = PdfReader(io.BytesIO(_page_numbers(len(writer.pages), style)))
    for index, page in enumerate(writer.pages):
        if index not in blanks:
            page.merge_page(stamps.pages[index])
    writer.add_metadata({"/Title": f"{unit.title}: {audience} pack", "/Producer": "lessongen"})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue(), len(writer.pages)


def _page_numbers(count: int, style: PageStyle) -> bytes:
    """Return a PDF of count pages, each bearing only 'Pack page n', centred at the foot."""
    from reportlab.lib import colors
    from reportlab.pdfgen.canvas import Canvas

    from lessongen.render.pdf import font_name, register_family

    name = font_name(style.font, "regular")
    register_family(style.font)
    buf = io.BytesIO()
    # Naming the font at the start keeps reportlab from listing Helvetica on every page.
    canvas = Canvas(buf, pagesize=style.page_size, invariant=1, initialFontName=name)
    for n in range(1, count + 1):
        canvas.setFont(name, style.small_size)
        canvas.setFillColor(colors.Color(0.35, 0.35, 0.35))
        canvas.drawCentredString(style.page_size[0] / 2, MARGIN - 22, f"Pack page {n}")
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _contents(
    unit: Unit,
    audience: str,
    parts: list[Part],
    starts: list[int],
    edition: str = "",
    large_print: bool = False,
) -> tuple[bytes, int]:
    """Render the contents page with the given start pages."""
    from lessongen.render.pdf import render_pdf

    folders = template_folders(unit.path)
    name = "pack-contents.xml.j2"
    context: dict[str, Any] = {
        "unit": {
            "title": unit.title,
            "course": unit.course,
            "level": unit.level,
            "school": unit.style.school,
        },
        "audience": audience,
        "edition": edition,
        "large_print": large_print,
        "entries": [
            {"number": p.number, "lesson": p.lesson, "document": KINDS[p.kind].label, "page": start}
            for p, start in zip(parts, starts, strict=True)
        ],
    }
    title, blocks = parse_markup(
        render_template(folders, name, context), str(template_path(folders, name))
    )
    style = page_style(unit, f"{audience.capitalize()} pack", "Contents", large_print)
    return render_pdf(Document(title, style, blocks, "Contents"))
