"""Building: atomic lesson output, the manifest, choosing formats and documents."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import lessongen.build as build_module
from lessongen.build import build_unit
from tests.conftest import BUNDLED


def unit_copy(tmp_path: Path) -> Path:
    """Copy the bundled unit into tmp_path."""
    unit = tmp_path / "stalin-trotsky"
    shutil.copytree(BUNDLED, unit)
    return unit


def test_failed_render_leaves_previous_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lesson that fails half-way writes nothing; its earlier good files stay as they were."""
    unit = unit_copy(tmp_path)
    out = tmp_path / "out"
    chosen = [unit / "01-succession.yaml"]
    assert build_unit(unit, out, chosen, formats=["pdf"]).ok
    folder = out / "stalin-trotsky" / "01-succession"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real = build_module.render
    calls = {"n": 0}

    def flaky(doc, fmt):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real(doc, fmt)

    monkeypatch.setattr(build_module, "render", flaky)
    spec = unit / "01-succession.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("title: The succession", "title: Changed"), "utf-8"
    )
    with pytest.raises(OSError):
        build_unit(unit, out, chosen, formats=["pdf"])
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert after == before


def test_write_failure_leaves_no_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If writing fails, the temporary files are removed and the lesson reports the error."""
    unit = unit_copy(tmp_path)
    out = tmp_path / "out"
    real_write = Path.write_bytes

    def full_disk(self: Path, data: bytes) -> int:
        if self.name.startswith(".plan"):
            raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    result = build_unit(unit, out, [unit / "02-trotsky.yaml"], formats=["pdf"])
    [lesson] = result.lessons
    assert lesson.problems and "No space left on device" in lesson.problems[0].message
    folder = out / "stalin-trotsky" / "02-trotsky"
    assert list(folder.iterdir()) == []


def test_manifest_merges_lessons_built_one_at_a_time(tmp_path: Path) -> None:
    """Building lessons separately keeps every lesson in the unit's manifest."""
    unit = unit_copy(tmp_path)
    out = tmp_path / "out"
    for stem in ("01-succession", "02-trotsky"):
        assert build_unit(
            unit, out, [unit / f"{stem}.yaml"], formats=["pdf"], only=["worksheet"]
        ).ok
    manifest = json.loads((out / "stalin-trotsky" / "manifest.json").read_text("utf-8"))
    assert sorted(manifest["lessons"]) == ["01-succession", "02-trotsky"]
    files = manifest["lessons"]["02-trotsky"]["files"]
    assert [f["path"] for f in files] == ["02-trotsky/worksheet.pdf"]
    assert files[0]["pages"] >= 1 and len(files[0]["sha256"]) == 64


def test_only_and_format_choose_files(tmp_path: Path) -> None:
    """--only and -f build exactly the documents and formats asked for."""
    unit = unit_copy(tmp_path)
    out = tmp_path / "out"
    result = build_unit(
        unit, out, [unit / "03-reasons-for-victory.yaml"], formats=["docx"], only=["essay", "plan"]
    )
    assert result.ok
    folder = out / "stalin-trotsky" / "03-reasons-for-victory"
    assert sorted(p.name for p in folder.iterdir()) == ["essay.docx", "plan.docx"]
