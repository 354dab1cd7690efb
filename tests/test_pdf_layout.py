"""Where the PDF writer puts questions and tick-box options, read back with pdftotext -bbox."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lessongen import model as m
from lessongen.render.pdf import render_pdf
from tests.conftest import require_tool

LONG = (
    "Using Extracts A1 and A2 and your own knowledge, explain why Stalin, not Trotsky, "
    "became the leader of the Soviet Union by 1929, giving at least three reasons."
)


@dataclass(frozen=True)
class Word:
    """One word as poppler places it: page (from 0), box in points from the top left."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def words(doc: m.Document, tmp_path: Path) -> list[Word]:
    """Render a document and return the words of its text block with their boxes.

    The running heads and feet ("Page 1 of 1") are left out.
    """
    require_tool("pdftotext")
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(render_pdf(doc)[0])
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for page, body in enumerate(out.split("<page ")[1:]):
        for hit in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            body,
        ):
            x0, y0, x1, y1 = (float(v) for v in hit.groups()[:4])
            if y0 > m.MARGIN and y1 < doc.style.page_size[1] - m.MARGIN:
                found.append(Word(page, x0, y0, x1, y1, html.unescape(hit[5])))
    return found


def find(found: list[Word], text: str) -> Word:
    """Return the only word with this text."""
    hits = [w for w in found if w.text == text]
    assert len(hits) == 1, (text, hits)
    return hits[0]


def document(*blocks: m.Block, style: m.PageStyle | None = None) -> m.Document:
    """A document of these blocks with running heads that share no words with them."""
    return m.Document("Layout", style or m.PageStyle(footer="Footer"), blocks)


def test_question_number_text_and_marks_share_the_first_line(tmp_path: Path) -> None:
    """The number sits at the margin, the text beside it, the marks flush right on line one."""
    style = m.PageStyle()
    found = words(document(m.Question("12", (m.Run(LONG),), "[100 marks]")), tmp_path)
    number, first, marks = find(found, "12"), find(found, "Using"), find(found, "[100")
    assert abs(number.x0 - m.MARGIN) < 0.5
    assert abs(first.x0 - (m.MARGIN + style.size * 2.2)) < 0.5
    assert abs(find(found, "marks]").x1 - (style.page_size[0] - m.MARGIN)) < 0.5
    assert number.y1 == first.y1 == marks.y1 == find(found, "marks]").y1
    # The text wraps in its own column and never runs into the marks.
    text_words = [w for w in found if w.text in LONG.split()]
    assert max(w.y1 for w in text_words) > first.y1
    assert max(w.x1 for w in text_words) < marks.x0


def test_marks_never_wrap_in_large_print(tmp_path: Path) -> None:
    """At 18 pt the marks column still holds the widest marks text on one line."""
    style = m.PageStyle(size=m.LARGE_PRINT_SIZE, large_print=True)
    question = m.Question("9", (m.Run(LONG),), "[16 marks]")
    found = words(document(question, style=style), tmp_path)
    assert find(found, "[16").y1 == find(found, "marks]").y1 == find(found, "9").y1
    assert find(found, "[16").x0 > max(w.x1 for w in found if w.text in LONG.split())


def test_question_without_number_or_marks(tmp_path: Path) -> None:
    """An empty number or marks leaves nothing behind; the text keeps its column."""
    found = words(document(m.Question("", (m.Run("Only text here"),), "")), tmp_path)
    assert [w.text for w in found] == ["Only", "text", "here"]
    assert abs(found[0].x0 - (m.MARGIN + m.PageStyle().size * 2.2)) < 0.5


def test_choices_letter_and_text_on_one_line(tmp_path: Path) -> None:
    """Each option prints box, bold letter and text on one baseline, text in its column."""
    options = (("A", (m.Run("Zinoviev"),)), ("B", (m.Run(LONG),)), ("C", (m.Run("Kamenev"),)))
    found = words(document(m.Choices(options)), tmp_path)
    a, b, c = find(found, "A"), find(found, "B"), find(found, "C")
    assert a.y1 == find(found, "Zinoviev").y1
    assert c.y1 == find(found, "Kamenev").y1
    # Option B wraps; C starts below its last line.
    assert c.y0 > max(w.y1 for w in found if w.text in LONG.split()) - 1
    assert abs(find(found, "Zinoviev").x0 - find(found, "Kamenev").x0) < 0.01
    assert a.x0 == b.x0 == c.x0


def test_long_choices_split_between_options(tmp_path: Path) -> None:
    """Options that run past the page continue on the next, never splitting one option."""
    options = tuple((f"X{i}", (m.Run(f"option{i} {LONG}"),)) for i in range(40))
    found = words(document(m.Choices(options)), tmp_path)
    pages = [find(found, f"X{i}").page for i in range(40)]
    assert pages == sorted(pages) and pages[-1] > 0
    for i in range(40):
        assert find(found, f"option{i}").page == pages[i]


def test_question_moves_with_its_answer_lines(tmp_path: Path) -> None:
    """A question that fits at the foot of a page but its lines do not goes over with them."""
    style = m.PageStyle(footer="Footer")
    room = style.page_size[1] - 2 * m.MARGIN - 8 - 12  # frame height less its padding
    keep = m.Keep((m.Question("1", (m.Run("Kept question"),), "[2 marks]"), m.AnswerLines(4)))
    found = words(document(m.Space(room - 60), keep, style=style), tmp_path)
    assert find(found, "Kept").page == 1
    found = words(document(m.Space(room - 160), keep, style=style), tmp_path)
    assert find(found, "Kept").page == 0


def test_heading_moves_with_its_first_question(tmp_path: Path) -> None:
    """A heading at the foot of a page goes over with the question it introduces."""
    style = m.PageStyle(footer="Footer")
    room = style.page_size[1] - 2 * m.MARGIN - 8 - 12
    keep = m.Keep((m.Question("1", (m.Run("Kept question"),), "[2 marks]"), m.AnswerLines(4)))
    heading = m.Para((m.Run("Heading"),), "h1")
    found = words(document(m.Space(room - 90), heading, keep, style=style), tmp_path)
    assert find(found, "Heading").page == find(found, "Kept").page == 1


def test_long_marks_text_is_not_wrapped(tmp_path: Path) -> None:
    """Marks wider than the usual column widen it; the text column gives way."""
    marks = "[20 marks, 4 for spelling]"
    found = words(document(m.Question("3", (m.Run(LONG),), marks)), tmp_path)
    marks_words = [find(found, w) for w in marks.split()]
    assert {w.y1 for w in marks_words} == {find(found, "3").y1}
    assert max(w.x1 for w in found if w.text in LONG.split()) < marks_words[0].x0


def test_number_and_marks_print_in_the_fallback_face(tmp_path: Path) -> None:
    """Letters the readable face lacks, in a number or marks, are drawn (in Arimo)."""
    style = m.PageStyle(font="readable", footer="Footer")
    question = m.Question("Б1", (m.Run("Вопрос"),), "[2 балла]")
    found = words(document(question, style=style), tmp_path)
    assert [w.text for w in found] == ["Б1", "Вопрос", "[2", "балла]"]


def test_marks_longer_than_a_third_of_the_line_break_at_spaces(tmp_path: Path) -> None:
    """A template's long marks wording breaks at spaces rather than crowding out the text."""
    marks = "[twelve marks: recall four, analysis three, judgement five]"
    found = words(document(m.Question("7", (m.Run(LONG),), marks)), tmp_path)
    marks_words = [find(found, w) for w in marks.split()]
    assert len({w.y1 for w in marks_words}) > 1  # more than one line
    assert max(w.x1 for w in found if w.text in LONG.split()) < min(w.x0 for w in marks_words)
    right = m.PageStyle().page_size[0] - m.MARGIN
    assert min(w.x0 for w in marks_words) > right - m.PageStyle().text_width / 3 - 1


def test_large_print_extract_too_long_for_a_page_starts_under_its_title(tmp_path: Path) -> None:
    """A 25-line extract cannot fit one page at 18 pt: it starts where it is, rather than
    leaving the first page with nothing but the document's title."""
    page = m.PageStyle(size=m.LARGE_PRINT_SIZE, large_print=True)
    assert page.keep_extract < 25 <= m.PageStyle().keep_extract
    lines = tuple(
        m.ExtractLine(str(n) if n % 5 == 0 else "", f"Line {n} of the extract, long enough.")
        for n in range(1, 26)
    )
    doc = m.Document(
        "Extracts",
        page,
        (
            m.Para((m.Run("Extracts"),), "title"),
            m.Para((m.Run("Extract A1: a long one"),), "h1"),
            m.Extract(lines),
        ),
    )
    first_page = {w.text for w in words(doc, tmp_path) if w.page == 0}
    assert {"A1:", "Line", "1"} <= first_page
