"""lessongen sources and check -v: what a teacher needs to choose extracts."""

from __future__ import annotations

from click.testing import CliRunner

from lessongen.cli import main
from tests.conftest import BUNDLED


def test_sources_lists_provenance_and_word_counts() -> None:
    """Each source is listed with its word count and provenance."""
    result = CliRunner().invoke(main, ["sources", str(BUNDLED)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("interwar-years  (1097 words, ")
    assert "“Stalin's Most Hated Rival” by Mitch Addison. Student article." in result.output


def test_one_source_prints_numbered_paragraphs() -> None:
    """One source prints headings and numbered paragraphs, numbered as citations count them."""
    result = CliRunner().invoke(main, ["sources", str(BUNDLED), "stalin-versus-trotsky"])
    assert result.exit_code == 0
    out = result.output
    assert "# Stalin versus Trotsky" in out
    assert "[1] (139 words, line 13 of the file)" in out
    assert "[2] " in out and "[6] " in out and "[7] " not in out  # 6 paragraphs, 3 headings
    assert out.index("[3]") > out.index("# Stalin’s Reign of Terror")


def test_unknown_source_suggests() -> None:
    """An unknown id is an error that suggests the closest id."""
    result = CliRunner().invoke(main, ["sources", str(BUNDLED), "interwar"])
    assert result.exit_code == 1
    assert "did you mean 'interwar-years'?" in result.output


def test_check_verbose_reports_extract_lengths() -> None:
    """check -v gives each extract's length in printed lines."""
    result = CliRunner().invoke(main, ["check", "-v", str(BUNDLED / "01-succession.yaml")])
    assert result.exit_code == 0
    lines = [line.split("01-succession.yaml: ")[1] for line in result.stdout.splitlines()[:3]]
    assert [line.split(", reading grade ")[0] for line in lines] == [
        "extract A1: 15 printed lines, 191 words",
        "extract A2: 7 printed lines, 87 words",
        "extract B1: 11 printed lines, 139 words",
    ]
