"""Reading documents back the way a teacher would see them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from lessongen.sources import normalize


def squash(text: str) -> str:
    """Fold white space, quote and dash styles so text can be compared across formats."""
    return normalize(text)[0]


def pdf_text(path: Path) -> str:
    """Return the text of a PDF as pypdf extracts it."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    """Return a DOCX's body text in order: paragraphs, and table rows as 'a | b' lines."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = [c.text.strip() for c in row.cells]
                if any(cells):
                    lines.append(" | ".join(cells))
    return "\n".join(line.rstrip() for line in lines if line.strip())


def pdftotext_layout(path: Path) -> list[str]:
    """Return the lines of a PDF as poppler lays them out (-layout)."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return out.splitlines()


def soffice_convert(soffice: str, files: list[Path], out: Path, profile: Path) -> None:
    """Convert DOCX files to PDF with LibreOffice, in a profile of their own."""
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    missing = [f.name for f in files if not (out / f"{f.stem}.pdf").exists()]
    assert result.returncode == 0 and not missing, (result.returncode, missing, result.stderr)


def words_not_printed(docx_path: Path, printed_pdf: Path) -> list[str]:
    """Return words of a DOCX that are missing from the PDF a client made of it.

    Spaces and hyphens are ignored on the printed side: pdftotext may drop a space between
    symbols, and a client may break a line after a hyphen.
    """
    # Reading order (no -layout), so the lines of a table cell stay together.
    raw = subprocess.run(
        ["pdftotext", str(printed_pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    printed = squash(raw).replace(" ", "").replace("-", "")
    words = squash(docx_text(docx_path)).replace("|", " ").replace("-", "").split()
    return sorted({w for w in words if w not in printed})


def printed_lines(layout: list[str]) -> list[str]:
    """Return layout lines with white space folded, for matching printed extract lines."""
    return [re.sub(r"\s+", " ", line).strip() for line in layout if line.strip()]
