"""lessongen import: web text in, a clean source out, every removed line reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lessongen.cli import main
from lessongen.importer import import_text
from lessongen.sources import load_source
from tests.conftest import BUNDLED, ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
PAGE = ROOT / "tests" / "fixtures" / "import" / "school-page.txt"
BUNDLED_FROM = {
    "000_825daa0674433176.txt": "stalin-versus-trotsky",
    "001_bc6afd21cf159042.txt": "interwar-years",
    "004_2481e5bc5106a751.txt": "most-hated-rival",
}


def seed(name: str) -> Path:
    """Return a seed text, skipping when shared/ is not beside the project."""
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"{path} is not here (shared/ sits beside the project in CI)")
    return path


@pytest.mark.parametrize(("raw", "source_id"), sorted(BUNDLED_FROM.items()))
def test_seed_imports_to_the_bundled_text(tmp_path: Path, raw: str, source_id: str) -> None:
    """Importing a raw seed gives exactly the paragraphs and headings of the bundled source."""
    result = import_text(seed(raw).read_text(encoding="utf-8"))
    out = tmp_path / "x.txt"
    out.write_text(result.text(), encoding="utf-8")
    made = load_source(out, "x")
    bundled = load_source(BUNDLED / "sources" / f"{source_id}.txt", source_id)
    assert [(b.kind, b.text) for b in made.blocks] == [(b.kind, b.text) for b in bundled.blocks]


def test_sparknotes_furniture_is_reported_line_by_line() -> None:
    """The study-guide page's navigation is removed, and each removed line is listed."""
    result = import_text(seed("001_bc6afd21cf159042.txt").read_text(encoding="utf-8"))
    removed = {(line, text) for line, text, _ in result.removed}
    assert removed == {
        (1, "Skip over navigation"),
        (5, "The Soviet Union During the Inter-War Years (1924-1935)"),
        (7, "Attempts at Reconciliation and Disarmament (1921-1930)"),
        (9, "Eastern Europe During the Inter-War Years (1919-1938)"),
        (33, "More Help"),
        (35, "Previous Next"),
        (37, "Follow Us"),
    }
    assert result.meta["title"] == "The Interwar Years (1919-1938)"


def test_student_article_gets_title_and_byline() -> None:
    """The school page's title and byline become provenance; 'top/bottom of page' go."""
    result = import_text(seed("004_2481e5bc5106a751.txt").read_text(encoding="utf-8"))
    assert result.meta["title"] == "Stalin's Most Hated Rival"
    assert result.meta["author"] == "Mitch Addison"
    assert "Mitch Addison, '28" in result.meta["note"]
    assert [text for _, text, _ in result.removed] == ["top of page", "bottom of page"]


def test_other_furniture_broken_lines_and_headings() -> None:
    """Menus, cookie and share lines, copyright go; hard-wrapped lines join; headings found."""
    result = import_text(PAGE.read_text(encoding="utf-8"))
    removed = [text for _, text, _ in sorted(result.removed)]
    assert removed == [
        "Skip to content",
        "Menu",
        "Home | History | Politics | Contact",
        "Accept cookies? We use cookies to improve your experience on our site.",
        "Share this article",
        "Tweet",
        "© 2024 Hillside Academy. All rights reserved.",
        "Previous Next",
    ]
    assert result.meta == {
        "title": "The Great Terror",
        "author": "Jane Smith",
        "note": 'byline "By Jane Smith, Year 12"',
    }
    assert result.blocks[0].startswith(
        "Between 1936 and 1938 Stalin's secret police, the NKVD, "
        "arrested hundreds of thousands of people. Many were shot;"
    )
    assert result.blocks[1] == "# Show trials"
    # A sentence that merely mentions sharing is article text, and stays.
    assert result.blocks[2].endswith("Share this article with friends who study history.")


def test_keep_brings_back_a_line() -> None:
    """--keep LINE keeps a line that looked like furniture."""
    result = import_text(PAGE.read_text(encoding="utf-8"), keep={21})
    assert "Tweet" not in [text for _, text, _ in result.removed]
    assert "# Tweet" in result.blocks or "Tweet" in " ".join(result.blocks)


def test_cli_writes_a_source_that_loads(tmp_path: Path) -> None:
    """The command writes a source file lessongen reads, and lists what it removed."""
    out = tmp_path / "sources" / "terror.txt"
    result = CliRunner().invoke(
        main, ["import", str(PAGE), "-o", str(out), "--publisher", "Hillside Academy"]
    )
    assert result.exit_code == 0, result.output
    assert "line 22: removed (page furniture): © 2024 Hillside Academy." in result.output
    assert "kept 2 paragraphs and 1 heading; removed 8 lines" in result.output
    source = load_source(out, "terror")
    assert source.meta["publisher"] == "Hillside Academy"
    assert source.meta["title"] == "The Great Terror"
    assert [b.kind for b in source.blocks] == ["paragraph", "heading", "paragraph"]


def test_cli_refuses_text_with_no_article(tmp_path: Path) -> None:
    """A file of nothing but furniture is an error, exit 1, with advice."""
    raw = tmp_path / "raw.txt"
    raw.write_text("Skip to content\nMenu\nPrevious Next\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(raw)])
    assert result.exit_code == 1
    assert "no article text found" in result.output
