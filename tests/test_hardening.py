"""Hardening: awkward text, limits, paths that leave the unit, failed writes, interruption."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import lessongen.build as build_module
import lessongen.resolve as resolve_module
import lessongen.sources as sources_module
from lessongen.build import build_unit, check_unit
from lessongen.cli import main
from tests.conftest import BUNDLED, ROOT, require_tool
from tests.helpers import docx_text, pdf_text, soffice_convert, squash, words_not_printed

HILLSIDE = ROOT / "tests" / "fixtures" / "units" / "hillside"
AWKWARD = [
    "Trials: <tags> & {{ braces }} in “every” field — кулак",
    "<Results & Prospects>",
    "{{ Respects and Prospects }}",
    "Ω & β",
    "кулак (kulak)",
    "Teacher's notes with 100% markup: <i>not italic</i> & {# not a comment #}.",
]


@pytest.fixture(scope="module")
def hillside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the awkward-text unit (logo, Letter paper) and return its lesson folder."""
    out = tmp_path_factory.mktemp("hillside")
    result = build_unit(HILLSIDE, out)
    assert result.ok, [p.format() for lesson in result.lessons for p in lesson.problems]
    return out / "hillside" / "01-trials"


def test_awkward_text_prints_as_typed(hillside: Path) -> None:
    """Markup characters, braces, Cyrillic and Greek print exactly as the teacher typed them."""
    printed = squash(
        " ".join(pdf_text(p) + docx_text(p.with_suffix(".docx")) for p in hillside.glob("*.pdf"))
    )
    for text in AWKWARD:
        assert squash(text) in printed, text


def test_logo_and_school_on_every_document(hillside: Path) -> None:
    """The school's logo is embedded in each PDF and DOCX, and its name is in the header."""
    for pdf in hillside.glob("*.pdf"):
        assert b"/Subtype /Image" in pdf.read_bytes(), pdf.name
        assert "Hillside Academy — History Department" in pdf_text(pdf)
        names = zipfile.ZipFile(io.BytesIO(pdf.with_suffix(".docx").read_bytes())).namelist()
        assert any(n.startswith("word/media/") for n in names), pdf.name


def test_clients_accept_the_awkward_unit(hillside: Path, tmp_path: Path) -> None:
    """qpdf, pdffonts and LibreOffice accept every file of the awkward unit."""
    qpdf, pdffonts, soffice = (require_tool(t) for t in ("qpdf", "pdffonts", "soffice"))
    for pdf in sorted(hillside.glob("*.pdf")):
        assert subprocess.run([qpdf, "--check", str(pdf)], capture_output=True).returncode == 0
        fonts = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True).stdout
        assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), pdf.name
    docx = sorted(hillside.glob("*.docx"))
    soffice_convert(soffice, docx, tmp_path, tmp_path / "profile")
    for path in docx:
        assert not words_not_printed(path, tmp_path / f"{path.stem}.pdf"), path.name


def unit_copy(tmp_path: Path, source: Path = BUNDLED) -> Path:
    """Copy a unit into tmp_path."""
    unit = tmp_path / source.name
    shutil.copytree(source, unit)
    return unit


def messages(result: build_module.UnitResult) -> list[str]:
    """Return every problem message of a unit result."""
    found = [p.message for p in result.problems]
    return found + [p.message for lesson in result.lessons for p in lesson.problems]


def test_source_size_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A source over the size limit is refused with its size and what to do."""
    monkeypatch.setattr(sources_module, "MAX_SOURCE_BYTES", 5_000)
    found = messages(check_unit(unit_copy(tmp_path)))
    assert any("lessongen reads sources of up to" in m for m in found), found


def test_extract_length_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An extract longer than the limit is refused, naming its length."""
    monkeypatch.setattr(resolve_module, "MAX_EXTRACT_LINES", 10)
    found = messages(check_unit(unit_copy(tmp_path)))
    assert any("printed lines long; the most is 10" in m for m in found), found


def test_symlinked_source_outside_the_unit_is_refused(tmp_path: Path) -> None:
    """A source file that is a link to a file outside the unit is not read."""
    unit = unit_copy(tmp_path)
    outside = tmp_path / "secret.txt"
    outside.write_text("A secret paragraph that must never be printed.\n", encoding="utf-8")
    target = unit / "sources" / "interwar-years.txt"
    target.unlink()
    target.symlink_to(outside)
    found = messages(check_unit(unit))
    assert any("outside the unit's sources/ folder" in m for m in found), found


def test_symlinked_logo_outside_the_unit_is_refused(tmp_path: Path) -> None:
    """A logo that links outside the unit folder is refused like a '../' path."""
    unit = unit_copy(tmp_path, HILLSIDE)
    (unit / "logo.png").unlink()
    (unit / "logo.png").symlink_to(HILLSIDE / "logo.png")
    found = messages(check_unit(unit))
    assert any("is outside the unit folder" in m for m in found), found


def test_template_cannot_include_files_outside_template_folders(tmp_path: Path) -> None:
    """A department template that includes '../' paths gets an error, not the file."""
    unit = unit_copy(tmp_path)
    (unit / "templates").mkdir()
    (unit / "templates" / "plan.xml.j2").write_text(
        '<document title="x"><p>{% include "../unit.yaml" %}</p></document>\n', encoding="utf-8"
    )
    result = build_unit(unit, tmp_path / "out", [unit / "01-succession.yaml"], only=["plan"])
    found = messages(result)
    assert any("template not found" in m or "template error" in m for m in found), found
    assert not (tmp_path / "out" / unit.name / "01-succession").exists()


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    """An output folder that cannot be made is reported with advice, exit 1, no traceback."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(BUNDLED), "-o", str(blocker / "out"), "-f", "pdf", "--only", "plan"]
    )
    assert result.exit_code == 1, result.output
    assert "cannot write output" in result.output and "choose another folder with -o" in (
        result.output
    )
    assert "Traceback" not in result.output


def test_interrupted_build_leaves_no_partial_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C mid-lesson: exit 130, finished lessons complete, no temporary or partial files."""
    out = tmp_path / "out"
    real = build_module.render
    calls = {"n": 0}

    def interrupted(doc, fmt):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 12:  # during the second lesson (the first renders 8 files)
            raise KeyboardInterrupt
        return real(doc, fmt)

    monkeypatch.setattr(build_module, "render", interrupted)
    result = CliRunner().invoke(main, ["build", str(BUNDLED), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 130
    assert "interrupted" in result.output
    unit = out / "stalin-trotsky"
    assert len(list((unit / "01-succession").iterdir())) == 8
    assert not (unit / "02-trotsky").exists() or not list((unit / "02-trotsky").iterdir())
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_big_inputs_still_build(tmp_path: Path) -> None:
    """A 5 MB source and a 300-question lesson build (the benchmark times them)."""
    unit = tmp_path / "big"
    (unit / "sources").mkdir(parents=True)
    paragraph = (BUNDLED / "sources" / "most-hated-rival.txt").read_text("utf-8").split("---")[-1]
    body = (paragraph.strip() + "\n\n") * (5_000_000 // len(paragraph) + 1)
    (unit / "sources" / "big.txt").write_text(body, encoding="utf-8")
    assert (unit / "sources" / "big.txt").stat().st_size >= 5_000_000
    items = "".join(
        f"      - q: Question {i}, where was Trotsky born?\n"
        f"        answer: Yanovka\n"
        f'        evidence: "born to a family of Jewish farmers in Yanovka"\n'
        for i in range(300)
    )
    (unit / "big.yaml").write_text(
        "title: Big lesson\nsources:\n  A: big\nactivities:\n  - type: questions\n"
        f"    items:\n{items}",
        encoding="utf-8",
    )
    result = build_unit(unit, tmp_path / "out", formats=["pdf"], only=["worksheet", "answers"])
    assert result.ok, messages(result)
    assert os.path.getsize(tmp_path / "out" / "big" / "big" / "answers.pdf") > 0
