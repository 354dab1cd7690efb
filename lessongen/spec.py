"""Lesson and unit specs: YAML -> validated, frozen objects. Every problem is collected first."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from lessongen.errors import LessongenError, Location, Problem, Problems, one_of, suggest
from lessongen.text import unprintable, unprintable_message
from lessongen.yamlfile import Node, parse_yaml

ACTIVITY_FIELDS: dict[str, tuple[str, ...]] = {
    "questions": ("extract", "items"),
    "multiple_choice": ("extract", "items"),
    "vocabulary": ("terms",),
    "cloze": ("extract", "text", "blanks"),
    "timeline": ("events",),
    "source_question": ("extract", "extracts", "q", "marks", "lines", "answer", "mark_scheme"),
    "essay": ("prompt", "marks", "lines", "scaffold", "mark_scheme"),
    "compare": ("extracts", "q", "marks", "lines", "show", "differences", "mark_scheme"),
}
SHOW = ("all", "listed")  # which differences a compare activity's answer key lists
# Every activity may carry a hint and a word bank for the support edition, and be marked as
# a stretch activity, printed only in the extension edition.
COMMON_FIELDS = ("type", "title", "minutes", "instructions", "hint", "word_bank", "stretch")
STARTER_TYPES = ("source_question", "compare", "essay")  # one answer: a starter for it
EDITIONS = ("core", "support", "extension")
LESSON_FIELDS = (
    "title",
    "duration",
    "objectives",
    "sources",
    "extracts",
    "activities",
    "notes",
    "differentiation",
)
UNIT_FIELDS = ("title", "course", "level", "lessons", "style")
STYLE_FIELDS = ("school", "logo", "paper", "font", "size")
PAPERS = ("A4", "letter")
FONTS = ("sans", "serif", "readable")
ANY = "*"  # stands for "every name" when a lesson's list of names could not be read
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


# --- the objects ----------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """A quote that supports an answer, optionally pinned to a source letter."""

    quote: str
    source: str | None
    loc: Location


@dataclass(frozen=True)
class Item:
    """A question (short answer or multiple choice) with its answer."""

    q: str
    answer: str
    evidence: Evidence | None
    marks: int
    lines: int | None
    options: tuple[str, ...]
    loc: Location
    hint: str | None = None  # support edition
    starter: str | None = None  # support edition: the first words of the answer
    stretch: bool = False  # extension edition only


@dataclass(frozen=True)
class Level:
    """One level of a levels-based mark scheme."""

    level: int
    marks: str
    descriptor: str


@dataclass(frozen=True)
class Point:
    """One point of indicative content, with evidence where the sources give it."""

    point: str
    evidence: Evidence | None


@dataclass(frozen=True)
class MarkScheme:
    """Levels with mark ranges and descriptors, plus indicative content."""

    levels: tuple[Level, ...]
    indicative: tuple[Point, ...]


@dataclass(frozen=True)
class Event:
    """A dated event of a timeline activity."""

    date: str
    event: str


@dataclass(frozen=True)
class Choice:
    """A teacher's word on one difference a compare activity finds: keep, drop or annotate."""

    at: str  # words of the difference, from either account
    drop: bool
    note: str | None
    loc: Location


@dataclass(frozen=True)
class Activity:
    """One activity of a lesson; which fields are used depends on `type`."""

    type: str
    loc: Location
    title: str | None = None
    minutes: int | None = None
    instructions: str | None = None
    extract: str | None = None
    extracts: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    terms: tuple[tuple[str, str], ...] = ()
    text: str | None = None
    blanks: tuple[str, ...] = ()
    blank_locs: tuple[Location, ...] = ()
    word_bank: bool = True
    events: tuple[Event, ...] = ()
    q: str | None = None
    answer: str | None = None
    marks: int = 0
    lines: int | None = None
    mark_scheme: MarkScheme | None = None
    factors: tuple[str, ...] = ()
    starters: tuple[str, ...] = ()
    show: str = "all"
    choices: tuple[Choice, ...] = ()
    hint: str | None = None  # support edition
    starter: str | None = None  # support edition, for activities answered in one piece
    bank: tuple[str, ...] = ()  # support edition: a word bank (a cloze makes its own)
    stretch: bool = False  # extension edition only


@dataclass(frozen=True)
class ExtractSpec:
    """A verbatim passage of a source, located by its first and last words."""

    id: str
    source: str
    start: str
    end: str
    title: str | None
    loc: Location
    from_loc: Location
    to_loc: Location


@dataclass(frozen=True)
class Lesson:
    """A validated lesson spec."""

    path: Path
    title: str
    duration: int | None
    objectives: tuple[str, ...]
    sources: dict[str, str]
    extracts: dict[str, ExtractSpec]
    activities: tuple[Activity, ...]
    notes: str | None
    differentiation: dict[str, str]
    source_locs: dict[str, Location]

    @property
    def stem(self) -> str:
        """Return the lesson's name: its file name without `.yaml`."""
        return self.path.stem


@dataclass(frozen=True)
class Style:
    """How a unit's documents look."""

    school: str | None = None
    logo: Path | None = None
    paper: str = "A4"
    font: str = "sans"
    size: float = 11.0


@dataclass(frozen=True)
class Unit:
    """A unit folder's metadata (all optional)."""

    path: Path
    title: str
    course: str | None
    level: str | None
    lessons: tuple[str, ...] | None
    style: Style
    lesson_locs: tuple[Location, ...] = ()

    @property
    def name(self) -> str:
        """Return the unit's folder name."""
        return self.path.name


# --- reading located nodes ------------------------------------------------------------


class Fields:
    """Reads a mapping node field by field, recording every problem it meets."""

    def __init__(self, node: Node, problems: Problems, allowed: Iterable[str], what: str) -> None:
        self.node = node
        self.problems = problems
        self.map: dict[str, Node] = {}
        self._reported: set[str] = set()  # fields already reported, so each is said once
        allowed = tuple(allowed)
        if not isinstance(node.value, dict):
            problems.add(
                node.loc, f"{what} must be a mapping of 'field: value' lines, not {node.kind}"
            )
            return
        self.map = node.value
        for key, child in node.value.items():
            if key not in allowed:
                problems.add(
                    child.loc,
                    f"unknown field{suggest(key, allowed)}; the fields of {what} are: "
                    f"{one_of(allowed)}",
                )

    @property
    def ok(self) -> bool:
        """Return whether the node was a mapping."""
        return isinstance(self.node.value, dict)

    def get(self, key: str) -> Node | None:
        """Return a field's node, or None when it is absent."""
        return self.map.get(key)

    def loc(self, key: str) -> Location:
        """Return the location of a field, or of the mapping when the field is absent."""
        child = self.map.get(key)
        return child.loc if child else self.node.loc.child(key)

    def missing(self, key: str, hint: str) -> None:
        """Record a missing required field."""
        self.problems.add(self.loc(key), f"missing; {hint}")

    def text(self, key: str, required: str | None = None) -> str | None:
        """Read a text field (numbers are taken as text)."""
        node = self.map.get(key)
        if node is None or node.value is None:
            if required:
                self.missing(key, required)
            return None
        return as_text(node, self.problems)

    def integer(self, key: str, minimum: int = 0, maximum: int = 10_000) -> int | None:
        """Read a whole-number field."""
        node = self.map.get(key)
        if node is None or node.value is None:
            return None
        value = node.value
        if isinstance(value, float):
            self.problems.add(node.loc, f"must be a whole number, not {value:g}")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problems.add(node.loc, f"must be a whole number, not {node.kind}")
            return None
        if not minimum <= value <= maximum:
            self.problems.add(node.loc, f"must be between {minimum} and {maximum}")
            return None
        return value

    def _wrong(self, node: Node, message: str) -> None:
        """Report a field's wrong type once, however often it is read."""
        if node.loc.field not in self._reported:
            self._reported.add(node.loc.field)
            self.problems.add(node.loc, message)

    def texts(self, key: str) -> tuple[str, ...]:
        """Read a list of text values."""
        node = self.map.get(key)
        if node is None or node.value is None:
            return ()
        if not isinstance(node.value, list):
            self._wrong(node, f"must be a list (lines starting '- '), not {node.kind}")
            return ()
        out = [as_text(item, self.problems) for item in node.value]
        return tuple(t for t in out if t is not None)

    def boolean(self, key: str, default: bool) -> bool:
        """Read a true/false field."""
        node = self.map.get(key)
        if node is None or node.value is None:
            return default
        if not isinstance(node.value, bool):
            self.problems.add(node.loc, f"must be true or false, not {node.kind}")
            return default
        return node.value

    def items(self, key: str) -> list[Node]:
        """Return the nodes of a list field."""
        node = self.map.get(key)
        if node is None or node.value is None:
            return []
        if not isinstance(node.value, list):
            self._wrong(node, f"must be a list (lines starting '- '), not {node.kind}")
            return []
        return node.value

    def pairs(self, key: str) -> list[tuple[str, Node]]:
        """Return the entries of a mapping field."""
        node = self.map.get(key)
        if node is None or node.value is None:
            return []
        if not isinstance(node.value, dict):
            self._wrong(node, f"must be a mapping of 'name: value' lines, not {node.kind}")
            return []
        return list(node.value.items())


def as_text(node: Node, problems: Problems) -> str | None:
    """Take a scalar as text; record a problem for a list or mapping."""
    value = node.value
    if isinstance(value, dict | list):
        problems.add(node.loc, f"must be text, not {node.kind}")
        return None
    if value is None:
        problems.add(node.loc, "is empty; write the text after the colon")
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip()
    if not text:
        problems.add(node.loc, "is empty; write the text after the colon")
        return None
    return text


def load_yaml_file(path: Path) -> Node:
    """Read and parse a YAML file, with clear errors for unreadable or empty files."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LessongenError(
            [Problem(Location(path), f"cannot read file: {exc.strerror}")]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LessongenError(
            [Problem(Location(path, line), "file is not UTF-8 text; save it as UTF-8")]
        ) from None
    return parse_yaml(text, path)


# --- lessons --------------------------------------------------------------------------


def load_lesson(path: Path) -> Lesson:
    """Load and validate a lesson spec, raising LessongenError with every problem found."""
    lesson, problems = parse_lesson(path)
    problems.raise_if_any()
    assert lesson is not None
    return lesson


def parse_lesson(path: Path, family: str = "sans") -> tuple[Lesson | None, Problems]:
    """Load a lesson spec; return what is valid of it with every problem found.

    The partial lesson lets quotes and extracts be checked in the same run, so a teacher
    sees all problems at once. It is None only when the file is not a mapping at all.
    """
    node = load_yaml_file(path)
    problems = Problems()
    if node.value is None:
        problems.add(
            Location(path, 1),
            "lesson file is empty; start it with 'title: ...' (see docs/writing-lessons.md)",
        )
        return None, problems
    f = Fields(node, problems, LESSON_FIELDS, "a lesson")
    if not f.ok:
        return None, problems
    _check_printable(node, family, problems)
    title = f.text("title", required="give the lesson a title, e.g. 'title: The death of Lenin'")
    duration = f.integer("duration", minimum=1, maximum=600)
    objectives = f.texts("objectives")

    sources: dict[str, str] = {}
    source_locs: dict[str, Location] = {}
    source_pairs = f.pairs("sources")
    declared = {letter for letter, _ in source_pairs}
    sources_node = f.get("sources")
    if sources_node is not None and not isinstance(sources_node.value, dict | None):
        declared = {ANY}  # malformed: its letters cannot be known, so don't call them unknown
    for letter, child in source_pairs:
        source_locs[letter] = child.loc
        sid = as_text(child, problems)
        if not re.fullmatch(r"[A-Z]", letter):
            problems.add(
                child.loc, "source letters are single capital letters, e.g. 'A: interwar-years'"
            )
        if sid is not None:
            if not _ID.match(sid) or ".." in sid:
                problems.add(
                    child.loc,
                    f"'{sid}' is not a source id; give the file name in "
                    "sources/ without '.txt', e.g. 'interwar-years'",
                )
            else:
                sources[letter] = sid

    extracts: dict[str, ExtractSpec] = {}
    extract_pairs = f.pairs("extracts")
    scope = _Scope(sources, declared, extracts, {eid for eid, _ in extract_pairs})
    for eid, child in extract_pairs:
        ef = Fields(child, problems, ("source", "from", "to", "title"), "an extract")
        if not ef.ok:
            continue
        src = ef.text("source", required="name the source letter, e.g. 'source: A'")
        start = ef.text(
            "from", required="give the extract's first words, e.g. 'from: \"In 1917, Lenin\"'"
        )
        end = ef.text("to", required="give the extract's last words")
        known = src is not None and scope.letter_ok(src, ef.loc("source"), problems)
        if src and start and end and known:
            extracts[eid] = ExtractSpec(
                eid, src, start, end, ef.text("title"), child.loc, ef.loc("from"), ef.loc("to")
            )

    activities = []
    activities_node = f.get("activities")
    if activities_node is not None and activities_node.value == []:
        problems.add(
            f.loc("activities"), "is empty; list what students do, e.g. '- type: questions'"
        )
    for child in f.items("activities"):
        activity = _activity(child, problems, scope)
        if activity is not None:
            activities.append(activity)
    if f.get("activities") is None:
        f.missing("activities", "list what students do, e.g. '- type: questions'")

    differentiation = {}
    for key, child in f.pairs("differentiation"):
        text = as_text(child, problems)
        if key not in ("support", "extension"):
            problems.add(
                child.loc,
                f"unknown field{suggest(key, ('support', 'extension'))}; "
                "differentiation fields are: support, extension",
            )
        elif text:
            differentiation[key] = text

    lesson = Lesson(
        path=path,
        title=title or path.stem,
        duration=duration,
        objectives=objectives,
        sources=sources,
        extracts=extracts,
        activities=tuple(activities),
        notes=f.text("notes"),
        differentiation=differentiation,
        source_locs=source_locs,
    )
    return lesson, problems


@dataclass
class _Scope:
    """What a lesson defines, to check references against without follow-on errors."""

    sources: dict[str, str]
    letters: set[str]  # declared, valid or not
    extracts: dict[str, ExtractSpec]
    extract_ids: set[str]  # declared, valid or not

    def letter_ok(self, letter: str, loc: Location, problems: Problems) -> bool:
        """Check a source letter; a declared but broken one was reported already."""
        return _known("source letter", letter, self.sources, self.letters, loc, problems)

    def extract_ok(self, ref: str, loc: Location, problems: Problems) -> bool:
        """Check an extract id; a declared but broken one was reported already."""
        return _known("extract", ref, self.extracts, self.extract_ids, loc, problems)


def _known(
    what: str, ref: str, valid: Iterable[str], declared: set[str], loc: Location, problems: Problems
) -> bool:
    """Return whether ref is valid; report it only when the lesson never declared it."""
    if ref in valid:
        return True
    if ref not in declared and ANY not in declared:
        problems.add(loc, _unknown(what, ref, declared))
    return False


def _check_printable(node: Node, family: str, problems: Problems) -> None:
    """Report every text (and key) the font cannot print, at its own line and field."""
    value = node.value
    if isinstance(value, str):
        bad = unprintable(value, family)
        if bad:
            problems.add(node.loc, unprintable_message(bad, family))
    elif isinstance(value, dict):
        for key, child in value.items():
            bad = unprintable(key, family)
            if bad:
                problems.add(child.loc, unprintable_message(bad, family))
            _check_printable(child, family, problems)
    elif isinstance(value, list):
        for child in value:
            _check_printable(child, family, problems)


def _unknown(what: str, value: str, valid: Iterable[str]) -> str:
    valid = list(valid)
    if not valid:
        return f"unknown {what} '{value}'; none are defined in this lesson"
    return f"unknown {what} '{value}'{suggest(value, valid)}; this lesson has: {one_of(valid)}"


def _evidence(node: Node | None, problems: Problems, scope: _Scope) -> Evidence | None:
    if node is None or node.value is None:
        return None
    if isinstance(node.value, dict):
        f = Fields(node, problems, ("source", "quote"), "evidence")
        quote = f.text("quote", required="give the quote, e.g. 'quote: \"too rude\"'")
        letter = f.text("source")
        if letter is not None and not scope.letter_ok(letter, f.loc("source"), problems):
            return None
        return Evidence(quote, letter, node.loc) if quote else None
    quote = as_text(node, problems)
    return Evidence(quote, None, node.loc) if quote else None


def _item(node: Node, problems: Problems, scope: _Scope, choice: bool) -> Item | None:
    allowed = (
        ("q", "options", "answer", "evidence", "marks", "hint", "stretch")
        if choice
        else ("q", "answer", "evidence", "marks", "lines", "hint", "starter", "stretch")
    )
    f = Fields(node, problems, allowed, "a question")
    if not f.ok:
        return None
    q = f.text("q", required="write the question, e.g. 'q: When did Lenin die?'")
    answer = f.text("answer", required="write the answer for the answer key")
    options = f.texts("options") if choice else ()
    if choice:
        if f.get("options") is None:
            f.missing("options", "list the choices, e.g. 'options: [Turkey, Norway, Mexico]'")
        elif len(options) < 2:
            problems.add(f.loc("options"), "give at least two options")
        seen: set[str] = set()
        for opt in options:
            if opt in seen:
                problems.add(f.loc("options"), f"option '{opt}' is listed twice")
            seen.add(opt)
        if answer is not None and options and answer not in options:
            problems.add(
                f.loc("answer"),
                f"answer '{answer}' is not one of the options{suggest(answer, options)}; "
                "copy it exactly from 'options'",
            )
    marks = f.integer("marks", minimum=1, maximum=100)
    lines = f.integer("lines", minimum=0, maximum=60)
    evidence = _evidence(f.get("evidence"), problems, scope)
    if q is None or answer is None:
        return None
    return Item(
        q,
        answer,
        evidence,
        marks or 1,
        lines,
        options,
        node.loc,
        hint=f.text("hint"),
        starter=None if choice else f.text("starter"),
        stretch=f.boolean("stretch", False),
    )


def _mark_scheme(node: Node | None, problems: Problems, scope: _Scope) -> MarkScheme | None:
    if node is None or node.value is None:
        return None
    f = Fields(node, problems, ("levels", "indicative"), "a mark scheme")
    levels = []
    for child in f.items("levels"):
        lf = Fields(child, problems, ("level", "marks", "descriptor"), "a level")
        level = lf.integer("level", minimum=0, maximum=20)
        marks = lf.text("marks", required="give the mark range, e.g. 'marks: \"13-16\"'")
        descriptor = lf.text("descriptor", required="describe an answer at this level")
        if level is None and lf.ok and lf.get("level") is None:
            lf.missing("level", "number the level, e.g. 'level: 4'")
        if level is not None and marks and descriptor:
            levels.append(Level(level, marks, descriptor))
    points = []
    for child in f.items("indicative"):
        if isinstance(child.value, dict):
            pf = Fields(child, problems, ("point", "evidence"), "an indicative point")
            text = pf.text("point", required="write the point")
            evidence = _evidence(pf.get("evidence"), problems, scope)
        else:
            text, evidence = as_text(child, problems), None
        if text:
            points.append(Point(text, evidence))
    return MarkScheme(tuple(levels), tuple(points))


def _activity(node: Node, problems: Problems, scope: _Scope) -> Activity | None:
    if not isinstance(node.value, dict):
        problems.add(
            node.loc, f"an activity must be a mapping starting '- type: ...', not {node.kind}"
        )
        return None
    type_node = node.value.get("type")
    kind = as_text(type_node, problems) if type_node else None
    if kind is None:
        if type_node is None:
            problems.add(
                node.loc.child("type"),
                f"missing; say what kind of activity this is: {one_of(ACTIVITY_FIELDS)}",
            )
        return None
    if kind not in ACTIVITY_FIELDS:
        assert type_node is not None
        problems.add(
            type_node.loc,
            f"unknown activity type '{kind}'{suggest(kind, ACTIVITY_FIELDS)}; "
            f"valid types are: {one_of(ACTIVITY_FIELDS)}",
        )
        return None
    extra = ("starter",) if kind in STARTER_TYPES else ()
    f = Fields(node, problems, COMMON_FIELDS + extra + ACTIVITY_FIELDS[kind], f"a {kind} activity")
    values: dict[str, object] = {
        "title": f.text("title"),
        "minutes": f.integer("minutes", minimum=0, maximum=600),
        "instructions": f.text("instructions"),
        "hint": f.text("hint"),
        "starter": f.text("starter") if extra else None,
        "stretch": f.boolean("stretch", False),
    }
    if kind == "cloze":
        values["word_bank"] = f.boolean("word_bank", True)
    else:
        values["bank"] = f.texts("word_bank")

    def extract_ref(key: str, node: Node | None = None) -> str | None:
        ref = as_text(node, problems) if node else f.text(key)
        if ref is None or not scope.extract_ok(ref, node.loc if node else f.loc(key), problems):
            return None
        return ref

    if kind in ("questions", "multiple_choice"):
        values["extract"] = extract_ref("extract")
        items = [_item(c, problems, scope, kind == "multiple_choice") for c in f.items("items")]
        values["items"] = tuple(i for i in items if i is not None)
        items_node = f.get("items")
        if items_node is None:
            f.missing("items", "list the questions, each starting '- q: ...'")
        elif items_node.value == []:
            problems.add(f.loc("items"), "is empty; list the questions, each starting '- q: ...'")
    elif kind == "vocabulary":
        terms = []
        for term, child in f.pairs("terms"):
            definition = as_text(child, problems)
            if definition:
                terms.append((term, definition))
        if len(terms) < 2:
            problems.add(f.loc("terms"), "give at least two 'term: definition' lines")
        values["terms"] = tuple(terms)
    elif kind == "cloze":
        values["extract"] = extract_ref("extract")
        values["text"] = f.text("text")
        if f.get("extract") is None and f.get("text") is None:
            problems.add(node.loc, "a cloze needs the text to blank: 'extract: A1' or 'text: ...'")
        elif f.get("extract") is not None and f.get("text") is not None:
            problems.add(f.loc("text"), "give either 'extract' or 'text' for a cloze, not both")
        values["blanks"] = f.texts("blanks")
        blanks_node = f.get("blanks")
        if blanks_node is not None and isinstance(blanks_node.value, list):
            values["blank_locs"] = tuple(n.loc for n in blanks_node.value)
        if f.get("blanks") is None:
            f.missing("blanks", "list the words to blank out, e.g. 'blanks: [Politburo]'")
    elif kind == "timeline":
        events = []
        for child in f.items("events"):
            ef = Fields(child, problems, ("date", "event"), "an event")
            date = ef.text("date", required="give the date, e.g. 'date: \"January 1924\"'")
            event = ef.text("event", required="say what happened")
            if date and event:
                events.append(Event(date, event))
        if len(events) < 2 and f.get("events") is not None:
            problems.add(f.loc("events"), "give at least two events")
        elif f.get("events") is None:
            f.missing("events", "list the events in true order, each '- {date: ..., event: ...}'")
        values["events"] = tuple(events)
    elif kind in ("source_question", "essay"):
        key = "q" if kind == "source_question" else "prompt"
        values["q"] = f.text(key, required="write the question")
        marks = f.integer("marks", minimum=1, maximum=100)
        if marks is None and f.get("marks") is None:
            f.missing("marks", "say how many marks it is worth, e.g. 'marks: 8'")
        values["marks"] = marks or 0
        values["lines"] = f.integer("lines", minimum=0, maximum=200)
        values["mark_scheme"] = _mark_scheme(f.get("mark_scheme"), problems, scope)
        if kind == "source_question":
            refs = [extract_ref("extract")] if f.get("extract") else []
            refs += [extract_ref("", c) for c in f.items("extracts")]
            values["extracts"] = tuple(r for r in refs if r)
            values["answer"] = f.text("answer")
        else:
            scaffold = f.get("scaffold")
            if scaffold is not None and scaffold.value is not None:
                sf = Fields(scaffold, problems, ("factors", "starters"), "a scaffold")
                values["factors"] = sf.texts("factors")
                values["starters"] = sf.texts("starters")
    elif kind == "compare":
        _compare(f, values, extract_ref, scope)
    return Activity(type=kind, loc=node.loc, **values)  # type: ignore[arg-type]


def _compare(
    f: Fields,
    values: dict[str, object],
    extract_ref: Callable[[str, Node | None], str | None],
    scope: _Scope,
) -> None:
    """Read a compare activity: two extracts, the question, and choices about differences."""
    problems = f.problems
    nodes = f.items("extracts")
    listed = f.get("extracts")
    if listed is None:
        f.missing("extracts", "name the two extracts to compare, e.g. 'extracts: [A1, B1]'")
    elif len(nodes) != 2 and isinstance(listed.value, list):
        problems.add(
            f.loc("extracts"),
            "a compare activity sets two extracts side by side: give exactly two, e.g. "
            f"[A1, B1] (this one has {len(nodes)})",
        )
    refs = [extract_ref("", n) for n in nodes]
    if len(refs) == 2 and refs[0] is not None and refs[0] == refs[1]:
        problems.add(f.loc("extracts"), "compare two different extracts, e.g. [A1, B1]")
    values["extracts"] = tuple(r for r in refs if r)
    values["q"] = f.text("q")
    values["marks"] = f.integer("marks", minimum=1, maximum=100) or 4
    values["lines"] = f.integer("lines", minimum=0, maximum=200)
    values["mark_scheme"] = _mark_scheme(f.get("mark_scheme"), problems, scope)
    show = f.text("show") or "all"
    if show not in SHOW:
        problems.add(
            f.loc("show"),
            f"unknown choice '{show}'{suggest(show, SHOW)}: 'all' lists every difference found, "
            "'listed' only those under 'differences'",
        )
    values["show"] = show
    choices = []
    for child in f.items("differences"):
        cf = Fields(child, problems, ("at", "drop", "note"), "a difference")
        if not cf.ok:
            continue
        at = cf.text("at", required="quote words of the difference, e.g. 'at: insuring'")
        drop = cf.boolean("drop", False)
        note = cf.text("note")
        if drop and note:
            problems.add(
                cf.loc("note"),
                "a dropped difference is not printed: give 'drop' or 'note', not both",
            )
        if at:
            choices.append(Choice(at, drop, note, cf.loc("at")))
    values["choices"] = tuple(choices)


# --- units ----------------------------------------------------------------------------


def load_unit(folder: Path) -> Unit:
    """Load a unit folder's unit.yaml (optional) into a Unit."""
    path = folder / "unit.yaml"
    default_title = folder.name.replace("-", " ").replace("_", " ").capitalize()
    if not path.exists():
        return Unit(folder, default_title, None, None, None, Style())
    node = load_yaml_file(path)
    problems = Problems()
    if node.value is None:
        return Unit(folder, default_title, None, None, None, Style())
    f = Fields(node, problems, UNIT_FIELDS, "unit.yaml")
    if not f.ok:
        problems.raise_if_any()
    lessons = f.texts("lessons") if f.get("lessons") is not None else None
    lessons_node = f.get("lessons")
    lesson_locs = (
        tuple(n.loc for n in lessons_node.value)
        if lessons_node is not None and isinstance(lessons_node.value, list)
        else ()
    )
    style = Style()
    style_node = f.get("style")
    if style_node is not None and style_node.value is not None:
        sf = Fields(style_node, problems, STYLE_FIELDS, "style")
        paper = sf.text("paper") or "A4"
        if paper.lower() not in ("a4", "letter"):
            problems.add(sf.loc("paper"), f"unknown paper '{paper}'; use one of: A4, letter")
        font = sf.text("font") or "sans"
        if font not in FONTS:
            problems.add(
                sf.loc("font"),
                f"unknown font '{font}'{suggest(font, FONTS)}; use one of: {one_of(FONTS)}",
            )
        size_node = sf.get("size")
        size = 11.0
        if size_node is not None:
            if (
                isinstance(size_node.value, int | float)
                and not isinstance(size_node.value, bool)
                and 8 <= size_node.value <= 24
            ):
                size = float(size_node.value)
            else:
                problems.add(size_node.loc, "must be a point size between 8 and 24, e.g. 11")
        logo = None
        if (logo_text := sf.text("logo")) is not None:
            logo = _inside(folder, logo_text, sf.loc("logo"), problems)
            if logo is not None and logo.is_file() and not _is_image(logo):
                problems.add(
                    sf.loc("logo"),
                    f"'{logo_text}' is not an image lessongen can read; save the logo as PNG "
                    "or JPEG",
                )
                logo = None
            elif logo is not None and not logo.is_file():
                problems.add(
                    sf.loc("logo"),
                    f"logo file '{logo_text}' not found in the unit "
                    "folder; put the image beside unit.yaml",
                )
                logo = None
        style = Style(
            sf.text("school"), logo, "letter" if paper.lower() == "letter" else "A4", font, size
        )
    problems.raise_if_any()
    return Unit(
        path=folder,
        title=f.text("title") or default_title,
        course=f.text("course"),
        level=f.text("level"),
        lessons=lessons,
        style=style,
        lesson_locs=lesson_locs,
    )


def _is_image(path: Path) -> bool:
    """Return whether a file is a PNG or JPEG image that opens."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.verify()
            return image.format in ("PNG", "JPEG")
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        return False


def _inside(folder: Path, relative: str, loc: Location, problems: Problems) -> Path | None:
    """Resolve a path from a spec, refusing anything that leaves the unit folder."""
    candidate = (folder / relative).resolve()
    if Path(relative).is_absolute() or not candidate.is_relative_to(folder.resolve()):
        problems.add(loc, f"'{relative}' is outside the unit folder; keep files inside it")
        return None
    return candidate
