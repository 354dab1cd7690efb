"""lessongen new: scaffolds that pass check as they stand and show every activity type."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lessongen.build import check_unit
from lessongen.cli import main
from lessongen.spec import ACTIVITY_FIELDS, load_lesson


def run(*args: str) -> tuple[int, str]:
    """Invoke the CLI; return exit code and output."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_new_unit_then_new_lesson_pass_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new unit and a lesson added to it pass check and use every activity type."""
    monkeypatch.chdir(tmp_path)
    code, out = run("new", "lessons/world-war-one")
    assert code == 0, out
    assert "created lessons/world-war-one/unit.yaml" in out
    code, out = run("new", "lesson", "lessons/world-war-one/02-the-somme")
    assert code == 0, out
    result = check_unit(tmp_path / "lessons" / "world-war-one")
    assert result.ok, [p.format() for les in result.lessons for p in les.problems]
    assert [les.path.name for les in result.lessons] == ["01-example.yaml", "02-the-somme.yaml"]
    lesson = load_lesson(tmp_path / "lessons" / "world-war-one" / "02-the-somme.yaml")
    assert lesson.title == "The somme"
    assert {a.type for a in lesson.activities} == set(ACTIVITY_FIELDS)
    assert all(les.quotes > 0 for les in result.lessons)


def test_new_refuses_to_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An existing unit folder or lesson file is never overwritten."""
    monkeypatch.chdir(tmp_path)
    assert run("new", "unit", "u")[0] == 0
    code, out = run("new", "unit", "u")
    assert code == 1 and "already exists" in out
    code, out = run("new", "u/01-example")
    assert code == 1 and "already exists" in out
    code, out = run("new", "lesson", "nowhere/01-x")
    assert code == 1 and "no such unit folder" in out
