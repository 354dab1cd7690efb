"""Templates: unit overrides, located template errors, sandboxing, teacher text as content."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from lessongen.cli import main
from lessongen.templating import default_template_dir
from tests.conftest import BUNDLED
from tests.helpers import pdf_text

LESSON = "02-trotsky"


def unit_copy(tmp_path: Path) -> Path:
    """Copy the bundled unit with one lesson into tmp_path."""
    unit = tmp_path / "unit"
    shutil.copytree(BUNDLED / "sources", unit / "sources")
    shutil.copy(BUNDLED / f"{LESSON}.yaml", unit)
    return unit


def build(unit: Path, out: Path) -> tuple[int, str]:
    """Build the worksheet PDF only; return exit code and combined output."""
    result = CliRunner().invoke(
        main, ["build", str(unit), "-o", str(out), "-f", "pdf", "--only", "worksheet"]
    )
    return result.exit_code, result.output


def test_unit_template_overrides_default_by_name(tmp_path: Path) -> None:
    """A unit's templates/worksheet.xml.j2 replaces the default wording."""
    unit = unit_copy(tmp_path)
    (unit / "templates").mkdir()
    text = (default_template_dir() / "worksheet.xml.j2").read_text(encoding="utf-8")
    fields = "{{ m.fields(large_print) }}"
    assert fields in text
    text = text.replace(fields, "<fields><field>Name</field><field>Form</field></fields>")
    (unit / "templates" / "worksheet.xml.j2").write_text(text, encoding="utf-8")
    code, output = build(unit, tmp_path / "out")
    assert code == 0, output
    printed = pdf_text(tmp_path / "out" / "unit" / LESSON / "worksheet.pdf")
    assert "Form:" in printed and "Class:" not in printed


def test_template_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    """A broken tag is reported with the template's path and line, and nothing is built."""
    unit = unit_copy(tmp_path)
    (unit / "templates").mkdir()
    bad = unit / "templates" / "worksheet.xml.j2"
    bad.write_text('<document title="x">\n<p>ok</p>\n{% if %}\n</document>\n', encoding="utf-8")
    code, output = build(unit, tmp_path / "out")
    assert code == 1
    assert f"{bad}:3: template syntax error:" in output
    assert not (tmp_path / "out" / "unit" / LESSON).exists()


def test_unknown_variable_names_file_and_line(tmp_path: Path) -> None:
    """An undefined variable is an error naming the template line, never blank output."""
    unit = unit_copy(tmp_path)
    (unit / "templates").mkdir()
    bad = unit / "templates" / "worksheet.xml.j2"
    bad.write_text(
        '<document title="x">\n\n<p>{{ lesson.nonesuch }}</p>\n</document>\n', encoding="utf-8"
    )
    code, output = build(unit, tmp_path / "out")
    assert code == 1
    assert f"{bad}:3: template error:" in output and "nonesuch" in output


def test_sandbox_refuses_python_internals(tmp_path: Path) -> None:
    """A department template cannot reach Python internals."""
    unit = unit_copy(tmp_path)
    (unit / "templates").mkdir()
    bad = unit / "templates" / "worksheet.xml.j2"
    bad.write_text(
        '<document title="x">\n<p>{{ lesson.__class__.__mro__ }}</p>\n</document>\n',
        encoding="utf-8",
    )
    code, output = build(unit, tmp_path / "out")
    assert code == 1
    assert "template error" in output
    assert "internal error" not in output


def test_teacher_text_is_content_not_template(tmp_path: Path) -> None:
    """Braces, angle brackets and ampersands in a lesson print as typed."""
    unit = unit_copy(tmp_path)
    spec = unit / f"{LESSON}.yaml"
    typed = "Is {{ 7 * 7 }} <b>bold</b> & {% raw %} safe?"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        text.replace("title: ", f"title: '{typed}'\nold_title: ", 1).replace(
            "old_title: ", "# ", 1
        ),
        encoding="utf-8",
    )
    code, output = build(unit, tmp_path / "out")
    assert code == 0, output
    printed = pdf_text(tmp_path / "out" / "unit" / LESSON / "worksheet.pdf")
    assert typed in printed
