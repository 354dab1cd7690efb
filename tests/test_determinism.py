"""Same input, byte-identical output: PDFs, DOCX zips and the manifest."""

from __future__ import annotations

from pathlib import Path

from lessongen.build import build_unit
from tests.conftest import BUNDLED


def test_rebuild_is_byte_identical(built: Path, tmp_path: Path) -> None:
    """A second build into another folder gives the same bytes for every file."""
    result = build_unit(BUNDLED, tmp_path)
    assert result.ok
    again = tmp_path / "stalin-trotsky"
    first = sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert first == second
    for rel in first:
        assert (built / rel).read_bytes() == (again / rel).read_bytes(), rel
