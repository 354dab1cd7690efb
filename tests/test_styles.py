"""Unit styles: serif and readable faces, and the fallback face, in PDF and DOCX."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
from click.testing import CliRunner

from lessongen import fonts
from lessongen.build import build_unit, check_unit
from lessongen.cli import main
from lessongen.compose import page_style
from lessongen.resolve import Resolved, SourceLibrary, resolve
from lessongen.spec import load_lesson, load_unit
from tests.conftest import BUNDLED, require_tool
from tests.helpers import pdftotext_layout, printed_lines, soffice_convert, squash
from tests.test_citations import CITE


def styled_unit(tmp_path: Path, font: str, source: Path = BUNDLED) -> Path:
    """Copy a unit and set its font."""
    unit = tmp_path / font
    shutil.copytree(source, unit)
    path = unit / "unit.yaml"
    text = path.read_text("utf-8") if path.exists() else "title: Styled\nstyle:\n  font: sans\n"
    path.write_text(text.replace("font: sans", f"font: {font}"), encoding="utf-8")
    return unit


def fonts_of(pdf: Path) -> list[str]:
    """Return the base names of the fonts pdffonts lists, all of which must be embedded."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in out.stdout.splitlines()[2:]]
    assert all(row[-5] == "yes" for row in rows), out.stdout
    return sorted(row[0].split("+", 1)[1] for row in rows)


def test_serif_unit_prints_in_noto_serif(tmp_path: Path) -> None:
    """font: serif sets the PDF in Noto Serif (tick boxes in Arimo); the DOCX names Times."""
    require_tool("pdffonts")
    unit = styled_unit(tmp_path, "serif")
    assert build_unit(unit, tmp_path / "out", [unit / "01-succession.yaml"], only=["worksheet"]).ok
    folder = tmp_path / "out" / "serif" / "01-succession"
    assert fonts_of(folder / "worksheet.pdf") == [
        "Arimo-Regular",
        "NotoSerif-Bold",
        "NotoSerif-Italic",
        "NotoSerif-Regular",
    ]
    styles = docx.Document(str(folder / "worksheet.docx")).styles.element.xml
    assert 'w:ascii="Times New Roman"' in styles


def test_readable_unit_has_no_italics_and_wider_spacing(tmp_path: Path) -> None:
    """font: readable uses Atkinson Hyperlegible, no italic face, 1.5 line spacing."""
    require_tool("pdffonts")
    (tmp_path / "made").mkdir()
    result = CliRunner().invoke(main, ["new", str(tmp_path / "made" / "u")])
    assert result.exit_code == 0, result.output
    unit = styled_unit(tmp_path, "readable", tmp_path / "made" / "u")
    assert build_unit(unit, tmp_path / "out", only=["worksheet"]).ok
    folder = tmp_path / "out" / "readable" / "01-example"
    names = fonts_of(folder / "worksheet.pdf")
    assert all("Atkinson" in n or n == "Arimo-Regular" for n in names), names
    assert not [n for n in names if "Italic" in n]
    document = docx.Document(str(folder / "worksheet.docx"))
    assert not any(run.italic for p in document.paragraphs for run in p.runs)


RUSSIAN_SOURCE = """\
---
title: Collectivisation (коллективизация)
kind: secondary (study guide)
---

# Вторая революция

Stalin's second revolution began in the countryside. In 1929 he called for the liquidation of
the kulaks as a class (ликвидация кулачества как класса). A kulak (кулак, literally a fist) was
said to be a rich peasant who hired labour, but the label was stretched to anyone who resisted
the collective farms (колхозы). Party brigades seized grain, and millions were deported to
special settlements (спецпоселения) in Siberia and Kazakhstan. In Ukraine the famine that
followed is remembered as the Holodomor (Голодомор), death by hunger; a Greek historian would
call it λιμός, and the people who suffered it the δῆμος. By 1936 almost nine in ten households
had been forced into collective farms, and the village commune (мир, or община) was gone.
"""

RUSSIAN_LESSON = """\
title: Collectivisation (коллективизация)
sources:
  A: collectivisation
extracts:
  A1:
    source: A
    from: "Stalin's second revolution"
    to: "was gone."
activities:
  - type: questions
    extract: A1
    items:
      - q: "What does the Russian word кулак mean, and what did Greek writers call the δῆμος?"
        answer: "A fist; the common people."
        evidence: "A kulak (кулак, literally a fist)"
      - q: "What is the famine called in Ukraine (Голодомор)?"
        answer: "The Holodomor (Голодомор)."
        evidence: "In Ukraine the famine that followed is remembered as the Holodomor (Голодомор)"
"""


def russian_unit(tmp_path: Path, font: str = "readable") -> Path:
    """Write a unit whose extract, question and answers mix Latin, Cyrillic and Greek."""
    unit = tmp_path / "russian"
    (unit / "sources").mkdir(parents=True)
    (unit / "unit.yaml").write_text(
        f"title: Россия (Russia)\nstyle:\n  font: {font}\n", encoding="utf-8"
    )
    (unit / "sources" / "collectivisation.txt").write_text(RUSSIAN_SOURCE, encoding="utf-8")
    (unit / "01-collectivisation.yaml").write_text(RUSSIAN_LESSON, encoding="utf-8")
    return unit


def resolved_russian(unit: Path) -> Resolved:
    """Resolve the unit's one lesson as a build would."""
    loaded = load_unit(unit)
    lesson = load_lesson(unit / "01-collectivisation.yaml")
    return resolve(lesson, SourceLibrary(loaded), page_style(loaded))


def test_readable_unit_prints_cyrillic_and_greek_in_arimo(tmp_path: Path) -> None:
    """Letters Atkinson lacks print in Arimo of the same weight; every font is embedded."""
    require_tool("pdftotext")
    require_tool("pdffonts")
    unit = russian_unit(tmp_path)
    assert check_unit(unit).ok
    assert build_unit(unit, tmp_path / "out", formats=["pdf"]).ok
    folder = tmp_path / "out" / "russian" / "01-collectivisation"
    worksheet = subprocess.run(
        ["pdftotext", str(folder / "worksheet.pdf"), "-"], capture_output=True, text=True
    ).stdout
    for term in ("кулак", "δῆμος", "(Голодомор)", "Россия (Russia)", "(коллективизация)"):
        assert term in worksheet, term
    # The running head is drawn on the canvas, not as a paragraph: it borrows Arimo too.
    head = printed_lines(pdftotext_layout(folder / "worksheet.pdf"))[0]
    assert head == "Россия (Russia) Collectivisation (коллективизация)"
    # Bold Cyrillic (the title) is drawn in Arimo Bold; no italic face is ever used.
    assert fonts_of(folder / "worksheet.pdf") == [
        "Arimo-Bold",
        "Arimo-Regular",
        "AtkinsonHyperlegible-Bold",
        "AtkinsonHyperlegible-Regular",
    ]
    extracts = subprocess.run(
        ["pdftotext", str(folder / "extracts.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "λιμός" in extracts and "(спецпоселения)" in extracts
    assert "Arimo-Regular" in fonts_of(folder / "extracts.pdf")


def test_fallback_letters_keep_extract_lines_and_citations(tmp_path: Path) -> None:
    """Extract lines are measured in the faces that draw them, so cited lines are printed."""
    require_tool("pdftotext")
    unit = russian_unit(tmp_path)
    assert build_unit(unit, tmp_path / "out", formats=["pdf"]).ok
    folder = tmp_path / "out" / "russian" / "01-collectivisation"
    lesson = resolved_russian(unit)
    extract = lesson.extracts["A1"]
    printed = printed_lines(pdftotext_layout(folder / "extracts.pdf"))
    numbered = {ln.number: ln.text for ln in extract.lines if ln.number}
    assert len(numbered) >= 6
    for number, text in numbered.items():
        label = f"{number} " if number % 5 == 0 else ""
        assert re.sub(r"\s+", " ", f"{label}{text}").strip() in printed, text
    answers = squash(" ".join(pdftotext_layout(folder / "answers.pdf")))
    wheres = sorted(c.where for c in lesson.citations.values())
    assert wheres == ["A1, line 2", "A1, lines 5–6"]  # the Holodomor quote spans two lines
    for citation in lesson.citations.values():
        cite = CITE.match(citation.where)
        assert cite, citation.where
        first, last = int(cite["a"]), int(cite["b"] or cite["a"])
        cited = " ".join(numbered[n] for n in range(first, last + 1))
        assert squash(citation.quote) in squash(cited), citation.where
        assert squash(citation.where) in answers


def test_extract_lines_measure_fallback_letters_as_drawn(tmp_path: Path) -> None:
    """Each extract line fits as drawn, and is full: the next word, drawn, would not fit."""
    from reportlab.pdfbase import pdfmetrics

    from lessongen.render.pdf import Styles, font_name

    unit = russian_unit(tmp_path)
    lesson = resolved_russian(unit)
    style = lesson.style
    Styles(style)  # registers the faces with reportlab

    def drawn(text: str) -> float:
        return sum(
            pdfmetrics.stringWidth(part, font_name(key, face), style.size)
            for key, face, part in fonts.segments(text, style.font)
        )

    lines = [ln for ln in lesson.extracts["A1"].lines if ln.number]
    source = lesson.extracts["A1"].source.text
    assert any(set(ln.text) - fonts.coverage("readable") for ln in lines)
    for ln, nxt in itertools.pairwise(lines):
        measured = fonts.metrics(style.font).width(ln.text, style.size)
        assert abs(drawn(ln.text) - measured) < 0.05 * style.size, ln.text
        assert drawn(ln.text) <= style.extract_width
        if not nxt.gap_before:
            longer = source[ln.start : nxt.start] + nxt.text.split(" ", 1)[0]
            assert drawn(longer.rstrip()) > style.extract_width, ln.text


def test_character_no_font_has_is_still_refused(tmp_path: Path) -> None:
    """A CJK ideograph or an emoji is in neither Atkinson nor Arimo: check names it, located."""
    unit = russian_unit(tmp_path)
    lesson = unit / "01-collectivisation.yaml"
    text = lesson.read_text(encoding="utf-8").replace("A fist;", "A fist 拳 ✊;")
    lesson.write_text(text, encoding="utf-8")
    result = check_unit(unit)
    messages = [p.format() for les in result.lessons for p in les.problems]
    assert messages == [
        f"{lesson}:14: activities[0].items[0].answer: cannot be printed: "
        "'拳' (U+62F3 CJK UNIFIED IDEOGRAPH-62F3), '✊' (U+270A RAISED FIST) are in neither the "
        "font Atkinson Hyperlegible nor its fallback Arimo and would print as an empty box; "
        "replace or remove them"
    ]


def test_serif_borrows_what_it_lacks_from_arimo(tmp_path: Path) -> None:
    """Noto Serif lacks Coptic letters that Arimo has: they print, in Arimo."""
    require_tool("pdftotext")
    require_tool("pdffonts")
    unit = russian_unit(tmp_path, "serif")
    lesson = unit / "01-collectivisation.yaml"
    text = lesson.read_text(encoding="utf-8").replace("A fist;", "A fist (Ϣ);")
    lesson.write_text(text, encoding="utf-8")
    assert check_unit(unit).ok
    assert build_unit(unit, tmp_path / "out", formats=["pdf"], only=["answers"]).ok
    pdf = tmp_path / "out" / "russian" / "01-collectivisation" / "answers.pdf"
    answers = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "A fist (Ϣ);" in answers and "кулак" in answers
    assert "Arimo-Regular" in fonts_of(pdf)


def test_readable_docx_carries_its_face_and_libreoffice_keeps_the_lines(tmp_path: Path) -> None:
    """The readable DOCX embeds Atkinson Hyperlegible (few computers have it) and names Arial
    on borrowed letters, so LibreOffice prints every extract line as the PDF numbers it."""
    soffice = require_tool("soffice")
    require_tool("pdftotext")
    require_tool("pdffonts")
    unit = russian_unit(tmp_path)
    assert build_unit(unit, tmp_path / "out", formats=["docx"]).ok
    folder = tmp_path / "out" / "russian" / "01-collectivisation"
    with zipfile.ZipFile(folder / "extracts.docx") as package:
        assert sorted(n for n in package.namelist() if n.startswith("word/fonts/")) == [
            "word/fonts/font1.odttf",
            "word/fonts/font2.odttf",
        ]
        table = package.read("word/fontTable.xml").decode()
        assert 'w:name="Atkinson Hyperlegible"' in table and "w:embedBold" in table
    # This machine has no Atkinson Hyperlegible installed: the embedded one must be used.
    converted = tmp_path / "lo"
    soffice_convert(soffice, [folder / "extracts.docx"], converted, tmp_path / "profile")
    assert "AtkinsonHyperlegible-Regular" in fonts_of(converted / "extracts.pdf")
    printed = printed_lines(pdftotext_layout(converted / "extracts.pdf"))
    extract = resolved_russian(unit).extracts["A1"]
    for ln in extract.lines:
        if ln.number:
            label = f"{ln.number} " if ln.number % 5 == 0 else ""
            assert re.sub(r"\s+", " ", f"{label}{ln.text}").strip() in printed, ln.text
