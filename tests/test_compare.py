"""The compare activity: two accounts aligned, their differences found and cited by line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lessongen.compare import Difference, compare
from lessongen.importer import import_text
from lessongen.sources import Source, load_source
from tests.conftest import BUNDLED
from tests.helpers import docx_text, pdf_text, squash
from tests.test_bundled import resolved
from tests.test_importer import seed

STUDY_GUIDE = "000_825daa0674433176.txt"  # abridged text, three sections
SPARKNOTES = "001_bc6afd21cf159042.txt"  # the web page it follows


def _imported(tmp_path: Path, name: str) -> Source:
    """Import a raw seed as a teacher would, and load the source file it gives."""
    out = tmp_path / f"{name}.txt"
    out.write_text(import_text(seed(name).read_text(encoding="utf-8")).text(), encoding="utf-8")
    return load_source(out, name)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Source, Source, list[Difference]]:
    """The two study-guide seeds, imported, compared whole: SparkNotes left, abridged right."""
    tmp = tmp_path_factory.mktemp("seeds")
    left, right = _imported(tmp, SPARKNOTES), _imported(tmp, STUDY_GUIDE)
    found = compare(left, (0, len(left.text)), right, (0, len(right.text)))
    return left, right, list(found.differences)


def _having(found: list[Difference], left: str, right: str) -> list[Difference]:
    """Return the differences whose sides hold these words (either side may be empty)."""
    return [
        d
        for d in found
        if squash(left) in squash(d.left_text) and squash(right) in squash(d.right_text)
    ]


def test_seeds_spelling_difference(seeds: tuple[Source, Source, list[Difference]]) -> None:
    """'insuring' (SparkNotes) against 'ensuring' (study guide) is found as wording."""
    hits = _having(seeds[2], "insuring", "ensuring")
    assert [d.kind for d in hits] == ["wording"]


def test_seeds_figures_difference(seeds: tuple[Source, Source, list[Difference]]) -> None:
    """The exact 1,140,000 against 'more than a million' is one difference of figures."""
    hits = _having(seeds[2], "1,140,000", "more than a million")
    assert [d.kind for d in hits] == ["figures"]


def test_seeds_moved_words_are_wording_not_omissions(
    seeds: tuple[Source, Source, list[Difference]],
) -> None:
    """Words one account moves ('a high-ranking party member') are reworded, not missing."""
    hits = _having(seeds[2], "a high-ranking member of the party", "a high-ranking party member")
    assert [d.kind for d in hits] == ["wording"]
    assert not [d for d in seeds[2] if d.kind == "right_only" and "high-ranking" in d.right_text]


def test_seeds_emphasis_difference(seeds: tuple[Source, Source, list[Difference]]) -> None:
    """Dropping 'all' ('sought to eliminate all barriers') changes the emphasis."""
    hits = _having(seeds[2], "eliminate all", "to eliminate")
    assert [d.kind for d in hits] == ["emphasis"]


def test_seeds_name_the_policy_two_ways(seeds: tuple[Source, Source, list[Difference]]) -> None:
    """'socialism in one country' and 'communism in one country' are reported as naming."""
    left, _, found = seeds
    naming = [d for d in found if d.kind == "naming"]
    assert {(d.left_text, d.right_text) for d in naming} == {
        ("socialism in one country", "communism in one country")
    }
    # Both accounts use both names, and each place is kept for citing.
    (d,) = naming
    assert sorted(left.text[a:b] for a, b in d.left) == sorted(
        ["socialism in one country", "communism in one country"]
    )
    assert len(d.right) == 2


@pytest.mark.parametrize(
    "passage",
    [
        'claiming Stalin was "too rude" to lead the government',
        "1108 of the 1966 delegates attending the 1934 Communist Party Congress were arrested",
        "Lenin had some sense that this might happen",
        "Stalin's economic policies enjoyed only limited success",
        "was also considered aloof and cold by many party members",
    ],
)
def test_seeds_passages_one_account_leaves_out(
    seeds: tuple[Source, Source, list[Difference]], passage: str
) -> None:
    """What only the SparkNotes page has is listed as in one account alone."""
    hits = _having(seeds[2], passage, "")
    assert [d.kind for d in hits] == ["left_only"], passage


def test_seeds_shared_sentences_are_not_differences(
    seeds: tuple[Source, Source, list[Difference]],
) -> None:
    """A sentence both accounts print alike, bar quote style, is in no difference."""
    same = "In all cases, the defendants were forced to confess publicly, and then were shot."
    assert not [d for d in seeds[2] if squash(same) in squash(d.left_text + d.right_text)]


def test_every_difference_cites_its_own_text(
    seeds: tuple[Source, Source, list[Difference]],
) -> None:
    """A difference's spans are the words it shows, so its line citations are right."""
    left, right, found = seeds
    for d in found:
        if d.kind == "naming":
            continue
        assert " … ".join(left.text[a:b] for a, b in d.left) == d.left_text
        assert " … ".join(right.text[a:b] for a, b in d.right) == d.right_text


def test_comparison_is_the_same_whichever_side(
    seeds: tuple[Source, Source, list[Difference]],
) -> None:
    """Swapping the accounts swaps the sides of each difference, nothing else."""
    left, right, found = seeds
    swapped = compare(right, (0, len(right.text)), left, (0, len(left.text))).differences
    flip = {"left_only": "right_only", "right_only": "left_only"}
    assert sorted(
        (flip.get(d.kind, d.kind), d.right_text, d.left_text) for d in swapped if d.kind != "naming"
    ) == sorted((d.kind, d.left_text, d.right_text) for d in found if d.kind != "naming")


# --- the bundled lesson ---------------------------------------------------------------

CITE = re.compile(r"([A-Z]\d+), lines? (\d+)(?:–(\d+))?")


def _printed(stem: str, extract: str, first: int, last: int) -> str:
    lines = {ln.number: ln.text for ln in resolved(stem).extracts[extract].lines if ln.number}
    return squash(" ".join(lines[n] for n in range(first, last + 1)))


QUOTED_CITE = re.compile(r"“([^”]+)” \(([A-Z]\d+), lines? (\d+)(?:–(\d+))?\)")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_key_cites_the_lines_that_hold_each_difference(built: Path, fmt: str) -> None:
    """Every quoted difference in the key stands on the printed lines it cites."""
    stem = "03-reasons-for-victory"
    read = pdf_text if fmt == "pdf" else docx_text
    key = read(built / stem / f"answers.{fmt}").replace("\n", " ")
    part = key[key.index("Two sources, one story: the succession") :]
    part = part[: part.index("Essay")]
    cited = QUOTED_CITE.findall(part)
    assert len(cited) >= 12
    for words, extract, first, last in cited:
        printed = _printed(stem, extract, int(first), int(last or first))
        assert squash(words) in printed, (words, extract, first, last)


def test_bundled_key_and_worksheet(built: Path) -> None:
    """The worksheet sets the accounts side by side; only the key lists the differences."""
    stem = "03-reasons-for-victory"
    for read, fmt in ((pdf_text, "pdf"), (docx_text, "docx")):
        worksheet = squash(read(built / stem / f"worksheet.{fmt}"))
        answers = squash(read(built / stem / f"answers.{fmt}"))
        # Both accounts' wording is on the worksheet, row by row.
        assert squash("ultimately insuring his victory") in worksheet
        assert squash("ultimately ensuring his victory") in worksheet
        # The key names the difference and where each word stands in the extracts booklet.
        cited = re.search(
            r"A1 has “ultimately insuring” \((A1, lines? [\d–]+)\); B1 has “and ultimately "
            r"ensuring” \((B1, lines? [\d–]+)\)",
            read(built / stem / f"answers.{fmt}").replace("\n", " "),
        )
        assert cited, fmt
        for where, words in ((cited[1], "ultimately insuring"), (cited[2], "ultimately ensuring")):
            m = CITE.fullmatch(where)
            assert m
            assert squash(words) in _printed(stem, m[1], int(m[2]), int(m[3] or m[2]))
        # The teacher's note is printed; dropped differences are not.
        assert squash("'insuring' is a slip in Source A") in answers
        assert squash("A1 has “One”") not in answers
        assert squash("Only in A1") in answers
        assert squash("Only in A1") not in worksheet


# --- the teacher's choices, and mistakes in them ----------------------------------------


def _check_with(tmp_path: Path, old: str, new: str) -> tuple[int, str]:
    """Copy the bundled unit, edit lesson 3's spec, and run 'lessongen check' on it."""
    from click.testing import CliRunner

    from lessongen.cli import main

    unit = tmp_path / "unit"
    shutil.copytree(BUNDLED, unit)
    spec = unit / "03-reasons-for-victory.yaml"
    text = spec.read_text(encoding="utf-8")
    assert old in text
    spec.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-v", str(spec)])
    return result.exit_code, result.output


def test_unknown_difference_is_located_with_the_closest(tmp_path: Path) -> None:
    """An 'at' that names no difference is an error at its line, with the closest words."""
    code, out = _check_with(tmp_path, "- at: insuring", "- at: insurance")
    assert code == 1
    assert re.search(
        r"03-reasons-for-victory.yaml:\d+: activities\[2\]\.differences\[0\]\.at: "
        r"'insurance' is not in any difference between A1 and B1; closest: \"[^\"]*insuring",
        out,
    ), out


def test_ambiguous_difference_asks_for_more_words(tmp_path: Path) -> None:
    """An 'at' found in two differences asks for more words, naming how many."""
    code, out = _check_with(tmp_path, "- at: insuring", "- at: Lenin")
    assert code == 1
    assert "'Lenin' is in 3 differences; add words until it names one" in out, out


def test_one_extract_is_not_a_comparison(tmp_path: Path) -> None:
    """A compare activity needs exactly two different extracts."""
    code, out = _check_with(tmp_path, "extracts: [A1, B1]", "extracts: [A1]")
    assert code == 1
    assert "sets two extracts side by side: give exactly two, e.g. [A1, B1] (this one has 1)" in out
    code, out = _check_with(tmp_path / "2", "extracts: [A1, B1]", "extracts: [A1, A1]")
    assert "compare two different extracts" in out


def test_listed_shows_only_chosen_differences(tmp_path: Path) -> None:
    """With 'show: listed' the key lists only the differences named under 'differences'."""
    code, out = _check_with(tmp_path, "    lines: 8\n", "    lines: 8\n    show: listed\n")
    assert code == 0, out
    assert "compare A1 with B1: 10 differences found, 3 listed in the key" in out
    code, out = _check_with(tmp_path / "2", "    lines: 8\n", "    lines: 8\n    show: some\n")
    assert "unknown choice 'some'" in out


def test_check_verbose_lists_differences_to_choose_from(tmp_path: Path) -> None:
    """'check -v' lists each difference found, marking those the key leaves out."""
    code, out = _check_with(tmp_path, "title: Why", "title: Why")
    assert code == 0
    assert re.search(
        r'\d+\. wording, row 5: "ultimately insuring" / "and ultimately ensuring"', out
    )
    assert re.search(r'\d+\. wording, row 1: "One" / "I" \(not listed\)', out)
    assert re.search(r'\d+\. figures, row 2: "In 1933 and 1934, 1,140,000', out)
