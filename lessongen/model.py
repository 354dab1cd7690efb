"""The format-neutral document: what a page holds, with no knowledge of lessons or of files.

Composers build these objects; the PDF and DOCX renderers draw them. Pure data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MM = 72 / 25.4
PAPER_SIZES = {"A4": (210 * MM, 297 * MM), "letter": (8.5 * 72, 11 * 72)}
MARGIN = 18 * MM
GUTTER = 10 * MM  # room left of extract text for line numbers
LINE_SLACK = 0.95  # extract lines use at most this share of the column, so no client re-wraps
TICK_BOX = "\u25a1"  # WHITE SQUARE
ANSWER_LINE = 9 * MM  # handwriting space between ruled lines
LARGE_ANSWER_LINE = 13 * MM  # more room for large handwriting in the large-print edition
LARGE_PRINT_SIZE = 18.0  # modified large print, as exam access arrangements ask
KEEP_EXTRACT = 25  # an extract of up to this many lines is not split (PageStyle.keep_extract)
KEEP_LINES = 12  # answer space up to this many lines moves to the next page with its question
LEAD_LINES = 3  # a longer answer space keeps only this many lines with its question
KEEP_ROWS = 16  # a table of up to this many rows moves to the next page whole


@dataclass(frozen=True)
class PageStyle:
    """Paper, margins, type and running heads shared by every page of a document."""

    paper: str = "A4"
    font: str = "sans"  # a key of lessongen.fonts.FAMILIES
    docx_font: str = "Arial"
    size: float = 11.0
    header_left: str = ""
    header_right: str = ""
    footer: str = ""
    logo: str | None = None  # path of an image for the running head
    large_print: bool = False  # the modified large-print edition (exam access arrangements)
    italics: bool = True  # False: italic text is set upright (dyslexia-friendly guidance)
    line_spacing: float = 1.35  # baseline distance as a multiple of the size
    symbol_font: str = "sans"  # the family that draws tick boxes (every family's own may lack one)
    symbol_docx_font: str = "Arial"

    @property
    def page_size(self) -> tuple[float, float]:
        """Return (width, height) in points."""
        return PAPER_SIZES[self.paper]

    @property
    def text_width(self) -> float:
        """Return the width of the text block in points."""
        return self.page_size[0] - 2 * MARGIN

    @property
    def extract_width(self) -> float:
        """Return the width an extract line may fill, slack already taken off."""
        return (self.text_width - GUTTER) * LINE_SLACK

    @property
    def leading(self) -> float:
        """Return the distance between baselines of body text (wider in large print)."""
        return round(self.size * max(self.line_spacing, 1.5 if self.large_print else 0), 2)

    @property
    def text_height(self) -> float:
        """Return the height of the text block in points (below the running head)."""
        return self.page_size[1] - 2 * MARGIN - 8

    @property
    def keep_extract(self) -> int:
        """Return the most lines an extract may have to be kept whole on one page.

        KEEP_EXTRACT in ordinary print; fewer in large print, where 25 lines with their heading
        would not fit a page: moved to a fresh page, the extract would split there anyway
        and leave a page nearly empty behind it.
        """
        return min(KEEP_EXTRACT, int(self.text_height * 0.75 / self.leading))

    @property
    def answer_line(self) -> float:
        """Return the handwriting space between ruled lines."""
        return LARGE_ANSWER_LINE if self.large_print else ANSWER_LINE

    @property
    def small_size(self) -> float:
        """Return the size of running heads and page numbers."""
        return max(8.5, self.size * 0.75)


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False


Inline = tuple[Run, ...]


@dataclass(frozen=True)
class Para:
    """A paragraph. Styles: title, subtitle, h1, h2, body, small, bullet, quote."""

    runs: Inline
    style: str = "body"


@dataclass(frozen=True)
class Question:
    """A numbered question with its mark allocation printed at the right."""

    number: str
    runs: Inline
    marks: str = ""


@dataclass(frozen=True)
class AnswerLines:
    """Ruled lines for handwriting."""

    count: int


@dataclass(frozen=True)
class Choices:
    """Tick-box options of a multiple-choice question."""

    options: tuple[tuple[str, Inline], ...]


@dataclass(frozen=True)
class Cell:
    """A table cell: one or more paragraphs of runs."""

    paras: tuple[Inline, ...]


@dataclass(frozen=True)
class Table:
    """A ruled table; widths are relative shares of the text width."""

    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    header: bool = True
    row_height: float = 0.0  # minimum row height in points, for writing space


@dataclass(frozen=True)
class ExtractLine:
    """One printed line of an extract: margin label, text, and its layout role."""

    label: str
    text: str
    gap_before: bool = False
    heading: bool = False


@dataclass(frozen=True)
class Extract:
    """Line-numbered extract text; the lines were broken by lessongen, never by the client."""

    lines: tuple[ExtractLine, ...]


@dataclass(frozen=True)
class Fields:
    """Write-in fields such as Name, Class, Date."""

    labels: tuple[str, ...]


@dataclass(frozen=True)
class Box:
    """A bordered panel, e.g. a word bank."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Keep:
    """Blocks kept on one page when they fit (a question with its answer lines)."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


@dataclass(frozen=True)
class Space:
    """Vertical space in points."""

    height: float


Block = (
    Para
    | Question
    | AnswerLines
    | Choices
    | Table
    | Extract
    | Fields
    | Box
    | Keep
    | PageBreak
    | Space
)


@dataclass(frozen=True)
class Document:
    """A whole document: its title, page style and blocks in print order."""

    title: str
    style: PageStyle
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    subject: str = ""


def plain(runs: Inline) -> str:
    """Return the text of runs without styling."""
    return "".join(r.text for r in runs)


def styled(block: Block, styles: tuple[str, ...]) -> bool:
    """Return whether a block is a paragraph in one of the styles."""
    return isinstance(block, Para) and block.style in styles
