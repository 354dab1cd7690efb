"""The error catalogue (docs/errors.md): its references and examples, and a test for each
message that cannot be a lesson fixture (unreadable files, templates, output, command line)."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import lessongen.build as build_module
from lessongen.cli import main
from tests.test_errors_cli import GOOD_LESSON

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "docs" / "errors.md"
ERRORS = ROOT / "tests" / "fixtures" / "errors"
FIXTURE_REF = re.compile(r"^fixtures/errors/([\w.-]+)$")
TEST_REF = re.compile(r"^(tests/test_\w+\.py)::(test_\w+)(?:\[([\w-]+)\])?$")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PRINTED = ("lesson.yaml:", "unit.yaml:", "sources/")


@dataclass(frozen=True)
class Section:
    """One catalogue entry: its id, its `Test:` references and its printed example lines."""

    id: str
    refs: tuple[str, ...]
    examples: tuple[str, ...]
    body: str


def sections() -> list[Section]:
    """Parse docs/errors.md into its level-3 sections."""
    found: list[Section] = []
    current: list[str] | None = None
    name = ""
    for line in [*CATALOGUE.read_text(encoding="utf-8").splitlines(), "## end"]:
        if line.startswith("#") and not line.startswith("####"):
            if current is not None:
                found.append(_section(name, current))
            current, name = ([], line[4:].strip()) if line.startswith("### ") else (None, "")
        elif current is not None:
            current.append(line)
    return found


def _section(name: str, lines: list[str]) -> Section:
    """Build a Section from its heading text and body lines."""
    refs = tuple(ln[len("Test:") :].strip() for ln in lines if ln.startswith("Test:"))
    examples: list[str] = []
    fenced = False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        elif fenced and line.startswith(PRINTED):
            examples.append(line)
    return Section(name, refs, tuple(examples), "\n".join(lines))


SECTIONS = sections() if CATALOGUE.is_file() else []


def run_cli(*args: str) -> Result:
    """Invoke the lessongen CLI in-process with stdout and stderr kept apart."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def make_unit(parent: Path, name: str = "unit") -> Path:
    """Make a unit of one good lesson and the fixture source; return its folder."""
    unit = parent / name
    shutil.copytree(ERRORS / "quote-not-found" / "sources", unit / "sources")
    (unit / "lesson.yaml").write_text(GOOD_LESSON, encoding="utf-8")
    return unit


# --- the catalogue itself -------------------------------------------------------------------


def test_catalogue_has_sections() -> None:
    """Find the catalogue's entries (guards the parser against a silent empty result)."""
    assert len(SECTIONS) > 50


def test_ids_are_unique_kebab_case() -> None:
    """Give every entry a unique kebab-case id, so links to #id stay stable."""
    ids = [s.id for s in SECTIONS]
    assert [i for i in ids if not ID.match(i)] == []
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.id)
def test_section_is_complete(section: Section) -> None:
    """Show the message in a code block, then its cause, its fix and exactly one test."""
    assert "```" in section.body
    assert "**Cause**" in section.body
    assert "**Fix**" in section.body
    assert len(section.refs) == 1, section.refs


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.id)
def test_reference_exists(section: Section) -> None:
    """Point each entry at a fixture folder that exists or a test function that exists."""
    for ref in section.refs:
        fixture = FIXTURE_REF.match(ref)
        if fixture:
            assert (ERRORS / fixture.group(1) / "expected.txt").is_file(), ref
            continue
        test = TEST_REF.match(ref)
        assert test, f"not a fixture or test reference: {ref}"
        path, function, param = test.groups()
        source = (ROOT / path).read_text(encoding="utf-8")
        assert f"def {function}(" in source, ref
        if param:
            assert f'id="{param}"' in source or f'"{param}"' in source, ref


def test_every_fixture_is_catalogued() -> None:
    """Catalogue every fixture case, so no tested message is missing from the docs."""
    referenced = {m.group(1) for s in SECTIONS for r in s.refs if (m := FIXTURE_REF.match(r))}
    cases = {p.name for p in ERRORS.iterdir() if p.is_dir()}
    assert sorted(cases - referenced) == []


@pytest.mark.parametrize(
    "section",
    [s for s in SECTIONS if s.refs and FIXTURE_REF.match(s.refs[0])],
    ids=lambda s: s.id,
)
def test_example_is_what_the_fixture_prints(section: Section) -> None:
    """Print each example line of a fixture-tested entry exactly as the fixture's CLI run does."""
    match = FIXTURE_REF.match(section.refs[0])
    assert match
    printed = (ERRORS / match.group(1) / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert section.examples, "no example line starting lesson.yaml:, unit.yaml: or sources/"
    for line in section.examples:
        assert line in printed


# --- files that cannot be read --------------------------------------------------------------


def test_unreadable_lesson_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Report a .yaml name that cannot be read (here a folder) without a line, and go on."""
    unit = make_unit(tmp_path)
    (unit / "old.yaml").mkdir()
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "unit")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("unit/old.yaml: cannot read file: ")
    assert lines[1:] == ["1 of 2 lessons has problems"]


def test_unreadable_source_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Report a source .txt name that cannot be read (here a folder) at the source's path."""
    unit = make_unit(tmp_path)
    (unit / "sources" / "extra.txt").mkdir()
    lesson = GOOD_LESSON.replace("  A: notes\n", "  A: notes\n  B: extra\n")
    (unit / "lesson.yaml").write_text(lesson, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "unit")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("unit/sources/extra.txt: cannot read source: ")
    assert lines[1:] == ["1 of 1 lesson has problems"]


def test_unprintable_lines_beyond_ten_are_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """List ten lines of unprintable characters, then say how many more there are."""
    unit = make_unit(tmp_path)
    notes = unit / "sources" / "notes.txt"
    extra = "".join(f"\nLine {i} has a stray\fcontrol character.\n" for i in range(13))
    notes.write_text(notes.read_text(encoding="utf-8") + extra, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "unit")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "unit/sources/notes.txt:12: cannot be printed: U+000C (an invisible control character) "
        "is not in the font Arimo and would print as an empty box; replace or remove it"
    )
    assert len(lines) == 12
    assert lines[10] == "unit/sources/notes.txt: and 3 more lines like these"


# --- units ----------------------------------------------------------------------------------


def test_unit_without_lesson_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop a unit folder that has sources but no lesson file, and say what to add."""
    unit = make_unit(tmp_path)
    (unit / "lesson.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "unit")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "unit: the unit has no lesson files; add one, e.g. 01-first-lesson.yaml "
        "(see docs/writing-lessons.md)",
        "unit 'unit' not checked: fix the problem above first",
        "1 unit not checked",
    ]


def test_unit_problem_stops_the_unit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Say the unit was not checked, or not built, after its unit.yaml problems."""
    shutil.copytree(ERRORS / "unit-bad-field", tmp_path / "unit")
    monkeypatch.chdir(tmp_path)
    checked = run_cli("check", "unit")
    assert checked.exit_code == 1
    assert checked.stderr.splitlines()[1:] == [
        "unit 'unit' not checked: fix the problem above first",
        "1 unit not checked",
    ]
    built = run_cli("build", "unit", "-o", "out", "-f", "pdf", "-q")
    assert built.exit_code == 1
    assert built.stderr.splitlines()[1:] == ["unit 'unit' not built: fix the problem above first"]
    assert built.stdout == "built 0 of 0 lessons, 0 files written, 1 unit not built, in out\n"


def test_summary_counts_lessons_and_units(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """End a failed check with how many lessons had problems and how many units stopped."""
    make_unit(tmp_path / "units", "good")
    for case in ("quote-not-found", "unit-bad-field"):
        shutil.copytree(ERRORS / case, tmp_path / "units" / case)
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "units")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "1 of 2 lessons has problems; 1 unit not checked"
    assert result.stdout == ""


# --- templates ------------------------------------------------------------------------------


def build_with_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Result:
    """Build a unit's worksheet PDF with its own worksheet template; return the CLI result."""
    unit = make_unit(tmp_path)
    (unit / "templates").mkdir()
    (unit / "templates" / "worksheet.xml.j2").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return run_cli("build", "unit", "-o", "out", "-f", "pdf", "--only", "worksheet", "-q")


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        pytest.param(
            '<document title="x">\n{% include "header.xml.j2" %}\n</document>\n',
            "worksheet.xml.j2: template not found: header.xml.j2",
            id="template-not-found",
        ),
        pytest.param(
            '<document title="x">\n<p>ok</p>\n<p>broken</b>\n</document>\n',
            "unit/templates/worksheet.xml.j2: template produced broken markup at output line 3 "
            "(mismatched tag: line 3, column 11): <p>broken</b>",
            id="template-broken-markup",
        ),
        pytest.param(
            '<page title="x">\n<p>ok</p>\n</page>\n',
            "unit/templates/worksheet.xml.j2: the outermost element must be <document>, not <page>",
            id="template-not-document",
        ),
        pytest.param(
            '<document title="x">\n<para>ok</para>\n</document>\n',
            "unit/templates/worksheet.xml.j2: unknown element <para>; templates may use: b, box, "
            "bullet, cell, choice, choices, extract, field, fields, h1, h2, i, keep, line, lines, "
            "p, pagebreak, question, quote, row, small, space, subtitle, table, title",
            id="template-unknown-element",
        ),
        pytest.param(
            '<document title="x">\n<lines n="five"/>\n</document>\n',
            "unit/templates/worksheet.xml.j2: <lines n=...> must be a whole number, not 'five'",
            id="template-not-a-number",
        ),
    ],
)
def test_template_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str, expected: str
) -> None:
    """Report a department template's mistake as one problem and build nothing for the lesson."""
    result = build_with_template(tmp_path, monkeypatch, template)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [expected]
    summary = result.stdout.splitlines()
    assert summary[0] == "built 0 of 1 lesson, 0 files written, 1 failed, in out"
    assert summary[1].startswith("  failed: unit/lesson.yaml: ")
    assert not (tmp_path / "out" / "unit" / "lesson").exists()


# --- internal errors ------------------------------------------------------------------------


def test_internal_error_prints_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Call an unexpected exception a bug, print its traceback and exit 1."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    make_unit(tmp_path)
    monkeypatch.setattr(build_module, "check_unit", broken)
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "unit")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "lessongen hit an internal error (a bug, not your mistake). "
        "Please report it with this traceback:"
    )
    assert lines[1] == "Traceback (most recent call last):"
    assert "RuntimeError: simulated bug" in lines
    assert result.stdout == ""


# --- command line ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(
            ["build", "unit", "--fromat", "pdf"],
            "Error: No such option '--fromat'. Did you mean '--format'?",
            id="unknown-option",
        ),
        pytest.param(
            ["buidl", "unit"],
            "Error: No such command 'buidl'. Did you mean 'build'?",
            id="unknown-command",
        ),
        pytest.param(
            ["build", "unit", "-f", "html"],
            "Error: Invalid value for '-f' / '--format': 'html' is not one of 'pdf', 'docx'.",
            id="invalid-format",
        ),
        pytest.param(
            ["build", "unit", "--only", "answer"],
            "Error: Invalid value for '--only': 'answer' is not one of 'worksheet', 'answers', "
            "'extracts', 'essay', 'plan'.",
            id="invalid-only",
        ),
        pytest.param(
            ["build", "unit", "--variants", "100"],
            "Error: Invalid value for '--variants': 100 is not in the range 0<=x<=99.",
            id="invalid-variants",
        ),
        pytest.param(
            ["build", "unit", "-o"],
            "Error: Option '-o' requires an argument.",
            id="option-needs-value",
        ),
        pytest.param(
            ["build", "unit", "-o", "afile"],
            "Error: Invalid value for '-o' / '--output': Directory 'afile' is a file.",
            id="output-is-a-file",
        ),
    ],
)
def test_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], expected: str
) -> None:
    """Exit 2 with Click's usage message, build nothing and print no problem lines."""
    make_unit(tmp_path)
    (tmp_path / "afile").write_text("not a folder\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == expected
    assert result.stdout == ""
    assert not (tmp_path / "output").exists()
