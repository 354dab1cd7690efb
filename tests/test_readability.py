"""Reading level: syllables, sentences, Flesch–Kincaid grade, and check's warning."""

from __future__ import annotations

import re
from pathlib import Path

from lessongen.build import check_unit
from lessongen.readability import grade, level_grade, sentences, syllables
from tests.conftest import BUNDLED
from tests.helpers import pdf_text


def test_syllables_by_rule() -> None:
    """Common words get their syllable count from spelling rules."""
    counts = {
        "the": 1,
        "revolution": 4,
        "expelled": 2,  # rules, not a dictionary: "created" gets 2, not 3
        "Communist": 3,
        "collectivization": 6,
        "purged": 1,
        "arrived": 2,
        "party": 2,
        "Stalin": 2,
    }
    assert {w: syllables(w) for w in counts} == counts


def test_abbreviations_do_not_end_sentences() -> None:
    """'c.' and 'St.' inside a sentence do not split it."""
    assert sentences("Trotsky arrived c. 1919 in St. Petersburg. He left.") == 2
    assert sentences("“Too rude,” he wrote. Lenin died! Why?") == 3


def test_grade_orders_easy_below_hard() -> None:
    """Short plain sentences grade low; long Latinate ones grade high."""
    easy = grade("The cat sat on the mat. It was happy. The sun was out.")
    hard = grade(
        "The consolidation of bureaucratic centralisation, facilitated by the institutional "
        "prerogatives of the General Secretariat, precipitated the marginalisation of the "
        "Left Opposition within the party's administrative apparatus."
    )
    assert easy < 3 < 15 < hard


def test_level_as_grade() -> None:
    """A UK year is about one US grade more; unknown levels give no grade."""
    assert level_grade("Year 10") == 9
    assert level_grade("Grade 8") == 8
    assert level_grade("GCSE") is None


def test_check_warns_of_hard_extract_but_passes(tmp_path: Path) -> None:
    """An extract far above the unit's level is a located warning, not an error."""
    result = check_unit(BUNDLED)
    assert result.ok
    warnings = [w.format() for les in result.lessons for w in les.warnings]
    assert warnings and all("extracts.B1: warning: reading grade" in w for w in warnings)


def test_plan_shows_each_extracts_reading_grade(built: Path) -> None:
    """The plan lists words and reading grade for every extract."""
    text = " ".join(pdf_text(built / "01-succession" / "plan.pdf").split())
    for extract in ("A1 (15 lines, 191 words", "A2 (7 lines, 87 words", "B1 (11 lines, 139 words"):
        assert re.search(re.escape(extract) + r", reading grade \d+\.\d\)", text), extract
