"""Document -> PDF bytes with reportlab. The only module that imports reportlab.

Every piece of text is split by lessongen.fonts.segments: characters the unit's family lacks
are drawn in its fallback's face of the same weight, in paragraphs (as <font> markup) and on
the canvas alike, so they print, and take the widths extract lines were broken with.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import Any, Self
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import PageBreak as RLPageBreak

from lessongen import fonts
from lessongen import model as m

GREY = colors.Color(0.35, 0.35, 0.35)
RULE = colors.Color(0.55, 0.55, 0.55)
SHADE = colors.Color(0.9, 0.9, 0.9)


def font_name(key: str, face: str) -> str:
    """Return the reportlab name of one face of a family."""
    return f"lg-{key}-{face}"


@functools.cache
def register_family(key: str) -> str:
    """Register a family's four faces with reportlab and return its base name."""
    from reportlab.lib.fonts import addMapping

    paths = fonts.face_paths(key)
    base = f"lg-{key}"
    names = {face: font_name(key, face) for face in fonts.FACES}
    for face, name in names.items():
        pdfmetrics.registerFont(TTFont(name, str(paths[face])))
    pdfmetrics.registerFontFamily(
        base,
        normal=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        boldItalic=names["bolditalic"],
    )
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(base, bold, italic, names[fonts.face_of(bool(bold), bool(italic))])
    return base


class Styles:
    """Paragraph styles of one document, built from its page style."""

    def __init__(self, page: m.PageStyle) -> None:
        self.key = page.font
        for key in fonts.chain(page.font):
            register_family(key)
        self.symbol = font_name(page.symbol_font, "regular")
        register_family(page.symbol_font)
        self.font = font_name(self.key, "regular")
        self.bold = font_name(self.key, "bold")
        size, lead = page.size, page.leading
        self.size, self.leading = size, lead
        # reportlab's default bullet font is Helvetica; a family without the bullet borrows.
        bullet_key, bullet_face, _ = fonts.segments("•", self.key)[0]
        bullet_font = font_name(bullet_key, bullet_face)

        def style(name: str, **kw: Any) -> ParagraphStyle:
            kw.setdefault("fontName", self.font)
            kw.setdefault("bulletFontName", bullet_font)
            kw.setdefault("fontSize", size)
            kw.setdefault("leading", lead)
            kw.setdefault("alignment", TA_LEFT)
            return ParagraphStyle(name, **kw)

        self.by_name = {
            "title": style(
                "title", fontName=self.bold, fontSize=size + 8, leading=size + 12, spaceAfter=2
            ),
            "subtitle": style("subtitle", textColor=GREY, spaceAfter=8),
            "h1": style(
                "h1",
                fontName=self.bold,
                fontSize=size + 3,
                leading=size + 7,
                spaceBefore=12,
                spaceAfter=4,
            ),
            "h2": style(
                "h2",
                fontName=self.bold,
                fontSize=size + 1,
                leading=size + 5,
                spaceBefore=8,
                spaceAfter=3,
            ),
            "body": style("body", spaceAfter=5),
            "small": style(
                "small", fontSize=size - 1.5, leading=lead - 2, spaceAfter=4, textColor=GREY
            ),
            "bullet": style("bullet", leftIndent=14, bulletIndent=3, spaceAfter=3),
            "quote": style("quote", leftIndent=18, rightIndent=18, spaceAfter=6),
            "cell": style("cell", fontSize=size - 0.5, leading=lead - 1),
            "cellhead": style(
                "cellhead", fontName=self.bold, fontSize=size - 0.5, leading=lead - 1
            ),
        }
        self.bold_styles = {name for name, st in self.by_name.items() if st.fontName == self.bold}

    def markup(self, runs: m.Inline, style: str = "body") -> str:
        """Turn runs into reportlab paragraph markup, escaping teacher text.

        Stretches the family lacks are named in their fallback face: a <font> tag sets bold
        and italic from the face it names, so the face is worked out here, style included.
        """
        out = []
        bold_style = style in self.bold_styles
        for run in runs:
            face = fonts.face_of(run.bold or bold_style, run.italic)
            text = "".join(
                escape(part)
                if key == self.key
                else f'<font name="{font_name(key, f)}">{escape(part)}</font>'
                for key, f, part in fonts.segments(run.text, self.key, face)
            )
            if run.bold:
                text = f"<b>{text}</b>"
            if run.italic:
                text = f"<i>{text}</i>"
            out.append(text)
        return "".join(out)

    def parts(self, text: str, bold: bool = False) -> list[tuple[str, str]]:
        """Split one line of text into (reportlab font name, text) stretches by face."""
        return [
            (font_name(key, face), part)
            for key, face, part in fonts.segments(text, self.key, fonts.face_of(bold, False))
        ]

    def width(self, text: str, size: float, *, bold: bool = False) -> float:
        """Return the width of one line of text as draw() sets it."""
        return sum(
            float(pdfmetrics.stringWidth(part, name, size)) for name, part in self.parts(text, bold)
        )

    def draw(
        self,
        canvas: Any,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        right: bool = False,
    ) -> None:
        """Draw one line of text on a canvas, its fallback stretches in the fallback face."""
        parts = self.parts(text, bold)
        if len(parts) == 1:
            canvas.setFont(parts[0][0], size)
            (canvas.drawRightString if right else canvas.drawString)(x, y, text)
            return
        widths = [pdfmetrics.stringWidth(part, name, size) for name, part in parts]
        if right:
            x -= sum(widths)
        for (name, part), width in zip(parts, widths, strict=True):
            canvas.setFont(name, size)
            canvas.drawString(x, y, part)
            x += width

    def line(
        self, canvas: Any, x: float, top: float, text: str, *, bold: bool = False, right: float = 0
    ) -> None:
        """Draw one line of body text in a line box at (x, top); right > 0 ends it at x + right.

        Placed as a one-line paragraph is (translated to the box, baseline one size below its
        top), so the glyphs land where the paragraphs it replaces put them by the same
        arithmetic: pdftotext compares baselines exactly, and its reading order stays the same.
        """
        canvas.saveState()
        canvas.translate(x, top - self.leading)
        self.draw(
            canvas, right, self.leading - self.size, text, self.size, bold=bold, right=right > 0
        )
        canvas.restoreState()


class CachedParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that breaks its lines once for each width it is offered.

    A table measures every cell when it is wrapped and measures it again to draw it, and a
    kept group measures its content before the frame does: the same lines each time.
    """

    _wrapped: tuple[float, tuple[float, float], Any] | None = None  # width, size, lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # Paragraph.wrap ignores the height: the lines depend on the width only. A failed
        # split drops the lines (del self.blPara), and then they are broken again.
        done = self._wrapped
        if done and done[0] == avail_width and done[2] is getattr(self, "blPara", None):
            return done[1]
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        self._wrapped = (avail_width, size, getattr(self, "blPara", None))
        return size


class Strut(Flowable):  # type: ignore[misc]
    """An invisible flowable that holds a table cell open to a minimum height."""

    def __init__(self, height: float) -> None:
        super().__init__()
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, self.height

    def draw(self) -> None:
        pass


class AnswerLinesFlowable(Flowable):  # type: ignore[misc]
    """Ruled handwriting lines that may continue on the next page."""

    def __init__(self, count: int, width: float, spacing: float) -> None:
        super().__init__()
        self.count = count
        self.width = width
        self.spacing = spacing
        self.height = count * spacing

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        fit = int(avail_height // self.spacing)
        if fit < 3 or fit >= self.count:
            return []
        return [
            AnswerLinesFlowable(fit, avail_width, self.spacing),
            AnswerLinesFlowable(self.count - fit, avail_width, self.spacing),
        ]

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        for i in range(self.count):
            y = self.height - (i + 1) * self.spacing
            c.line(0, y, self.width, y)


class ExtractFlowable(Flowable):  # type: ignore[misc]
    """Extract lines drawn exactly as lessongen broke them, numbers in the left margin."""

    def __init__(self, lines: tuple[m.ExtractLine, ...], styles: Styles) -> None:
        super().__init__()
        self.lines = lines
        self.styles = styles
        self.gap = styles.leading * 0.6
        self.height = self._height(lines)

    def _height(self, lines: tuple[m.ExtractLine, ...]) -> float:
        return sum(self.styles.leading + (self.gap if ln.gap_before else 0) for ln in lines)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        used, cut = 0.0, 0
        for ln in self.lines:
            step = self.styles.leading + (self.gap if ln.gap_before else 0)
            if used + step > avail_height:
                break
            used += step
            cut += 1
        # Never leave fewer than three lines on either page (no widows or orphans).
        cut = min(cut, len(self.lines) - 3)
        if cut < 3:
            return []
        rest = list(self.lines[cut:])
        rest[0] = m.ExtractLine(rest[0].label, rest[0].text, False, rest[0].heading)
        return [
            ExtractFlowable(self.lines[:cut], self.styles),
            ExtractFlowable(tuple(rest), self.styles),
        ]

    def draw(self) -> None:
        c = self.canv
        s = self.styles
        y = self.height
        for ln in self.lines:
            y -= s.leading + (self.gap if ln.gap_before else 0)
            base = y + (s.leading - s.size) * 0.5 + 0.2 * s.size
            if ln.label:
                c.setFillColor(GREY)
                s.draw(c, m.GUTTER - 8, base, ln.label, s.size - 2, right=True)
            c.setFillColor(colors.black)
            s.draw(c, m.GUTTER, base, ln.text, s.size, bold=ln.heading)


# Questions and multiple-choice options used to be reportlab Tables; these flowables draw the
# same rows at the same positions (the tables' paddings and column widths below) for a fraction
# of the cost: a Table measures every cell again each time it is wrapped, split or drawn.
QUESTION_PAD = 4  # space above a question's first line
CHOICE_PAD = 1  # space above and below each option
CHOICE_INDENT = 24  # options are set in this far from the left of the text block
CHOICE_LABEL = 54  # tick box and letter
CHOICE_GAP = 6  # kept free right of an option's text (the old table's right padding)
TALL = 72000  # height offered to a paragraph being measured: as much as it needs


def _break_words(text: str, limit: float, width: Callable[[str], float]) -> list[str]:
    """Break text at spaces into lines no wider than limit (a longer word has a line alone)."""
    lines: list[str] = []
    for word in text.split():
        if lines and width(f"{lines[-1]} {word}") <= limit:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


class QuestionFlowable(Flowable):  # type: ignore[misc]
    """A numbered question in one row: bold number, wrapped text, marks flush right.

    Like the one-row table it replaces it is never split, and it is as wide as the text block
    (centred, it overhangs the frame's padding by the same amount as tables do).
    """

    def __init__(self, q: m.Question, styles: Styles, width: float) -> None:
        super().__init__()
        s = styles
        self.styles = s
        self.hAlign = "CENTER"
        self.number = " ".join(q.number.split())
        # The marks column fits "[16 marks]" at the document's size (18 pt in large print) and
        # widens for longer marks, which are not wrapped: only marks longer than a third of
        # the line (a template's own wording) break at spaces, so the question keeps room.
        limit = width / 3
        self.marks = _break_words(q.marks, limit, lambda t: s.width(t, s.size))
        widest = max((s.width(line, s.size) for line in self.marks), default=0.0)
        marks_w = max(64.0, s.width("[16 marks]", s.size) + 8, min(widest, limit) + 8)
        number_w = max(24.0, s.size * 2.2, s.width(self.number, s.size, bold=True) + s.size / 2)
        self.width = width
        self.text_x = number_w
        self.text_width = width - number_w - marks_w
        self.text = CachedParagraph(s.markup(q.runs), s.by_name["body"])
        self.text_height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # The text column's width is fixed, whatever the frame offers.
        self.text_height = self.text.wrap(self.text_width, TALL)[1]
        lines = max(len(self.marks), 1 if self.number else 0)
        self.height = max(self.text_height, lines * self.styles.leading) + QUESTION_PAD
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        c, s = self.canv, self.styles
        top = self.height - QUESTION_PAD
        c.setFillColor(colors.black)
        if self.number:
            s.line(c, 0, top, self.number, bold=True)
        self.text.drawOn(c, self.text_x, top - self.text_height)
        marks_x = self.text_x + self.text_width
        for i, line in enumerate(self.marks):
            s.line(c, marks_x, top - i * s.leading, line, right=self.width - marks_x)


class ChoicesFlowable(Flowable):  # type: ignore[misc]
    """Tick-box options, one row each: box and bold letter, then the option's wrapped text."""

    def __init__(self, rows: list[tuple[str, Paragraph]], styles: Styles, width: float) -> None:
        super().__init__()
        self.rows = rows
        self.styles = styles
        self.hAlign = "RIGHT"
        self.width = width - CHOICE_INDENT
        self.text_width = self.width - CHOICE_LABEL - CHOICE_GAP
        self.heights: list[float] = []  # each row's text height

    @classmethod
    def of(cls, options: tuple[tuple[str, m.Inline], ...], s: Styles, width: float) -> Self:
        """Return the options of a Choices block as a flowable."""
        body = s.by_name["body"]
        return cls(
            [
                (" ".join(label.split()), CachedParagraph(s.markup(runs), body))
                for label, runs in options
            ],
            s,
            width,
        )

    def _row_heights(self) -> list[float]:
        self.heights = [p.wrap(self.text_width, TALL)[1] for _, p in self.rows]
        lead = self.styles.leading
        return [max(h, lead) + 2 * CHOICE_PAD for h in self.heights]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.height = sum(self._row_heights())
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        # Between options, as the table did: as many whole rows as fit stay on this page.
        used, fit = 0.0, 0
        for h in self._row_heights():
            if used + h > avail_height:
                break
            used, fit = used + h, fit + 1
        if fit in (0, len(self.rows)):  # nothing fits, or all do (then it was not asked)
            return []
        return [
            ChoicesFlowable(self.rows[:fit], self.styles, self.width + CHOICE_INDENT),
            ChoicesFlowable(self.rows[fit:], self.styles, self.width + CHOICE_INDENT),
        ]

    def draw(self) -> None:
        c, s = self.canv, self.styles
        size = s.size
        c.setFillColor(colors.black)
        top = self.height
        for (label, para), text_h, row_h in zip(
            self.rows, self.heights, self._row_heights(), strict=True
        ):
            y = top - CHOICE_PAD
            # Box, space (in the family's face) and letter in one text object ending its line,
            # placed as Styles.line places text: text extractors (pypdf, pdftotext) read "□ A"
            # as a line of its own and the option's text as the next, as before.
            c.saveState()
            c.translate(0, y - s.leading)
            t = c.beginText(0, s.leading - size)
            t.setFont(s.symbol, size)
            if s.symbol == s.font:
                t.textOut(f"{m.TICK_BOX} ")
            else:
                t.textOut(m.TICK_BOX)
                t.setFont(s.font, size)
                t.textOut(" ")
            for name, part in s.parts(label, bold=True):
                t.setFont(name, size)
                t.textOut(part)
            t.textLine()
            c.drawText(t)
            c.restoreState()
            para.drawOn(c, CHOICE_LABEL, y - text_h)
            top -= row_h


def _short(block: m.Block, page: m.PageStyle) -> bool:
    """Return whether a block is small enough to move to the next page with its heading."""
    if isinstance(block, m.AnswerLines):
        return block.count <= 8
    if isinstance(block, m.Extract):
        return len(block.lines) <= page.keep_extract
    return True


def _split_long_lines(
    blocks: tuple[m.Block, ...],
) -> tuple[tuple[m.Block, ...], tuple[m.Block, ...]]:
    """Keep only the first lines of a long answer space with its question; the rest may flow."""
    last = blocks[-1] if blocks else None
    if isinstance(last, m.AnswerLines) and last.count > m.KEEP_LINES:
        lead = (*blocks[:-1], m.AnswerLines(m.LEAD_LINES))
        return lead, (m.AnswerLines(last.count - m.LEAD_LINES),)
    return blocks, ()


class Renderer:
    """Turns one Document into flowables."""

    def __init__(self, doc: m.Document) -> None:
        self.doc = doc
        self.page = doc.style
        self.s = Styles(doc.style)
        self.width = doc.style.text_width

    def _tstyle(self, commands: list[tuple[Any, ...]]) -> TableStyle:
        """Return a table style that names our font: reportlab tables default to Helvetica."""
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), self.s.font), *commands])

    def para(self, runs: m.Inline, style: str) -> Paragraph:
        if style == "bullet":
            return CachedParagraph(
                self.s.markup(runs, style), self.s.by_name["bullet"], bulletText="•"
            )
        return CachedParagraph(self.s.markup(runs, style), self.s.by_name[style])

    def flowables(self, blocks: tuple[m.Block, ...]) -> list[Flowable]:
        """Turn blocks into flowables, keeping each heading with the block it introduces."""
        out: list[Flowable] = []
        i = 0
        while i < len(blocks):
            j = i
            while j < len(blocks) and m.styled(blocks[j], ("h1", "h2", "body", "small")):
                j += 1
            starts = m.styled(blocks[i], ("h1", "h2"))
            if starts and j < len(blocks) and j > i and _short(blocks[j], self.page):
                # A Keep is opened so the heading joins its first question; a long answer
                # space after it flows on instead of dragging everything to the next page.
                nxt = blocks[j]
                lead, rest = (
                    _split_long_lines(nxt.blocks) if isinstance(nxt, m.Keep) else ((nxt,), ())
                )
                group = [f for b in (*blocks[i:j], *lead) for f in self.block(b, opened=True)]
                out.append(CondPageBreak(self.s.leading * 4))
                out.append(KeepTogether(group))
                out.extend(self.flowables(rest))
                i = j + 1
            else:
                out.extend(self.block(blocks[i]))
                i += 1
        return out

    def block(self, b: m.Block, opened: bool = False) -> list[Flowable]:
        """Return a block's flowables; opened=True lays a Keep's blocks out loose."""
        s = self.s
        if isinstance(b, m.Para):
            return [self.para(b.runs, b.style)]
        if isinstance(b, m.Question):
            return [QuestionFlowable(b, s, self.width)]
        if isinstance(b, m.AnswerLines):
            return [AnswerLinesFlowable(b.count, self.width, self.page.answer_line), Spacer(1, 4)]
        if isinstance(b, m.Choices):
            return [ChoicesFlowable.of(b.options, s, self.width), Spacer(1, 6)]
        if isinstance(b, m.Table):
            return [self.table(b), Spacer(1, 6)]
        if isinstance(b, m.Extract):
            return [ExtractFlowable(b.lines, s)]
        if isinstance(b, m.Fields):
            return [self.fields(b)]
        if isinstance(b, m.Box):
            inner = self.flowables(b.blocks)
            t = Table([[inner]], colWidths=[self.width])
            t.setStyle(
                self._tstyle(
                    [
                        ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                        ("LEFTPADDING", (0, 0), (-1, -1), 8),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                        ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ]
                )
            )
            return [t, Spacer(1, 6)]
        if isinstance(b, m.Keep):
            if opened:
                return self.flowables(b.blocks)
            blocks, rest = _split_long_lines(b.blocks)
            return [KeepTogether(self.flowables(blocks)), *self.flowables(rest)]
        if isinstance(b, m.PageBreak):
            return [RLPageBreak()]
        if isinstance(b, m.Space):
            return [Spacer(1, b.height)]
        raise TypeError(f"unknown block {b!r}")

    def table(self, b: m.Table) -> Table:
        s = self.s
        total = sum(b.widths)
        widths = [self.width * w / total for w in b.widths]
        rows = []
        for r, row in enumerate(b.rows):
            header = b.header and r == 0
            style = "cellhead" if header else "cell"
            cells: list[list[Flowable]] = [
                [CachedParagraph(s.markup(p, style), s.by_name[style]) for p in cell.paras]
                for cell in row
            ]
            if b.row_height and not header:
                # A zero-width strut gives the row its minimum writing height; text may grow it.
                empty = [k for k, cell in enumerate(row) if not any(cell.paras)]
                cells[empty[0] if empty else -1].insert(0, Strut(b.row_height - 9))
            rows.append(cells)
        t = Table(rows, colWidths=widths, repeatRows=1 if b.header else 0)
        commands: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
        if b.header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
        t.setStyle(self._tstyle(commands))
        return t

    def fields(self, b: m.Fields) -> Table:
        s = self.s
        share = (
            [0.45, 0.25, 0.30][: len(b.labels)]
            if len(b.labels) == 3
            else [1 / len(b.labels)] * len(b.labels)
        )
        row, widths, commands = [], [], []
        for i, label in enumerate(b.labels):
            label_p = CachedParagraph(s.markup((m.Run(f"{label}:", bold=True),)), s.by_name["body"])
            row += [label_p, ""]
            label_w = s.size * (len(label) * 0.62 + 1.5)
            widths += [label_w, self.width * share[i] - label_w]
            commands.append(("LINEBELOW", (2 * i + 1, 0), (2 * i + 1, 0), 0.6, colors.black))
        t = Table([row], colWidths=widths, rowHeights=[s.leading * 2])
        t.setStyle(
            self._tstyle(
                [
                    *commands,
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        return t


def _numbered_canvas(doc: m.Document, styles: Styles) -> type[Canvas]:
    """A canvas class that draws running heads and 'Page n of N' once the count is known."""
    page = doc.style

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            w, h = page.page_size
            top = h - m.MARGIN + 14
            size = page.small_size
            self.setFillColor(GREY)
            left = m.MARGIN
            if page.logo:
                self.drawImage(
                    page.logo,
                    left,
                    top - 4,
                    width=None,
                    height=18,
                    preserveAspectRatio=True,
                    anchor="sw",
                    mask="auto",
                )
                left += 60
            styles.draw(self, left, top, page.header_left, size)
            styles.draw(self, w - m.MARGIN, top, page.header_right, size, right=True)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(m.MARGIN, top - 4, w - m.MARGIN, top - 4)
            bottom = m.MARGIN - 22
            styles.draw(self, m.MARGIN, bottom, page.footer, size)
            number = f"Page {self._pageNumber} of {total}"
            styles.draw(self, w - m.MARGIN, bottom, number, size, right=True)

    return NumberedCanvas


def render_pdf(doc: m.Document) -> tuple[bytes, int]:
    """Render a Document to PDF bytes; return them with the page count."""
    renderer = Renderer(doc)
    buf = io.BytesIO()
    template = SimpleDocTemplate(
        buf,
        pagesize=doc.style.page_size,
        leftMargin=m.MARGIN,
        rightMargin=m.MARGIN,
        topMargin=m.MARGIN + 8,
        bottomMargin=m.MARGIN,
        title=doc.title,
        author="lessongen",
        subject=doc.subject,
        creator="lessongen",
        invariant=1,
        initialFontName=renderer.s.font,  # else reportlab lists Helvetica on every page
    )
    template.build(renderer.flowables(doc.blocks), canvasmaker=_numbered_canvas(doc, renderer.s))
    return buf.getvalue(), template.page
