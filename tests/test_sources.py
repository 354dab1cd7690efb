"""Source files: front matter, paragraphs, quote lookup, line breaking and printed lines."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessongen.errors import LessongenError
from lessongen.sources import (
    PrintedLine,
    Source,
    break_lines,
    cite_lines,
    load_source,
    normalize,
    print_span,
)

TEXT = """\
---
title: "Stalin versus Trotsky"
author: A. Teacher
publisher: Hillside Press
published: 2021
kind: secondary (study guide)
---

# The succession

Lenin died on January 21, 1924, with no clear path of succession.
Trotsky had headed the Military Revolutionary Committee.

Lenin called Stalin “too rude” to lead – and Trotsky’s ‘permanent revolution’ divided them.

# Stalin's reign

By 1927, Trotsky had lost his position on the Central Committee.
"""


def write_source(tmp_path: Path, text: str | bytes, name: str = "notes.txt") -> Path:
    """Write a source file and return its path."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def source(tmp_path: Path) -> Source:
    """Return the sample source, loaded from disk."""
    return load_source(write_source(tmp_path, TEXT), "notes")


def width(n: int) -> Callable[[str], bool]:
    """Return a fits() test that allows at most n characters."""
    return lambda s: len(s) <= n


# --- loading -----------------------------------------------------------------------------


def test_front_matter(source: Source) -> None:
    """Read provenance fields from the front matter, as text."""
    assert source.id == "notes"
    assert source.meta == {
        "title": "Stalin versus Trotsky",
        "author": "A. Teacher",
        "publisher": "Hillside Press",
        "published": "2021",
        "kind": "secondary (study guide)",
    }
    assert source.title == "Stalin versus Trotsky"
    assert source.provenance() == (
        "“Stalin versus Trotsky” by A. Teacher, Hillside Press, 2021. Secondary (study guide)."
    )


def test_no_front_matter(tmp_path: Path) -> None:
    """Accept a source without front matter; its title is its id."""
    src = load_source(write_source(tmp_path, "One paragraph.\n"), "bare")
    assert src.meta == {}
    assert src.title == "bare"
    assert src.text == "One paragraph."


def test_paragraphs_numbered_headings_not_counted(source: Source) -> None:
    """Number paragraphs from 1, skipping headings, and join a paragraph's lines with spaces."""
    assert [(b.kind, b.number) for b in source.blocks] == [
        ("heading", 0),
        ("paragraph", 1),
        ("paragraph", 2),
        ("heading", 0),
        ("paragraph", 3),
    ]
    assert source.blocks[0].text == "The succession"
    assert source.blocks[1].text == (
        "Lenin died on January 21, 1924, with no clear path of succession. "
        "Trotsky had headed the Military Revolutionary Committee."
    )
    assert [b.line for b in source.blocks] == [9, 11, 14, 16, 18]
    for block in source.blocks:
        assert source.text[block.start : block.end] == block.text


def test_paragraph_at(source: Source) -> None:
    """Give the paragraph number of a quote's offset, headings not counted."""
    for quote, number in [("Military Revolutionary", 1), ("too rude", 2), ("By 1927", 3)]:
        [(start, _)] = source.find(quote)
        assert source.paragraph_at(start) == number


def test_typography_kept_exactly(source: Source) -> None:
    """Keep curly quotes and dashes of the file in the source text."""
    assert "Stalin “too rude” to lead – and Trotsky’s ‘permanent revolution’" in source.text


def test_byte_order_mark_and_crlf(tmp_path: Path) -> None:
    """Read a file saved with a BOM and Windows line endings like any other."""
    raw = b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8")
    src = load_source(write_source(tmp_path, raw), "notes")
    assert src.meta["title"] == "Stalin versus Trotsky"
    assert [b.number for b in src.blocks if b.kind == "paragraph"] == [1, 2, 3]
    assert "\r" not in src.text


def test_not_utf8_names_file_and_line(tmp_path: Path) -> None:
    """Raise a located error for a file that is not UTF-8."""
    raw = TEXT.replace("By 1927", "En 1927, Trotsky perdit à").encode("latin-1", "replace")
    path = write_source(tmp_path, raw)
    with pytest.raises(LessongenError) as info:
        load_source(path, "notes")
    [problem] = info.value.problems
    assert problem.location.path == path
    assert problem.location.line == 18
    assert "not UTF-8" in problem.message
    assert problem.format(tmp_path).startswith("notes.txt:18: source is not UTF-8 text;")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("", 1),
        ("\n\n   \n", 1),
        ("---\ntitle: Nothing yet\n---\n", 4),
        ("---\ntitle: Nothing yet\n---\n\n# Only a heading\n", 4),
    ],
)
def test_empty_source_names_file_and_line(tmp_path: Path, text: str, line: int) -> None:
    """Raise a located error for a source with no paragraph of text."""
    path = write_source(tmp_path, text)
    with pytest.raises(LessongenError) as info:
        load_source(path, "notes")
    [problem] = info.value.problems
    assert (problem.location.path, problem.location.line) == (path, line)
    assert problem.message.startswith("source has no text;")


def test_front_matter_never_closed(tmp_path: Path) -> None:
    """Point at line 1 when front matter starts but never ends."""
    path = write_source(tmp_path, "---\ntitle: Notes\n\nText.\n")
    with pytest.raises(LessongenError) as info:
        load_source(path, "notes")
    assert [p.format(tmp_path) for p in info.value.problems] == [
        "notes.txt:1: front matter starts with '---' but never ends; add a line '---' after "
        "the last provenance field"
    ]


def test_unknown_provenance_field(tmp_path: Path) -> None:
    """Name an unknown front-matter field at its line, with a suggestion."""
    path = write_source(tmp_path, "---\ntitle: Notes\nauther: Anon\n---\n\nText.\n")
    with pytest.raises(LessongenError) as info:
        load_source(path, "notes")
    [problem] = info.value.problems
    assert problem.format(tmp_path) == (
        "notes.txt:3: auther: unknown provenance field (did you mean 'author'?); use one of: "
        "title, author, publisher, published, url, kind, note"
    )


def test_missing_file(tmp_path: Path) -> None:
    """Raise a located error, not OSError, for a file that cannot be read."""
    path = tmp_path / "gone.txt"
    with pytest.raises(LessongenError) as info:
        load_source(path, "gone")
    assert info.value.problems[0].location.path == path
    assert info.value.problems[0].message.startswith("cannot read source:")


# --- finding quotes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "quote",
    [
        'Stalin "too rude" to lead',  # straight for curly double quotes
        "Stalin 'too rude' to lead",  # single for double
        "Trotsky's 'permanent revolution'",  # straight for curly single quotes and apostrophe
        "to lead - and Trotsky",  # hyphen for en dash
        "to lead — and Trotsky",  # em dash for en dash
        "Lenin   died\non January 21,\t1924",  # runs of white space and a newline
        "  Lenin died  ",  # white space around the quote
        "succession. Trotsky had headed",  # across a line break inside a paragraph
    ],
)
def test_find_ignores_quotes_dashes_and_white_space(source: Source, quote: str) -> None:
    """Find a quote whatever its quote style, dash style or white space."""
    spans = source.find(quote)
    assert len(spans) == 1
    start, end = spans[0]
    found = source.text[start:end]
    assert normalize(found)[0] == normalize(quote)[0]


@pytest.mark.parametrize(
    "quote",
    [
        "lenin died",  # case matters
        "LENIN DIED",
        "Lenin died on January 21 1924",  # a comma left out
        "Lenin dies on",  # a different word
        "Stalin too rude to lead",  # quote marks dropped
        "to lead and Trotsky",  # dash dropped
        "Trotskys",  # apostrophe dropped
        "Lenin diedon",  # white space removed inside a word boundary
        "",
        "   ",
    ],
)
def test_find_ignores_nothing_else(source: Source, quote: str) -> None:
    """Find no match when a quote differs in anything but quotes, dashes and white space."""
    assert source.find(quote) == []


def test_find_gives_exact_spans_of_every_occurrence(source: Source) -> None:
    """Return the span of each occurrence in the source's own text, curly quotes and all."""
    spans = source.find("Trotsky")
    assert len(spans) == 3
    assert all(source.text[s:e] == "Trotsky" for s, e in spans)
    assert spans == sorted(spans)
    [(s, e)] = source.find('"too rude"')
    assert source.text[s:e] == "“too rude”"


def test_find_accents_kept(tmp_path: Path) -> None:
    """Match accents exactly: an unaccented quote does not match accented text."""
    src = load_source(write_source(tmp_path, "Lénine mourut en 1924.\n"), "fr")
    assert src.find("Lénine mourut") == [(0, 13)]
    assert src.find("Lenine mourut") == []


def test_closest_suggests_the_near_passage(source: Source) -> None:
    """Suggest the passage that most resembles a quote that is not there."""
    assert source.closest("Lenin passed on January 21, 1924") == "Lenin died on January 21, 1924,"
    assert source.closest("Trotsky had lost her position") == "Trotsky had lost his position"
    assert source.closest("the Military Revolution Committee") == (
        "the Military Revolutionary Committee."
    )


# --- breaking lines ------------------------------------------------------------------------

SAMPLE = (
    "The Soviet Union was the first totalitarian state to establish itself after World "
    "War One, under the Bolsheviks."
)


@pytest.mark.parametrize("n", [12, 16, 25, 40, 200])
def test_break_lines_fills_lines_without_splitting_words(n: int) -> None:
    """Break at spaces into lines that fit, each as full as it can be."""
    lines = break_lines(SAMPLE, width(n))
    texts = [SAMPLE[a:b] for a, b in lines]
    assert all(len(t) <= n for t in texts)
    assert " ".join(texts) == SAMPLE
    for (a, b), (c, _) in itertools.pairwise(lines):
        assert SAMPLE[b] == " "  # every break is at a space
        next_word = SAMPLE[c:].split()[0]
        assert len(SAMPLE[a : c + len(next_word)]) > n  # greedy: the next word did not fit


def test_break_lines_known_layout() -> None:
    """Lay out a short text exactly."""
    text = "Lenin died in 1924; Trotsky was expelled in 1927."
    assert [text[a:b] for a, b in break_lines(text, width(20))] == [
        "Lenin died in 1924;",
        "Trotsky was expelled",
        "in 1927.",
    ]


def test_break_lines_cuts_only_a_word_wider_than_the_line() -> None:
    """Cut a word only when it is wider than the line, and then into pieces that fit."""
    text = "See Dnipropetrovsk oblast today"
    lines = [text[a:b] for a, b in break_lines(text, width(8))]
    assert lines == ["See", "Dniprope", "trovsk", "oblast", "today"]


def test_break_lines_empty_text() -> None:
    """Return no lines for empty or blank text."""
    assert break_lines("", width(10)) == []
    assert break_lines("   \n ", width(10)) == []


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéü’—", min_size=1, max_size=14)
texts = st.lists(words, min_size=0, max_size=30).flatmap(
    lambda ws: st.lists(
        st.sampled_from([" ", "  ", "\n", " \t "]), min_size=len(ws), max_size=len(ws)
    ).map(lambda gaps: "".join(w + g for w, g in zip(ws, gaps, strict=True)))
)


@settings(max_examples=300, deadline=None)
@given(text=texts, n=st.integers(min_value=1, max_value=30))
def test_break_lines_properties(text: str, n: int) -> None:
    """Never exceed the width, lose a character, or split a word that would fit on a line."""
    lines = break_lines(text, width(n))
    assert all(1 <= b - a <= n for a, b in lines)
    assert all(a2 >= b1 for (_, b1), (a2, _) in itertools.pairwise(lines))
    kept = re.sub(r"\s", "", "".join(text[a:b] for a, b in lines))
    assert kept == re.sub(r"\s", "", text)
    for m in re.finditer(r"\S+", text):
        if len(m.group()) <= n:
            assert any(a <= m.start() and m.end() <= b for a, b in lines), m.group()
    for a, b in lines:
        assert not text[a].isspace() and not text[b - 1].isspace()


# --- printed lines and citations -------------------------------------------------------------


def span_of(source: Source, first: str, last: str) -> tuple[int, int]:
    """Return the span from the start of `first` to the end of `last`."""
    [(start, _)] = source.find(first)
    [(_, end)] = source.find(last)
    return start, end


def test_print_span_numbers_only_text_lines(source: Source) -> None:
    """Number text lines from 1 across paragraphs; a paragraph break adds no numbered line."""
    start, end = span_of(source, "Lenin died on", "divided them.")
    lines = print_span(source, start, end, width(30))
    assert [ln.number for ln in lines] == list(range(1, len(lines) + 1))
    assert all(ln.text.strip() for ln in lines)
    assert all(not ln.heading for ln in lines)
    gaps = [ln.number for ln in lines if ln.gap_before]
    assert len(gaps) == 1
    second = next(ln for ln in lines if ln.gap_before)
    assert second.text.startswith("Lenin called Stalin")
    prev = lines[second.number - 2]  # type: ignore[operator]
    assert prev.text.endswith("Committee.")
    assert " ".join(ln.text for ln in lines).split() == source.text[start:end].split()
    for ln in lines:
        assert source.text[ln.start : ln.end] == ln.text
        assert len(ln.text) <= 30


def test_print_span_heading_has_no_number(source: Source) -> None:
    """Print a heading inside a span as an unnumbered line; numbering continues after it."""
    start, end = span_of(source, "Lenin called Stalin", "Central Committee.")
    lines = print_span(source, start, end, width(200))
    assert [(ln.number, ln.heading, ln.gap_before) for ln in lines] == [
        (1, False, False),
        (None, True, True),
        (2, False, True),
    ]
    assert lines[1].text == "Stalin's reign"


def test_print_span_starts_mid_paragraph(source: Source) -> None:
    """Begin at the extract's first word, not at the start of its paragraph."""
    start, end = span_of(source, "Trotsky had headed", "Revolutionary Committee.")
    lines = print_span(source, start, end, width(200))
    assert lines == (
        PrintedLine(1, "Trotsky had headed the Military Revolutionary Committee.", start, end),
    )


def test_cite_lines(source: Source) -> None:
    """Give the first and last printed lines that hold a quote."""
    start, end = span_of(source, "Lenin died on", "divided them.")
    lines = print_span(source, start, end, width(20))
    by_text = {ln.number: ln for ln in lines}

    [(s, e)] = source.find("Military")
    [hit] = [n for n, ln in by_text.items() if ln.start <= s and e <= ln.end]
    assert cite_lines(lines, s, e) == (hit, hit)

    [(s, e)] = source.find("no clear path of succession. Trotsky had headed")
    first, last = cite_lines(lines, s, e) or (0, 0)
    assert first < last
    assert "no clear" in by_text[first].text or by_text[first].text.endswith("no")
    assert "headed" in by_text[last].text

    [(s, e)] = source.find("By 1927")
    assert cite_lines(lines, s, e) is None


def test_cite_lines_across_paragraph_break(source: Source) -> None:
    """Cite the lines on both sides of a paragraph break, which has no number of its own."""
    start, end = span_of(source, "Lenin died on", "divided them.")
    lines = print_span(source, start, end, width(200))
    assert [ln.number for ln in lines] == [1, 2]
    [(s, _)] = source.find("Revolutionary Committee.")
    [(_, e)] = source.find("Lenin called Stalin")
    assert cite_lines(lines, s, e) == (1, 2)
