"""The shared lesson context: numbering, shuffles, cloze gaps, answer space."""

from __future__ import annotations

from lessongen.compose.context import answer_lines, lesson_context, rng_for, shuffled
from tests.test_bundled import LESSONS, resolved


def test_numbers_run_on_through_every_document() -> None:
    """Questions are numbered 1..n across activities; essays continue the numbering."""
    for stem in LESSONS:
        numbers = []
        for act in lesson_context(resolved(stem))["activities"]:
            if act["questions"]:
                numbers += [int(q["number"]) for q in act["questions"]]
            else:
                numbers.append(int(act["number"]))
        worksheet_first = sorted(numbers)
        assert worksheet_first == list(range(1, len(numbers) + 1)), stem


def test_cloze_blanks_whole_words_everywhere_they_occur() -> None:
    """Every occurrence of a blank is a gap; the gapped text never shows the word."""
    act = next(
        a for a in lesson_context(resolved("01-succession"))["activities"] if a["type"] == "cloze"
    )
    text = "".join(s.get("text", "") for s in act["segments"])
    for word in act["bank"]:
        assert f" {word} " not in f" {text} "
    assert [g["gap"] for g in act["gaps"]] == list(range(1, len(act["gaps"]) + 1))
    assert act["marks"] == len(act["gaps"])


def test_shuffle_is_seeded_and_moves_every_item() -> None:
    """The same seed shuffles alike, and no item stays in its place."""
    items = list(range(6))
    first = shuffled(items, rng_for("lesson", 1))
    assert first == shuffled(items, rng_for("lesson", 1))
    assert all(a != b for a, b in zip(items, first, strict=True))


def test_answer_space_grows_with_marks() -> None:
    """More marks, more lines; a teacher's 'lines' wins."""
    assert answer_lines(1, None) == 2
    assert answer_lines(2, None) < answer_lines(4, None) < answer_lines(8, None)
    assert answer_lines(8, 3) == 3
    assert answer_lines(16, None, essay=True) == 48
