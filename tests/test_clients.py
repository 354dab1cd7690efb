"""Real clients open what lessongen writes: qpdf, pdffonts, LibreOffice, python-docx."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.helpers import words_not_printed


def _pdfs(built: Path) -> list[Path]:
    return sorted(built.glob("*/*.pdf"))


def test_qpdf_finds_no_damage(built: Path) -> None:
    """qpdf --check passes on every PDF."""
    qpdf = require_tool("qpdf")
    for pdf in _pdfs(built):
        result = subprocess.run([qpdf, "--check", str(pdf)], capture_output=True, text=True)
        assert result.returncode == 0, (pdf.name, result.stdout[-500:], result.stderr)


def test_every_font_embedded_and_none_standard(built: Path) -> None:
    """pdffonts lists only embedded TrueType subsets of our family; no standard-14 font."""
    pdffonts = require_tool("pdffonts")
    for pdf in _pdfs(built):
        out = subprocess.run(
            [pdffonts, str(pdf)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert out, pdf
        for line in out:
            cols = line.split()
            name, emb = cols[0], cols[-5]
            assert emb == "yes", (pdf.name, line)
            assert "Arimo" in name, (pdf.name, line)


def test_libreoffice_opens_every_docx_with_the_same_text(
    built: Path, libreoffice_pdfs: Path
) -> None:
    """LibreOffice converts every DOCX, and its PDF holds the words python-docx reads."""
    require_tool("pdftotext")
    for docx_path in sorted(built.glob("*/*.docx")):
        converted = libreoffice_pdfs / docx_path.parent.name / f"{docx_path.stem}.pdf"
        assert converted.exists(), converted
        missing = words_not_printed(docx_path, converted)
        assert not missing, (docx_path.name, missing[:20])


@pytest.mark.parametrize("kind", ["worksheet", "answers", "extracts", "plan"])
def test_python_docx_reopens_and_names_one_font(built: Path, kind: str) -> None:
    """python-docx re-opens the DOCX; its styles name Arial and no theme font."""
    import docx

    document = docx.Document(str(built / "01-succession" / f"{kind}.docx"))
    styles = document.styles.element.xml
    assert 'w:ascii="Arial"' in styles
    assert "minorHAnsi" not in styles.split("<w:style ")[0]
    assert document.core_properties.author == "lessongen"
