"""Shared fixtures: the bundled unit built once, outside tools that CI must have."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from lessongen.build import build_unit

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "lessons" / "stalin-trotsky"


# On CI, property tests are bounded and derandomized so a run is repeatable.
settings.register_profile("ci", derandomize=True, max_examples=100, deadline=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add --regen-golden to rewrite the golden text files from the current output."""
    parser.addoption(
        "--regen-golden", action="store_true", help="rewrite tests/golden from the current build"
    )


def require_tool(name: str) -> str:
    """Return a tool's path; skip without it on a laptop, fail without it on CI."""
    path = shutil.which(name)
    if path:
        return path
    message = (
        f"{name} is not installed (apt-get install poppler-utils qpdf libreoffice-writer-nogui)"
    )
    if os.environ.get("CI"):
        pytest.fail(f"CI must run this test: {message}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the bundled unit once (PDF and DOCX) and return its output folder."""
    out = tmp_path_factory.mktemp("built")
    result = build_unit(BUNDLED, out)
    assert result.ok, [p.format() for lesson in result.lessons for p in lesson.problems]
    return out / "stalin-trotsky"


@pytest.fixture(scope="session")
def libreoffice_pdfs(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Convert every bundled DOCX to PDF with LibreOffice, as a school would open it."""
    from tests.helpers import soffice_convert

    soffice = require_tool("soffice")
    out = tmp_path_factory.mktemp("lo")
    for lesson in sorted(p for p in built.iterdir() if p.is_dir()):
        target = out / lesson.name
        target.mkdir()
        soffice_convert(
            soffice, sorted(lesson.glob("*.docx")), target, tmp_path_factory.mktemp("profile")
        )
    return out
