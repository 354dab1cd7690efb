"""The floor: lessongen's worksheet content written by the plainest reportlab and python-docx code.

Run: python bench/floor.py [--runs N] [--out FOLDER]

The content (lesson 01-succession's worksheet) is taken from lessongen's own document model and
flattened once into plain items; the timed writers then use only the libraries: reportlab's
SimpleDocTemplate with Paragraphs, a Table per table and a flowable for ruled lines, with the
same four Arimo faces registered (so font embedding costs the same); python-docx with
paragraphs, a table per table and a one-column table of ruled lines.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "lessons" / "stalin-trotsky"
LESSON = "01-succession"

Runs = list[tuple[str, bool, bool]]  # (text, bold, italic)
Item = tuple[Any, ...]  # ("h1", runs), ("question", number, runs, marks), ("lines", n), ...


def worksheet_document(lesson: str = LESSON) -> Any:
    """Return lessongen's Document for a bundled lesson's worksheet."""
    from lessongen.build import _resolve_lesson
    from lessongen.compose import compose, lesson_context
    from lessongen.resolve import SourceLibrary
    from lessongen.spec import load_unit
    from lessongen.templating import template_folders

    unit = load_unit(UNIT)
    resolved = _resolve_lesson(UNIT / f"{lesson}.yaml", unit, SourceLibrary(unit))
    return compose("worksheet", resolved, lesson_context(resolved), template_folders(UNIT))


def content_of(doc: Any) -> tuple[dict[str, str], list[Item]]:
    """Flatten a lessongen Document into page heads and plain content items."""
    from lessongen import model as m

    def runs(inline: m.Inline) -> Runs:
        return [(r.text, r.bold, r.italic) for r in inline]

    def walk(blocks: tuple[m.Block, ...]) -> list[Item]:
        items: list[Item] = []
        for b in blocks:
            if isinstance(b, m.Para):
                items.append((b.style, runs(b.runs)))
            elif isinstance(b, m.Question):
                items.append(("question", b.number, runs(b.runs), b.marks))
            elif isinstance(b, m.AnswerLines):
                items.append(("lines", b.count))
            elif isinstance(b, m.Choices):
                items.append(("choices", [(label, m.plain(r)) for label, r in b.options]))
            elif isinstance(b, m.Table):
                rows = [[" ".join(m.plain(p) for p in c.paras) for c in row] for row in b.rows]
                items.append(("table", rows, list(b.widths), b.header, b.row_height))
            elif isinstance(b, m.Fields):
                items.append(("fields", list(b.labels)))
            elif isinstance(b, m.Box):
                items.append(("box", [runs(p.runs) for p in b.blocks if isinstance(p, m.Para)]))
            elif isinstance(b, m.Keep):
                items += walk(b.blocks)
            elif isinstance(b, m.Space):
                items.append(("space", b.height))
            elif isinstance(b, m.PageBreak):
                items.append(("pagebreak",))
            elif isinstance(b, m.Extract):
                items += [("body", [(f"{x.label}  {x.text}", x.heading, False)]) for x in b.lines]
        return items

    style = doc.style
    heads = {
        "title": doc.title,
        "left": style.header_left,
        "right": style.header_right,
        "footer": style.footer,
    }
    return heads, walk(doc.blocks)


def plain_text(runs: Runs) -> str:
    """Return the text of runs."""
    return "".join(text for text, _, _ in runs)


# --- reportlab --------------------------------------------------------------------------------


def register_fonts() -> str:
    """Register lessongen's four Arimo faces as one family; return the family name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from lessongen.fonts import face_paths

    if "floor-regular" in pdfmetrics.getRegisteredFontNames():
        return "floor"
    for face, path in face_paths("sans").items():
        pdfmetrics.registerFont(TTFont(f"floor-{face}", str(path)))
    pdfmetrics.registerFontFamily(
        "floor",
        normal="floor-regular",
        bold="floor-bold",
        italic="floor-italic",
        boldItalic="floor-bolditalic",
    )
    return "floor"


def write_pdf(heads: dict[str, str], items: list[Item]) -> bytes:
    """Write the items as a PDF with plain reportlab platypus."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        Flowable,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    family = register_fonts()
    regular, bold = f"{family}-regular", f"{family}-bold"
    body = ParagraphStyle("body", fontName=regular, fontSize=11, leading=14.85, spaceAfter=5)
    styles = {
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=19, leading=23),
        "subtitle": ParagraphStyle("subtitle", parent=body, textColor=colors.grey),
        "h1": ParagraphStyle("h1", parent=body, fontName=bold, fontSize=14, spaceBefore=12),
        "h2": ParagraphStyle("h2", parent=body, fontName=bold, fontSize=12, spaceBefore=8),
        "small": ParagraphStyle("small", parent=body, fontSize=9.5, textColor=colors.grey),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=10.5, spaceAfter=0),
    }

    class Lines(Flowable):  # type: ignore[misc]
        """Ruled lines for handwriting."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

        def wrap(self, width: float, height: float) -> tuple[float, float]:
            self.width = width
            return width, self.count * 9 * mm

        def draw(self) -> None:
            self.canv.setLineWidth(0.5)
            for i in range(1, self.count + 1):
                self.canv.line(0, (self.count - i) * 9 * mm, self.width, (self.count - i) * 9 * mm)

    def markup(runs: Runs) -> str:
        out = []
        for text, is_bold, italic in runs:
            text = escape(text)
            text = f"<b>{text}</b>" if is_bold else text
            out.append(f"<i>{text}</i>" if italic else text)
        return "".join(out)

    margin = 18 * mm
    width = A4[0] - 2 * margin
    grid = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), regular),
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    story: list[Any] = []
    for item in items:
        kind = item[0]
        if kind in styles:
            story.append(Paragraph(markup(item[1]), styles[kind]))
        elif kind == "question":
            text = f"<b>{escape(item[1])}</b>  {markup(item[2])}  {escape(item[3])}"
            story.append(Paragraph(text, body))
        elif kind == "lines":
            story.append(Lines(item[1]))
        elif kind == "choices":
            for label, text in item[1]:
                story.append(Paragraph(f"\u25a1 <b>{label}</b>  {escape(text)}", body))
        elif kind == "table":
            rows = [[Paragraph(escape(c), styles["cell"]) for c in row] for row in item[1]]
            total = sum(item[2])
            table = Table(rows, colWidths=[width * w / total for w in item[2]])
            table.setStyle(grid)
            story.append(table)
        elif kind == "fields":
            story.append(Paragraph("    ".join(f"<b>{f}:</b> ____________" for f in item[1]), body))
        elif kind == "box":
            table = Table([[[Paragraph(markup(r), body) for r in item[1]]]], colWidths=[width])
            table.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), regular),
                        ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                    ]
                )
            )
            story.append(table)
        elif kind == "space":
            story.append(Spacer(1, item[1]))
        elif kind == "pagebreak":
            story.append(PageBreak())

    def page(canvas: Any, doc: Any) -> None:
        canvas.setFont(regular, 8.5)
        canvas.drawString(margin, A4[1] - margin + 14, heads["left"])
        canvas.drawRightString(A4[0] - margin, A4[1] - margin + 14, heads["right"])
        canvas.drawString(margin, margin - 22, heads["footer"])
        canvas.drawRightString(A4[0] - margin, margin - 22, f"Page {doc.page}")

    buf = io.BytesIO()
    template = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin + 8,
        bottomMargin=margin, title=heads["title"], invariant=1, initialFontName=regular,
    )  # fmt: skip
    template.build(story, onFirstPage=page, onLaterPages=page)
    return buf.getvalue()


# --- python-docx ------------------------------------------------------------------------------


def write_docx(heads: dict[str, str], items: list[Item]) -> bytes:
    """Write the items as a DOCX with plain python-docx."""
    import docx
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Mm, Pt

    d = docx.Document()
    d.styles["Normal"].font.name = "Arial"
    d.styles["Normal"].font.size = Pt(11)
    section = d.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = section.top_margin = Mm(18)
    section.header.paragraphs[0].text = f"{heads['left']}\t\t{heads['right']}"
    section.footer.paragraphs[0].text = heads["footer"]

    def para(runs: Runs, style: str | None = None) -> Any:
        p = d.add_paragraph(style=style)
        for text, bold, italic in runs:
            run = p.add_run(text)
            run.bold, run.italic = bold or None, italic or None
        return p

    headings = {"title": "Title", "subtitle": "Subtitle", "h1": "Heading 1", "h2": "Heading 2"}
    for item in items:
        kind = item[0]
        if kind in headings:
            d.add_paragraph(plain_text(item[1]), style=headings[kind])
        elif kind in ("body", "small", "quote", "bullet"):
            para(item[1])
        elif kind == "question":
            p = para([(item[1] + "\t", True, False), *item[2], ("\t" + item[3], False, False)])
            p.paragraph_format.keep_with_next = True
        elif kind == "lines":
            table = d.add_table(rows=item[1], cols=1)
            table.style = "Table Grid"  # ruled: the plainest way to draw lines in a DOCX
            for row in table.rows:
                row.height, row.height_rule = Mm(9), WD_ROW_HEIGHT_RULE.EXACTLY
        elif kind == "choices":
            for label, text in item[1]:
                para([("\u25a1 ", False, False), (label, True, False), ("\t" + text, False, False)])
        elif kind == "table":
            rows = item[1]
            table = d.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for row, cells in zip(table.rows, rows, strict=True):
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = text
        elif kind == "fields":
            para([(f"{f}: ____________    ", True, False) for f in item[1]])
        elif kind == "box":
            cell = d.add_table(rows=1, cols=1).cell(0, 0)
            cell.text = plain_text(item[1][0]) if item[1] else ""
        elif kind == "pagebreak":
            d.add_page_break()
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# --- timing -----------------------------------------------------------------------------------


def median_ms(run: Callable[[], object], runs: int) -> float:
    """Return the median wall time of run() in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    """Time the floor writers in one warm process and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30, help="repetitions per writer")
    parser.add_argument("--out", type=Path, help="also write floor.pdf and floor.docx here")
    args = parser.parse_args()
    heads, items = content_of(worksheet_document())
    pdf, docx_bytes = write_pdf(heads, items), write_docx(heads, items)  # warm up
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "floor.pdf").write_bytes(pdf)
        (args.out / "floor.docx").write_bytes(docx_bytes)
    print(f"floor PDF:  {median_ms(lambda: write_pdf(heads, items), args.runs):.1f} ms a document")
    print(f"floor DOCX: {median_ms(lambda: write_docx(heads, items), args.runs):.1f} ms a document")


if __name__ == "__main__":
    main()
