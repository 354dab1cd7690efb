"""CLI error output: one fixture unit per error message, plus build, usage, version and help."""

from __future__ import annotations

import os
import re
import shutil
from importlib.metadata import version
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import lessongen
from lessongen.cli import main

ERRORS = Path(__file__).parent / "fixtures" / "errors"
CASES = sorted(p.name for p in ERRORS.iterdir() if p.is_dir())
# LESSONGEN_REGEN=1 rewrites every expected.txt from what the CLI prints now; review the diff.
REGEN = os.environ.get("LESSONGEN_REGEN") == "1"

# Each of these messages must keep a fixture of its own.
REQUIRED_CASES = {
    "yaml-syntax",
    "duplicate-key",
    "yaml-tag",
    "empty-lesson",
    "lesson-is-list",
    "unknown-field",
    "unknown-activity-type",
    "missing-title",
    "wrong-type-marks",
    "mc-answer-not-in-options",
    "mc-duplicate-option",
    "quote-not-found",
    "extract-from-not-found",
    "extract-from-ambiguous",
    "extract-reversed",
    "cloze-blank-not-in-text",
    "unknown-extract",
    "unknown-source-letter",
    "source-id-missing",
    "source-id-dotdot",
    "source-not-utf8",
    "source-empty",
    "unit-bad-field",
    "unit-missing-logo",
}

GOOD_LESSON = """\
title: The succession
sources:
  A: notes
extracts:
  A1:
    source: A
    from: "Lenin died"
    to: "in 1940."
activities:
  - type: questions
    extract: A1
    items:
      - q: When did Lenin die?
        answer: 21 January 1924
        evidence: "Lenin died on 21 January 1924"
"""

BROKEN_LESSON = GOOD_LESSON.replace('1924"', '1925"')


def run_cli(*args: str) -> Result:
    """Invoke the lessongen CLI in-process with stdout and stderr kept apart."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_every_required_error_has_a_fixture() -> None:
    """Keep one fixture folder for every error message we promise to word well."""
    assert set(CASES) >= REQUIRED_CASES, sorted(REQUIRED_CASES - set(CASES))


@pytest.mark.parametrize("case", CASES)
def test_check_prints_expected_error(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Print exactly the lines in expected.txt on stderr, nothing on stdout, and exit 1."""
    folder = ERRORS / case
    monkeypatch.chdir(folder)
    result = run_cli("check", ".")
    expected_file = folder / "expected.txt"
    if REGEN:
        expected_file.write_text(result.stderr, encoding="utf-8")
    assert result.stderr == expected_file.read_text(encoding="utf-8")
    assert result.stdout == ""
    assert result.exit_code == 1
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("case", CASES)
def test_every_problem_names_a_line(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Print every problem as `path:line: ...` with a line number, as the contract says."""
    monkeypatch.chdir(ERRORS / case)
    stderr = run_cli("check", ".").stderr
    problems = [
        ln for ln in stderr.splitlines() if ln.startswith(("lesson.yaml", "sources/", "unit.yaml"))
    ]
    assert problems
    for line in problems:
        assert re.match(r"^[\w./-]+:[1-9][0-9]*: ", line), line


@pytest.mark.parametrize("case", CASES)
def test_check_lesson_file_prints_the_same_problems(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Report a lesson's problems the same way when the lesson file itself is the PATH."""
    folder = ERRORS / case
    monkeypatch.chdir(folder)
    whole = run_cli("check", ".")
    single = run_cli("check", "lesson.yaml")
    assert single.exit_code == 1
    problem_lines = [
        ln for ln in whole.stderr.splitlines() if ln.startswith(("lesson.yaml", "sources/"))
    ]
    assert problem_lines or case.startswith("unit-")
    for line in problem_lines:
        assert line in single.stderr.splitlines()


def test_fixture_lesson_is_valid_without_its_mistake(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Check that the baseline the cases are made from passes, so each case has one mistake."""
    unit = tmp_path / "unit"
    shutil.copytree(ERRORS / "quote-not-found" / "sources", unit / "sources")
    (unit / "lesson.yaml").write_text(GOOD_LESSON, encoding="utf-8")
    monkeypatch.chdir(unit)
    result = run_cli("check", ".")
    assert result.stderr == ""
    assert result.stdout == "ok: 1 lesson, 1 extract, 1 quote verified\n"
    assert result.exit_code == 0


def test_good_lesson_beside_broken_one_still_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Build the good lesson, leave nothing for the broken one, report it, exit 1."""
    unit = tmp_path / "unit"
    shutil.copytree(ERRORS / "quote-not-found" / "sources", unit / "sources")
    (unit / "01-good.yaml").write_text(GOOD_LESSON, encoding="utf-8")
    (unit / "02-broken.yaml").write_text(BROKEN_LESSON, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    result = run_cli("build", "unit", "-o", "out", "-f", "pdf", "-q")

    assert result.exit_code == 1
    good = tmp_path / "out" / "unit" / "01-good" / "worksheet.pdf"
    assert good.is_file()
    assert good.read_bytes().startswith(b"%PDF")
    broken = tmp_path / "out" / "unit" / "02-broken"
    assert not broken.exists() or list(broken.iterdir()) == []
    assert (
        "unit/02-broken.yaml:15: activities[0].items[0].evidence: quote not found in the "
        'lesson\'s sources; closest: "Lenin died on 21 January 1924."'
    ) in result.stderr.splitlines()
    assert "01-good" not in result.stderr
    assert result.stdout.startswith("built 1 of 2 lessons, ")
    manifest = (tmp_path / "out" / "unit" / "manifest.json").read_text(encoding="utf-8")
    assert "01-good/worksheet.pdf" in manifest
    assert "02-broken" not in manifest


def test_bad_unit_yaml_builds_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop the whole unit when unit.yaml is wrong: not even its good lesson is built."""
    shutil.copytree(ERRORS / "unit-missing-logo", tmp_path / "unit")
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "unit", "-o", "out", "-f", "pdf")
    assert result.exit_code == 1
    assert "unit/unit.yaml:3: style.logo: logo file 'crest.png' not found" in result.stderr
    assert [p for p in (tmp_path / "out").rglob("*") if p.is_file()] == []


def test_build_missing_path_is_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit 2 with Click's usage message when PATH does not exist."""
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "no-such-unit", "-o", "out")
    assert result.exit_code == 2
    assert "no-such-unit" in result.stderr
    assert "does not exist" in result.stderr
    assert not (tmp_path / "out").exists()


def test_check_missing_path_is_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit 2 when the PATH given to check does not exist."""
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "no-such-unit")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_folder_without_units_is_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exit 2 with a usage message, not an internal-error traceback, when no unit is found."""
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "empty")
    assert result.exit_code == 2
    assert "no units found" in result.stderr
    assert "internal error" not in result.stderr


def test_version() -> None:
    """Print the installed version."""
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"lessongen, version {lessongen.__version__}\n"
    assert lessongen.__version__ == version("lessongen")


@pytest.mark.parametrize(
    ("args", "must_mention"),
    [
        (["--help"], ["build", "check"]),
        (["-h"], ["build", "check"]),
        (["build", "--help"], ["--output", "--format", "--only", "--variants"]),
        (["check", "--help"], ["PATHS", "build nothing"]),
    ],
)
def test_help(args: list[str], must_mention: list[str]) -> None:
    """Show help and exit 0 for the group and each command."""
    result = run_cli(*args)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")
    for word in must_mention:
        assert word in result.stdout
