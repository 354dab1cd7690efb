"""Unit styles: serif and readable faces, in PDF and DOCX."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
from click.testing import CliRunner

from lessongen.build import build_unit, check_unit
from lessongen.cli import main
from tests.conftest import BUNDLED, require_tool


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


def test_readable_face_refuses_cyrillic_clearly(tmp_path: Path) -> None:
    """The bundled unit's Cyrillic terms cannot be set in Atkinson: check says so, located."""
    unit = styled_unit(tmp_path, "readable")
    result = check_unit(unit)
    messages = [p.format() for les in result.lessons for p in les.problems]
    assert messages and all("not in the font Atkinson Hyperlegible" in m for m in messages)
    assert any("CYRILLIC" in m for m in messages)
