"""Fuzzing: any text in any field, any source, any spec shape builds or gives a located error.

Bounded and derandomized on CI (see conftest.py); lessons are JSON, which is valid YAML.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessongen.build import build_unit, check_unit
from lessongen.spec import ACTIVITY_FIELDS, LESSON_FIELDS
from lessongen.text import strip_invisible, unprintable
from tests.conftest import ROOT
from tests.helpers import pdf_text, squash

SOURCE = ROOT / "tests" / "fixtures" / "errors" / "quote-not-found" / "sources" / "notes.txt"
# Letters, marks, numbers, punctuation, symbols and spaces from the whole of Unicode: the font
# covers some of them; the rest must be refused with a located error, never printed as boxes.
TEXT = st.text(
    st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Zs"]),
    min_size=1,
    max_size=30,
)
FUZZ = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None
)


def lesson(title: str, question: str, answer: str, option: str, term: str) -> dict[str, Any]:
    """A small lesson with fuzzed text in the fields students and teachers read."""
    return {
        "title": title,
        "sources": {"A": "notes"},
        "activities": [
            {"type": "questions", "items": [{"q": question, "answer": answer}]},
            {
                "type": "multiple_choice",
                "items": [{"q": "Pick one.", "options": [option, "Other"], "answer": option}],
            },
            {"type": "vocabulary", "terms": {term: answer, "Stalin": "A Soviet leader."}},
        ],
    }


def flat(text: str) -> str:
    """Fold text for comparison without spaces: a long word in a narrow table cell is broken
    across lines, and the extracted text then has a space where the line broke."""
    return squash(strip_invisible(text)).replace(" ", "")


def make_unit(tmp: Path, spec: dict[str, Any] | str, source: str | None = None) -> Path:
    """Write a one-lesson unit into a fresh folder."""
    unit = tmp / "unit"
    if unit.exists():
        shutil.rmtree(unit)
    (unit / "sources").mkdir(parents=True)
    text = source if source is not None else SOURCE.read_text(encoding="utf-8")
    (unit / "sources" / "notes.txt").write_text(text, encoding="utf-8")
    body = spec if isinstance(spec, str) else json.dumps(spec, ensure_ascii=False, indent=1)
    (unit / "lesson.yaml").write_text(body, encoding="utf-8")
    return unit


def assert_located(result: Any) -> None:
    """Every problem names its file, and a line unless it is about a whole file."""
    problems = list(result.problems) + [p for les in result.lessons for p in les.problems]
    assert problems
    for problem in problems:
        assert problem.location.path.name
        assert problem.message


@FUZZ
@given(title=TEXT, question=TEXT, answer=TEXT, option=TEXT, term=TEXT)
def test_any_text_prints_or_is_refused_where_it_stands(
    tmp_path: Path, title: str, question: str, answer: str, option: str, term: str
) -> None:
    """Text either prints exactly (no missing glyphs) or gets an error at its own line."""
    unit = make_unit(tmp_path, lesson(title, question, answer, option, term))
    out = tmp_path / "out"
    result = build_unit(unit, out, formats=["pdf"], only=["worksheet", "answers"])
    if not result.ok:
        assert_located(result)
        for les in result.lessons:
            assert all(p.location.line > 0 for p in les.problems), les.problems
        return
    worksheet = flat(pdf_text(out / "unit" / "lesson" / "worksheet.pdf"))
    answers = flat(pdf_text(out / "unit" / "lesson" / "answers.pdf"))
    for text in (title, question, option, term):
        assert flat(text) in worksheet, text
    assert flat(answer) in answers


def covered() -> list[str]:
    """Return the printable characters the sans family has glyphs for."""
    from lessongen import fonts

    chars = [chr(c) for c in fonts.metrics("sans").widths if c > 32]
    return [
        ch for ch in chars if ch.isprintable() and not ch.isspace() and not unprintable(ch, "sans")
    ]


PRINTABLE = st.text(st.sampled_from(covered()), min_size=1, max_size=30).filter(
    lambda t: bool(strip_invisible(t).strip())
)


@FUZZ
@given(title=PRINTABLE, question=PRINTABLE, answer=PRINTABLE, option=PRINTABLE, term=PRINTABLE)
def test_text_the_font_covers_always_prints(
    tmp_path: Path, title: str, question: str, answer: str, option: str, term: str
) -> None:
    """Text made only of characters the font has always builds and prints exactly."""
    if option == "Other" or term == "Stalin":
        return  # the lesson's own option and term: a duplicate is a real mistake
    unit = make_unit(tmp_path, lesson(title, question, answer, option, term))
    out = tmp_path / "out"
    result = build_unit(unit, out, formats=["pdf", "docx"], only=["worksheet"])
    assert result.ok, [p.format() for les in result.lessons for p in les.problems]
    printed = flat(pdf_text(out / "unit" / "lesson" / "worksheet.pdf"))
    for text in (title, question, option, term):
        assert flat(text) in printed, text


@FUZZ
@given(body=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=400))
def test_any_source_text_loads_or_is_refused(tmp_path: Path, body: str) -> None:
    """Any source body is read as paragraphs or refused with a located error."""
    spec = {
        "title": "Fuzzed source",
        "sources": {"A": "notes"},
        "activities": [{"type": "questions", "items": [{"q": "Why?", "answer": "Because."}]}],
    }
    result = check_unit(make_unit(tmp_path, spec, source=body))
    if not result.ok:
        assert_located(result)


KEYS = st.sampled_from(
    [
        *LESSON_FIELDS,
        *{f for fields in ACTIVITY_FIELDS.values() for f in fields},
        "type",
        "items",
        "q",
        "answer",
        "options",
        "evidence",
        "marks",
        "source",
        "quote",
        "from",
        "to",
        "levels",
        "indicative",
        "point",
        "A",
        "A1",
        "x",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 500),
    st.floats(allow_nan=False),
    TEXT,
    st.sampled_from(list(ACTIVITY_FIELDS)),
)
SHAPES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=25,
)


@FUZZ
@given(spec=st.dictionaries(KEYS, SHAPES, max_size=8))
def test_random_spec_shapes_never_crash(tmp_path: Path, spec: dict[str, Any]) -> None:
    """Any structure of fields and values is checked without an unexpected exception."""
    result = check_unit(make_unit(tmp_path, spec))
    if not result.ok:
        assert_located(result)


@FUZZ
@given(text=st.text(max_size=200))
def test_any_file_text_is_a_located_error_or_a_lesson(tmp_path: Path, text: str) -> None:
    """Any file contents (not only YAML) give a lesson or a located error, never a crash."""
    result = check_unit(make_unit(tmp_path, text))
    if not result.ok:
        assert_located(result)


WORDS = ["Stalin", "Trotsky", "party", "the", "of", "1,140,000", "a", "million", "“power”", "—"]
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
PARAGRAPHS = st.lists(st.lists(SENTENCE, min_size=1, max_size=4), min_size=1, max_size=3)


@FUZZ
@given(left=PARAGRAPHS, right=PARAGRAPHS)
def test_compare_accounts_any_sentences(
    tmp_path: Path, left: list[list[str]], right: list[list[str]]
) -> None:
    """Any two accounts align: every sentence in one row, in order, and every difference shows
    exactly the source text its spans (and so its line citations) point at."""
    from lessongen.compare import compare
    from lessongen.sources import load_source

    loaded = []
    for name, paragraphs in (("left", left), ("right", right)):
        path = tmp_path / f"{name}.txt"
        path.write_text("\n\n".join(" ".join(p) for p in paragraphs) + "\n", encoding="utf-8")
        loaded.append(load_source(path, name))
    a, b = loaded
    found = compare(a, (0, len(a.text)), b, (0, len(b.text)))
    for side, source in (("left", a), ("right", b)):
        starts = [s.start for row in found.rows for s in getattr(row, side)]
        assert starts == sorted(starts) and len(starts) == len(set(starts))
        # Together the rows hold every word of the account, once.
        held = "".join(s.text for row in found.rows for s in getattr(row, side))
        whole = "".join(block.text for block in source.blocks)
        assert "".join(held.split()) == "".join(whole.split())
    for d in found.differences:
        for spans, source, text in ((d.left, a, d.left_text), (d.right, b, d.right_text)):
            assert all(0 <= s < e <= len(source.text) for s, e in spans)
            if d.kind != "naming":
                assert " … ".join(source.text[s:e] for s, e in spans) == text
