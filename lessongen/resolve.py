"""A lesson against its unit's sources: extracts located and printed, every quote verified."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lessongen import fonts
from lessongen.compare import Comparison, Difference, compare
from lessongen.errors import (
    LessongenError,
    Location,
    Problem,
    Problems,
    clip,
    one_of,
    shown,
    suggest,
)
from lessongen.model import PageStyle
from lessongen.sources import (
    PrintedLine,
    Source,
    cite_lines,
    load_source,
    normalize,
    print_span,
    word_spans,
)
from lessongen.spec import Activity, Evidence, Lesson, Unit

MAX_EXTRACT_LINES = 300  # about six pages: more is a mistaken 'to', not an extract


@dataclass(frozen=True)
class Extract:
    """An extract located in its source and broken into printed lines."""

    id: str
    title: str | None
    letter: str
    source: Source
    start: int
    end: int
    lines: tuple[PrintedLine, ...]

    @property
    def text(self) -> str:
        """Return the extract's text as it stands in the source."""
        return self.source.text[self.start : self.end]

    @property
    def line_count(self) -> int:
        """Return how many numbered lines the extract prints."""
        return sum(1 for ln in self.lines if ln.number)


@dataclass(frozen=True)
class Citation:
    """Where a quote is, worded for the answer key."""

    quote: str
    where: str


@dataclass(frozen=True)
class Compared:
    """A compare activity's extracts aligned, and the differences its key lists, with notes."""

    left: str  # extract ids
    right: str
    comparison: Comparison
    listed: tuple[tuple[Difference, str | None], ...]


@dataclass(frozen=True)
class Resolved:
    """A lesson with its sources, printed extracts and a citation for every quote."""

    unit: Unit
    lesson: Lesson
    sources: dict[str, Source]
    extracts: dict[str, Extract]
    citations: dict[Evidence, Citation]
    style: PageStyle  # the page style the extract lines were broken for
    # For each compare activity, by its index: aligned rows and the differences to list.
    comparisons: dict[int, Compared] = field(default_factory=dict)

    @property
    def quote_count(self) -> int:
        """Return how many evidence quotes were verified."""
        return len(self.citations)


class SourceLibrary:
    """Loads a unit's sources once, however many lessons use them."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self.folder = unit.path / "sources"
        self._cache: dict[str, Source | LessongenError] = {}

    def ids(self) -> list[str]:
        """Return the ids of the unit's sources."""
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.txt"))

    def get(self, source_id: str) -> Source:
        """Return a source by id, loading it on first use."""
        if source_id not in self._cache:
            path = self.folder / f"{source_id}.txt"
            try:
                if not path.resolve().is_relative_to(self.folder.resolve()):
                    raise LessongenError(
                        [
                            Problem(
                                Location(path), "source file is outside the unit's sources/ folder"
                            )
                        ]
                    )
                self._cache[source_id] = load_source(path, source_id, self.unit.style.font)
            except LessongenError as exc:
                self._cache[source_id] = exc
        found = self._cache[source_id]
        if isinstance(found, LessongenError):
            raise found
        return found


def extract_fits(style: PageStyle) -> Callable[[str], bool]:
    """Return a test of whether a line of extract text fits the printed column."""
    metric = fonts.metrics(style.font)
    limit = style.extract_width

    def fits(text: str) -> bool:
        return metric.width(text, style.size) <= limit

    return fits


def resolve(
    lesson: Lesson, library: SourceLibrary, style: PageStyle, problems: Problems | None = None
) -> Resolved:
    """Locate extracts and verify every quote and blank, collecting all problems.

    Problems already found in the spec may be passed in, to be reported with these.
    """
    problems = problems if problems is not None else Problems()
    sources: dict[str, Source] = {}
    for letter, sid in lesson.sources.items():
        loc = lesson.source_locs.get(letter, Location(lesson.path, 0, f"sources.{letter}"))
        if sid not in library.ids():
            problems.add(
                loc,
                f"no source '{sid}' in {shown(library.folder)}"
                f"{suggest(sid, library.ids())}; the unit has: "
                f"{one_of(library.ids()) or 'no sources'}",
            )
            continue
        try:
            sources[letter] = library.get(sid)
        except LessongenError as exc:
            problems.extend(exc.problems)
    # Quotes that name no source may lie in a source that failed to load: don't guess.
    complete = len(sources) == len(lesson.source_locs)

    fits = extract_fits(style)
    extracts: dict[str, Extract] = {}
    for eid, spec in lesson.extracts.items():
        source = sources.get(spec.source)
        if source is None:
            continue
        start = _anchor(source, spec.start, spec.from_loc, problems)
        end_span = _end_anchor(source, spec.end, start, spec.to_loc, problems)
        if start is None or end_span is None:
            continue
        lines = print_span(source, start, end_span, fits)
        printed = sum(1 for ln in lines if ln.number)
        if printed > MAX_EXTRACT_LINES:
            problems.add(
                spec.loc,
                f"extract is {printed} printed lines long; the most is {MAX_EXTRACT_LINES}: "
                "choose 'to' words nearer the start, or split it into several extracts",
            )
            continue
        extracts[eid] = Extract(eid, spec.title, spec.source, source, start, end_span, lines)

    citations: dict[Evidence, Citation] = {}
    for activity in lesson.activities:
        for evidence in _evidence_of(activity):
            cite = _cite(evidence, activity, sources, extracts, problems, complete)
            if cite:
                citations[evidence] = cite
        if activity.type == "cloze" and (activity.text or activity.extract in extracts):
            _check_blanks(activity, extracts, problems)
    comparisons = {
        index: _compared(activity, extracts, problems)
        for index, activity in enumerate(lesson.activities)
        if activity.type == "compare"
        and len(activity.extracts) == 2
        and all(x in extracts for x in activity.extracts)
    }
    problems.raise_if_any()
    return Resolved(library.unit, lesson, sources, extracts, citations, style, comparisons)


def _compared(activity: Activity, extracts: dict[str, Extract], problems: Problems) -> Compared:
    """Compare the activity's two extracts and apply the teacher's choices of differences."""
    left, right = (extracts[x] for x in activity.extracts)
    found = compare(left.source, (left.start, left.end), right.source, (right.start, right.end))
    chosen: dict[Difference, tuple[bool, str | None]] = {}
    for choice in activity.choices:
        needle = _words_key(choice.at)
        hits = [d for d in found.differences if needle and needle in _words_key(d.words())]
        if not hits:
            texts = [t for d in found.differences for t in (d.left_text, d.right_text) if t]
            near = max(texts, key=lambda t: _window_similarity(choice.at, t), default="")
            problems.add(
                choice.loc,
                f"'{choice.at}' is not in any difference between {left.id} and {right.id}"
                + (f'; closest: "{clip(near, 80)}"' if near else "")
                + "; to see every difference found, remove this entry and run "
                "'lessongen check -v'",
            )
        elif len(hits) > 1:
            problems.add(
                choice.loc,
                f"'{choice.at}' is in {len(hits)} differences; add words until it names one",
            )
        elif hits[0] in chosen:
            problems.add(choice.loc, "this difference is already chosen by an earlier 'at'")
        else:
            chosen[hits[0]] = (choice.drop, choice.note)
    listed = tuple(
        (d, chosen.get(d, (False, None))[1])
        for d in found.differences
        if not chosen.get(d, (False, None))[0] and (activity.show == "all" or d in chosen)
    )
    return Compared(left.id, right.id, found, listed)


def _words_key(text: str) -> str:
    """Return text as words for finding one phrase in another: case and punctuation ignored."""
    return " " + " ".join(re.findall(r"\w+", normalize(text)[0].casefold())) + " "


def _window_similarity(phrase: str, text: str) -> float:
    """Return how well phrase matches its best stretch of text of the same number of words."""
    want, words = phrase.split(), text.split()
    size = max(1, len(want))
    windows = [" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))]
    return max(_similarity(phrase, w) for w in windows)


def printed_lines(extract: Extract, spans: tuple[tuple[int, int], ...]) -> str:
    """Word where spans print in an extract: 'line 4', 'lines 4–6' or 'lines 4, 30'."""
    parts = []
    for a, b in spans:
        first, last = cite_lines(extract.lines, a, b) or (0, 0)
        parts.append(str(first) if first == last else f"{first}–{last}")
    if not parts:
        return ""
    many = len(parts) > 1 or "–" in parts[0]
    return f"line{'s' if many else ''} {', '.join(parts)}"


def _anchor(source: Source, words: str, loc: Location, problems: Problems) -> int | None:
    spans = source.find(words)
    if not spans:
        problems.add(
            loc, f"'{words}' is not in source '{source.id}'{_nearest(source.closest(words))}"
        )
        return None
    if len(spans) > 1:
        problems.add(
            loc,
            f"'{words}' occurs {len(spans)} times in source '{source.id}'; "
            "add words until it occurs only once",
        )
        return None
    return spans[0][0]


def _end_anchor(
    source: Source, words: str, start: int | None, loc: Location, problems: Problems
) -> int | None:
    spans = source.find(words)
    if not spans:
        problems.add(
            loc, f"'{words}' is not in source '{source.id}'{_nearest(source.closest(words))}"
        )
        return None
    if start is None:
        return None
    after = [end for s, end in spans if s >= start]
    if len(after) > 1:
        problems.add(
            loc,
            f"'{words}' occurs {len(after)} times after the 'from' words in source "
            f"'{source.id}'; add words until it occurs only once",
        )
        return None
    if not after:
        problems.add(
            loc, f"'{words}' comes before the extract's 'from' words; swap 'from' and 'to'"
        )
        return None
    return after[0]


def _evidence_of(activity: Activity) -> list[Evidence]:
    out = [item.evidence for item in activity.items if item.evidence]
    if activity.mark_scheme:
        out += [p.evidence for p in activity.mark_scheme.indicative if p.evidence]
    return out


def _cite(
    evidence: Evidence,
    activity: Activity,
    sources: dict[str, Source],
    extracts: dict[str, Extract],
    problems: Problems,
    complete: bool = True,
) -> Citation | None:
    """Find a quote: in the activity's extracts, then the named or any lesson source."""
    own = [activity.extract] if activity.extract else list(activity.extracts)
    in_scope = [extracts[e] for e in own if e in extracts]
    if evidence.source and evidence.source not in sources:
        return None  # its source failed to load, and that was reported
    if evidence.source:
        letters = [evidence.source]
        in_scope = [x for x in in_scope if x.letter == evidence.source]
    else:
        letters = list(sources)
    for extract in in_scope + [x for x in extracts.values() if x not in in_scope]:
        if extract.letter not in letters:
            continue
        for s, e in extract.source.find(evidence.quote):
            if extract.start <= s and e <= extract.end:
                return Citation(
                    evidence.quote, f"{extract.id}, {printed_lines(extract, ((s, e),))}"
                )
    for letter in letters:
        spans = sources[letter].find(evidence.quote)
        if spans:
            return Citation(
                evidence.quote,
                f"Source {letter}, paragraph {sources[letter].paragraph_at(spans[0][0])}",
            )
    if not evidence.source and not complete:
        return None  # it may be in the source that failed to load
    if not letters:
        problems.add(
            evidence.loc,
            "the lesson has no sources to find this quote in; add 'sources:' with a letter "
            "for each source file, e.g. 'A: interwar-years'",
        )
        return None
    where = f"Source {evidence.source}" if evidence.source else "the lesson's sources"
    best = max(
        (sources[x].closest(evidence.quote) for x in letters),
        key=lambda t: _similarity(t, evidence.quote),
        default="",
    )
    problems.add(evidence.loc, f"quote not found in {where}{_nearest(best)}")
    return None


def _nearest(passage: str) -> str:
    """Word the closest passage for a message, or advise when nothing is near."""
    if passage:
        return f'; closest: "{passage}"'
    return "; no passage is close: copy the words from the source file"


def _similarity(a: str, b: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, normalize(a)[0].lower(), normalize(b)[0].lower()).ratio()


def cloze_text(activity: Activity, extracts: dict[str, Extract]) -> str:
    """Return the text a cloze activity blanks words from."""
    if activity.text is not None:
        return activity.text
    if activity.extract and activity.extract in extracts:
        return extracts[activity.extract].text
    return ""


def _check_blanks(activity: Activity, extracts: dict[str, Extract], problems: Problems) -> None:
    text = cloze_text(activity, extracts)
    if not text:
        return
    hay = normalize(text)[0]
    words = re.findall(r"\w[\w'-]*", hay)
    locs = activity.blank_locs or tuple(activity.loc.child("blanks") for _ in activity.blanks)
    for blank, loc in zip(activity.blanks, locs, strict=False):
        if not word_spans(hay, blank):
            problems.add(
                loc,
                f"blank '{blank}' is not in the cloze text as whole words{suggest(blank, words)}; "
                "copy the words exactly as the text has them (capitals too)",
            )
