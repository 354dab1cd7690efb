"""Lesson and unit specs: parsing into frozen objects, defaults, and located problems."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from lessongen.errors import LessongenError
from lessongen.spec import Evidence, Lesson, Style, load_lesson, load_unit

MINIMAL = """\
title: The death of Lenin
activities:
  - type: questions
    items:
      - q: When did Lenin die?
        answer: January 1924
"""

EVERY_TYPE = """\
title: Reasons for Stalin's victory
duration: 60
objectives:
  - Explain how the post of General Secretary helped Stalin.
  - Weigh up Trotsky's weaknesses.
sources:
  A: interwar-years
  C: most-hated-rival
extracts:
  A1:
    source: A
    from: "Trotsky's main competition for power"
    to: "ultimately insuring his victory."
    title: Stalin's position
  C1:
    source: C
    from: "Trotsky gained the role"
    to: "Lenin's death."
activities:
  - type: questions
    title: Understanding Source A
    minutes: 10
    extract: A1
    items:
      - q: Which post did Stalin hold from 1923?
        answer: General Secretary of the party.
        evidence: "in 1923 became general secretary of the party"
        marks: 2
        lines: 3
  - type: multiple_choice
    items:
      - q: Where was Trotsky killed in 1940?
        options: [Turkey, Norway, Mexico, France]
        answer: Mexico
        evidence: {source: C, quote: "where he was killed in 1940"}
  - type: vocabulary
    instructions: Match each term to its meaning.
    terms:
      General Secretary: The party post that controlled appointments.
      kulak (кулак): A better-off peasant.
  - type: cloze
    extract: A1
    blanks: [general secretary, supporters]
    word_bank: false
  - type: timeline
    events:
      - {date: "January 1924", event: Lenin dies}
      - {date: "1927", event: Trotsky is expelled from the party}
  - type: source_question
    extracts: [A1, C1]
    q: How far do Sources A and C agree about why Stalin won?
    marks: 8
    answer: Both stress his position.
    mark_scheme:
      levels:
        - {level: 2, marks: "5-8", descriptor: Compares the sources.}
      indicative:
        - Both mention the party.
  - type: essay
    prompt: "'Stalin won mainly because he was General Secretary.' How far do you agree?"
    marks: 16
    lines: 40
    scaffold:
      factors: [Stalin's position, Trotsky's weaknesses]
      starters: ["One reason Stalin won was ..."]
    mark_scheme:
      levels:
        - {level: 4, marks: "13-16", descriptor: "Sustained judgement."}
      indicative:
        - point: Stalin placed supporters in key posts.
          evidence: {source: A, quote: "place his supporters in crucial positions"}
notes: Start with the photograph.
differentiation: {support: Word bank on the board., extension: Add a third source.}
"""


LOGO = Path(__file__).parent / "fixtures" / "units" / "hillside" / "logo.png"


def write(tmp_path: Path, text: str, name: str = "lesson.yaml") -> Path:
    """Write a lesson file into tmp_path and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, loader: object = load_lesson) -> list[str]:
    """Return every problem of a spec as 'file:line: field: message', relative to its folder."""
    with pytest.raises(LessongenError) as info:
        loader(path)  # type: ignore[operator]
    return [p.format(path.parent) for p in info.value.problems]


def only_problem(tmp_path: Path, text: str) -> str:
    """Load a lesson that has exactly one problem and return it formatted."""
    found = problems_of(write(tmp_path, text))
    assert len(found) == 1, found
    return found[0]


# --- valid lessons ----------------------------------------------------------------------


def test_minimal_lesson(tmp_path: Path) -> None:
    """Load a lesson with only a title and one question; everything else empty."""
    lesson = load_lesson(write(tmp_path, MINIMAL, "01-death.yaml"))
    assert isinstance(lesson, Lesson)
    assert lesson.title == "The death of Lenin"
    assert lesson.stem == "01-death"
    assert lesson.duration is None
    assert lesson.objectives == ()
    assert lesson.sources == {}
    assert lesson.extracts == {}
    assert lesson.notes is None
    assert lesson.differentiation == {}
    [activity] = lesson.activities
    assert activity.type == "questions"
    assert activity.extract is None
    [item] = activity.items
    assert (item.q, item.answer, item.evidence, item.options) == (
        "When did Lenin die?",
        "January 1924",
        None,
        (),
    )


def test_lesson_is_frozen(tmp_path: Path) -> None:
    """Refuse changes to a loaded lesson."""
    lesson = load_lesson(write(tmp_path, MINIMAL))
    with pytest.raises(dataclasses.FrozenInstanceError):
        lesson.title = "Other"  # type: ignore[misc]


def test_defaults(tmp_path: Path) -> None:
    """Default marks to 1, lines to None and word_bank to true."""
    text = """\
title: Defaults
sources: {A: notes}
extracts:
  A1: {source: A, from: one, to: two}
activities:
  - type: questions
    items:
      - {q: Why?, answer: Because.}
  - type: multiple_choice
    items:
      - {q: Which?, options: [x, y], answer: y}
  - type: cloze
    extract: A1
    blanks: [one]
"""
    lesson = load_lesson(write(tmp_path, text))
    questions, choice, cloze = lesson.activities
    assert questions.items[0].marks == 1
    assert questions.items[0].lines is None
    assert choice.items[0].marks == 1
    assert cloze.word_bank is True
    assert cloze.text is None
    assert questions.title is None and questions.minutes is None


def test_every_activity_type(tmp_path: Path) -> None:
    """Parse each activity type into its own fields."""
    lesson = load_lesson(write(tmp_path, EVERY_TYPE))
    assert lesson.duration == 60
    assert lesson.objectives == (
        "Explain how the post of General Secretary helped Stalin.",
        "Weigh up Trotsky's weaknesses.",
    )
    assert lesson.sources == {"A": "interwar-years", "C": "most-hated-rival"}
    a1 = lesson.extracts["A1"]
    assert (a1.id, a1.source, a1.start, a1.end, a1.title) == (
        "A1",
        "A",
        "Trotsky's main competition for power",
        "ultimately insuring his victory.",
        "Stalin's position",
    )
    assert lesson.extracts["C1"].title is None
    assert lesson.notes == "Start with the photograph."
    assert lesson.differentiation == {
        "support": "Word bank on the board.",
        "extension": "Add a third source.",
    }

    kinds = [a.type for a in lesson.activities]
    assert kinds == [
        "questions",
        "multiple_choice",
        "vocabulary",
        "cloze",
        "timeline",
        "source_question",
        "essay",
    ]
    questions, choice, vocab, cloze, timeline, sq, essay = lesson.activities

    assert (questions.title, questions.minutes, questions.extract) == (
        "Understanding Source A",
        10,
        "A1",
    )
    item = questions.items[0]
    assert (item.marks, item.lines) == (2, 3)
    assert item.evidence is not None
    assert (item.evidence.quote, item.evidence.source) == (
        "in 1923 became general secretary of the party",
        None,
    )

    mc = choice.items[0]
    assert mc.options == ("Turkey", "Norway", "Mexico", "France")
    assert mc.answer == "Mexico"
    assert mc.evidence is not None
    assert (mc.evidence.source, mc.evidence.quote) == ("C", "where he was killed in 1940")

    assert vocab.instructions == "Match each term to its meaning."
    assert vocab.terms == (
        ("General Secretary", "The party post that controlled appointments."),
        ("kulak (кулак)", "A better-off peasant."),
    )

    assert (cloze.extract, cloze.blanks, cloze.word_bank) == (
        "A1",
        ("general secretary", "supporters"),
        False,
    )

    assert [(e.date, e.event) for e in timeline.events] == [
        ("January 1924", "Lenin dies"),
        ("1927", "Trotsky is expelled from the party"),
    ]

    assert (sq.extracts, sq.q, sq.marks, sq.answer) == (
        ("A1", "C1"),
        "How far do Sources A and C agree about why Stalin won?",
        8,
        "Both stress his position.",
    )
    assert sq.mark_scheme is not None
    assert [(lv.level, lv.marks, lv.descriptor) for lv in sq.mark_scheme.levels] == [
        (2, "5-8", "Compares the sources.")
    ]
    assert [(p.point, p.evidence) for p in sq.mark_scheme.indicative] == [
        ("Both mention the party.", None)
    ]

    assert essay.q == (
        "'Stalin won mainly because he was General Secretary.' How far do you agree?"
    )
    assert (essay.marks, essay.lines) == (16, 40)
    assert essay.factors == ("Stalin's position", "Trotsky's weaknesses")
    assert essay.starters == ("One reason Stalin won was ...",)
    assert essay.mark_scheme is not None
    [point] = essay.mark_scheme.indicative
    assert point.point == "Stalin placed supporters in key posts."
    assert isinstance(point.evidence, Evidence)
    assert (point.evidence.source, point.evidence.quote) == (
        "A",
        "place his supporters in crucial positions",
    )


def test_evidence_and_items_know_their_lines(tmp_path: Path) -> None:
    """Locate each evidence quote at its own line and field path."""
    lesson = load_lesson(write(tmp_path, EVERY_TYPE))
    evidence = lesson.activities[0].items[0].evidence
    assert evidence is not None
    assert (evidence.loc.line, evidence.loc.field) == (27, "activities[0].items[0].evidence")
    mc = lesson.activities[1].items[0]
    assert (mc.loc.line, mc.loc.field) == (32, "activities[1].items[0]")


def test_numbers_and_dates_are_taken_as_text(tmp_path: Path) -> None:
    """Read an unquoted year or date as the text the teacher typed."""
    text = """\
title: 1917
activities:
  - type: timeline
    events:
      - {date: 1924, event: Lenin dies}
      - {date: 1927-11-12, event: Trotsky expelled}
"""
    lesson = load_lesson(write(tmp_path, text))
    assert lesson.title == "1917"
    assert [e.date for e in lesson.activities[0].events] == ["1924", "1927-11-12"]


# --- one problem each ---------------------------------------------------------------------

BASE = """\
title: Base
sources:
  A: notes
extracts:
  A1: {source: A, from: one, to: two}
activities:
  - type: questions
    items:
      - q: First?
        answer: One.
"""
NO_EXTRACTS = BASE.replace("extracts:\n  A1: {source: A, from: one, to: two}\n", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            BASE.replace("sources:", "objectivs: [Explain.]\nsources:"),
            "lesson.yaml:2: objectivs: unknown field (did you mean 'objectives'?); the fields of "
            "a lesson are: activities, differentiation, duration, extracts, notes, objectives, "
            "sources, title",
            id="unknown-lesson-field",
        ),
        pytest.param(
            BASE.replace("      - q: First?", "      - q: First?\n        anwser: One."),
            "lesson.yaml:10: activities[0].items[0].anwser: unknown field (did you mean "
            "'answer'?); the fields of a question are: answer, evidence, hint, lines, marks, q, "
            "starter, stretch",
            id="unknown-item-field",
        ),
        pytest.param(
            BASE.replace("type: questions", "type: quiz"),
            "lesson.yaml:7: activities[0].type: unknown activity type 'quiz'; valid types are: "
            "cloze, compare, essay, multiple_choice, questions, source_question, timeline, "
            "vocabulary",
            id="unknown-activity-type",
        ),
        pytest.param(
            BASE.replace("type: questions", "type: multiple_choise"),
            "lesson.yaml:7: activities[0].type: unknown activity type 'multiple_choise' (did "
            "you mean 'multiple_choice'?); valid types are: cloze, compare, essay, "
            "multiple_choice, questions, source_question, timeline, vocabulary",
            id="activity-type-suggestion",
        ),
        pytest.param(
            BASE.replace("title: Base\n", ""),
            "lesson.yaml:1: title: missing; give the lesson a title, e.g. 'title: The death "
            "of Lenin'",
            id="missing-title",
        ),
        pytest.param(
            BASE.replace("        answer: One.\n", ""),
            "lesson.yaml:9: activities[0].items[0].answer: missing; write the answer for the "
            "answer key",
            id="missing-answer",
        ),
        pytest.param(
            BASE.replace("  - type: questions\n", "  - title: Starter\n"),
            "lesson.yaml:7: activities[0].type: missing; say what kind of activity this is: "
            "cloze, compare, essay, multiple_choice, questions, source_question, timeline, "
            "vocabulary",
            id="missing-activity-type",
        ),
        pytest.param(
            BASE.replace("from: one, ", ""),
            "lesson.yaml:5: extracts.A1.from: missing; give the extract's first words, e.g. "
            "'from: \"In 1917, Lenin\"'",
            id="missing-extract-from",
        ),
        pytest.param(
            BASE + "        marks: two\n",
            "lesson.yaml:11: activities[0].items[0].marks: must be a whole number, not text",
            id="marks-text",
        ),
        pytest.param(
            BASE + "        marks: 0\n",
            "lesson.yaml:11: activities[0].items[0].marks: must be between 1 and 100",
            id="marks-zero",
        ),
        pytest.param(
            BASE + "        marks: true\n",
            "lesson.yaml:11: activities[0].items[0].marks: must be a whole number, not true/false",
            id="marks-bool",
        ),
        pytest.param(
            BASE.replace("title: Base", "title: [Base, Other]"),
            "lesson.yaml:1: title: must be text, not a list",
            id="title-list",
        ),
        pytest.param(
            BASE + "duration: an hour\n",
            "lesson.yaml:11: duration: must be a whole number, not text",
            id="duration-text",
        ),
        pytest.param(
            BASE + "objectives: Explain.\n",
            "lesson.yaml:11: objectives: must be a list (lines starting '- '), not text",
            id="objectives-text",
        ),
        pytest.param(
            NO_EXTRACTS.replace("  A: notes", "  - notes"),
            "lesson.yaml:2: sources: must be a mapping of 'name: value' lines, not a list",
            id="sources-list",
        ),
        pytest.param(
            NO_EXTRACTS.replace("  A: notes", "  a: notes"),
            "lesson.yaml:3: sources.a: source letters are single capital letters, e.g. 'A: "
            "interwar-years'",
            id="source-letter-lowercase",
        ),
        pytest.param(
            NO_EXTRACTS.replace("  A: notes", "  A: ../notes"),
            "lesson.yaml:3: sources.A: '../notes' is not a source id; give the file name in "
            "sources/ without '.txt', e.g. 'interwar-years'",
            id="source-id-dotdot",
        ),
        pytest.param(
            BASE.replace("title: Base", "title: Base\ntitle: Again"),
            "lesson.yaml:2: YAML syntax error: 'title' appears twice (first on line 1); each "
            "field may appear only once",
            id="duplicate-key",
        ),
        pytest.param(
            "",
            "lesson.yaml:1: lesson file is empty; start it with 'title: ...' (see "
            "docs/writing-lessons.md)",
            id="empty-file",
        ),
        pytest.param(
            "# only a comment\n",
            "lesson.yaml:1: lesson file is empty; start it with 'title: ...' (see "
            "docs/writing-lessons.md)",
            id="comment-only",
        ),
        pytest.param(
            "- title: Base\n- activities: []\n",
            "lesson.yaml:1: a lesson must be a mapping of 'field: value' lines, not a list",
            id="list-file",
        ),
        pytest.param(
            "Just a sentence.\n",
            "lesson.yaml:1: a lesson must be a mapping of 'field: value' lines, not text",
            id="string-file",
        ),
        pytest.param(
            BASE.replace(
                "  - type: questions\n    items:\n      - q: First?\n        answer: One.\n",
                "  - questions\n",
            ),
            "lesson.yaml:7: activities[0]: an activity must be a mapping starting '- type: "
            "...', not text",
            id="activity-text",
        ),
    ],
)
def test_single_problem(tmp_path: Path, text: str, expected: str) -> None:
    """Report one located problem with its field path and a fix."""
    assert problems_of(write(tmp_path, text)) == [expected]


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    """Point a YAML syntax error at a line of the file and say it is YAML syntax."""
    text = "title: Base\nactivities:\n  - type: questions\n   items: [\n"
    [problem] = problems_of(write(tmp_path, text))
    assert problem.startswith("lesson.yaml:")
    line = int(problem.split(":")[1])
    assert 3 <= line <= 5
    assert "YAML syntax error" in problem


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: Base\n  bad: indent\n", 2),
        ("title: [a, b\nnotes: x\n", 2),
        ("notes: x\ntitle: a: b\n", 2),
    ],
)
def test_yaml_syntax_error_line(tmp_path: Path, text: str, line: int) -> None:
    """Point a YAML syntax error at the line that is wrong."""
    [problem] = problems_of(write(tmp_path, text))
    assert problem.startswith(f"lesson.yaml:{line}: YAML syntax error: ")


def test_unclosed_quote_points_at_its_start(tmp_path: Path) -> None:
    """Report an unclosed quote at the line where it opens."""
    [problem] = problems_of(write(tmp_path, BASE.replace("title: Base", 'title: "Base')))
    assert problem.startswith("lesson.yaml:1: YAML syntax error: ")


def test_misspelt_activities_reports_both(tmp_path: Path) -> None:
    """Report the unknown field with its suggestion and the missing activities."""
    found = problems_of(write(tmp_path, BASE.replace("activities:", "activity:")))
    assert (
        found[0]
        .split(":", 2)[2]
        .startswith(" activity: unknown field (did you mean 'activities'?);")
    )
    assert found[1] == (
        "lesson.yaml:1: activities: missing; list what students do, e.g. '- type: questions'"
    )
    assert len(found) == 2


def test_mc_answer_not_in_options(tmp_path: Path) -> None:
    """Say the answer is not an option, suggest the near one, at the answer's own line."""
    text = """\
title: MC
activities:
  - type: questions
    items:
      - {q: Warm up?, answer: Yes.}
  - type: multiple_choice
    items:
      - q: Where was Trotsky killed?
        options: [Turkey, Norway, Mexico]
        answer: mexico
"""
    assert only_problem(tmp_path, text) == (
        "lesson.yaml:10: activities[1].items[0].answer: answer 'mexico' is not one of the "
        "options (did you mean 'Mexico'?); copy it exactly from 'options'"
    )


def test_mc_duplicate_option(tmp_path: Path) -> None:
    """Name an option listed twice, at the options line."""
    text = """\
title: MC
activities:
  - type: multiple_choice
    items:
      - q: Where was Trotsky killed?
        options: [Turkey, Mexico, Mexico]
        answer: Mexico
"""
    assert only_problem(tmp_path, text) == (
        "lesson.yaml:6: activities[0].items[0].options: option 'Mexico' is listed twice"
    )


def test_unknown_field_with_block_value_points_at_its_key(tmp_path: Path) -> None:
    """Report an unknown field at the line of its key, even when its value starts below."""
    text = BASE.replace("sources:", "objectivs:\n  - Explain.\nsources:")
    assert only_problem(tmp_path, text).startswith("lesson.yaml:2: objectivs: unknown field")


def test_invalid_source_id_is_reported_once(tmp_path: Path) -> None:
    """Report a bad source id once, not again as an unknown letter for its extracts."""
    found = problems_of(write(tmp_path, BASE.replace("  A: notes", "  A: ../notes")))
    assert [f.split(": ")[1] for f in found] == ["sources.A"]


def test_mc_needs_options(tmp_path: Path) -> None:
    """Require options on a multiple-choice question, and at least two of them."""
    missing = """\
title: MC
activities:
  - type: multiple_choice
    items:
      - {q: Where?, answer: Mexico}
"""
    assert only_problem(tmp_path, missing) == (
        "lesson.yaml:5: activities[0].items[0].options: missing; list the choices, e.g. "
        "'options: [Turkey, Norway, Mexico]'"
    )
    one = missing.replace("answer: Mexico", "options: [Mexico], answer: Mexico")
    assert only_problem(tmp_path, one) == (
        "lesson.yaml:5: activities[0].items[0].options: give at least two options"
    )


@pytest.mark.parametrize(
    "tagged",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/name:os.system",
        '!!python/object/new:os.system ["touch {marker}"]',
        "!custom value",
    ],
)
def test_yaml_tags_are_refused(tmp_path: Path, tagged: str) -> None:
    """Refuse YAML tags with a located message and never run what they name."""
    marker = tmp_path / "ran"
    text = BASE.replace("answer: One.", f"answer: {tagged.format(marker=marker)}")
    [problem] = problems_of(write(tmp_path, text))
    tag = tagged.split()[0]
    assert problem == (
        f"lesson.yaml:10: activities[0].items[0].answer: YAML tag '{tag}' is not allowed: "
        "lesson files hold plain text, numbers, lists and mappings; remove the tag"
    )
    assert not marker.exists()


def test_tag_on_a_mapping_is_refused(tmp_path: Path) -> None:
    """Refuse a tag on a whole mapping, not only on a scalar."""
    text = BASE.replace("extracts:\n", "extracts: !!python/object:builtins.dict\n")
    [problem] = problems_of(write(tmp_path, text))
    assert "YAML tag '!!python/object:builtins.dict' is not allowed" in problem
    assert problem.startswith("lesson.yaml:4: extracts:") or problem.startswith("lesson.yaml:5:")


def test_not_utf8_lesson(tmp_path: Path) -> None:
    """Name the line of the first byte that is not UTF-8."""
    path = tmp_path / "lesson.yaml"
    path.write_bytes("title: Base\nnotes: Lénine\n".encode("latin-1"))
    assert problems_of(path) == ["lesson.yaml:2: file is not UTF-8 text; save it as UTF-8"]


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """Read a lesson saved with a UTF-8 byte order mark (as Notepad does)."""
    path = tmp_path / "lesson.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    assert load_lesson(path).title == "The death of Lenin"


# --- many problems at once -----------------------------------------------------------------


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    """Collect every problem of a lesson into one LessongenError, each at its own place."""
    text = """\
duration: an hour
sources:
  A: notes
extracts:
  A1: {source: B, from: one, to: two}
activities:
  - type: questions
    items:
      - q: First?
        answer: One.
        marks: two
  - type: multiple_choice
    items:
      - q: Where?
        options: [Turkey, Mexico]
        answer: Norway
      - q: When?
        optoins: [1924, 1927]
        answer: 1924
  - type: vocabullary
  - type: cloze
    extract: A9
    blanks: [one]
    word_bank: yes
notse: Remember the photos.
"""
    with pytest.raises(LessongenError) as info:
        load_lesson(write(tmp_path, text))
    found = [(p.location.line, p.location.field) for p in info.value.problems]
    assert sorted(found) == sorted(
        [
            (1, "title"),
            (1, "duration"),
            (5, "extracts.A1.source"),
            (11, "activities[0].items[0].marks"),
            (16, "activities[1].items[0].answer"),
            (18, "activities[1].items[1].optoins"),
            (17, "activities[1].items[1].options"),
            (20, "activities[2].type"),
            (22, "activities[3].extract"),
            (24, "activities[3].word_bank"),
            (25, "notse"),
        ]
    )
    assert all(p.location.path == tmp_path / "lesson.yaml" for p in info.value.problems)
    messages = str(info.value).splitlines()
    assert len(messages) == len(found)


# --- units ---------------------------------------------------------------------------------


def unit_folder(tmp_path: Path, unit_yaml: str | None) -> Path:
    """Make a unit folder with an optional unit.yaml."""
    folder = tmp_path / "russia-1917"
    (folder / "sources").mkdir(parents=True)
    if unit_yaml is not None:
        (folder / "unit.yaml").write_text(unit_yaml, encoding="utf-8")
    return folder


def test_unit_without_unit_yaml(tmp_path: Path) -> None:
    """Give a unit without unit.yaml a title from its folder name and the default style."""
    unit = load_unit(unit_folder(tmp_path, None))
    assert unit.title == "Russia 1917"
    assert unit.name == "russia-1917"
    assert (unit.course, unit.level, unit.lessons) == (None, None, None)
    assert unit.style == Style()
    assert (unit.style.paper, unit.style.font, unit.style.size) == ("A4", "sans", 11.0)


def test_unit_yaml_fields(tmp_path: Path) -> None:
    """Read every unit.yaml field, including style and a logo inside the folder."""
    folder = unit_folder(
        tmp_path,
        """\
title: Russia and the Soviet Union, 1917–1941
course: GCSE History
level: Year 10
lessons: [02-trotsky, 01-succession]
style:
  school: Hillside Academy
  logo: logo.png
  paper: letter
  font: sans
  size: 12
""",
    )
    shutil.copy(LOGO, folder / "logo.png")
    unit = load_unit(folder)
    assert unit.title == "Russia and the Soviet Union, 1917–1941"
    assert (unit.course, unit.level) == ("GCSE History", "Year 10")
    assert unit.lessons == ("02-trotsky", "01-succession")
    assert unit.style.school == "Hillside Academy"
    assert unit.style.logo == (folder / "logo.png").resolve()
    assert (unit.style.paper, unit.style.size) == ("letter", 12.0)


def test_empty_unit_yaml_is_defaults(tmp_path: Path) -> None:
    """Treat an empty unit.yaml like a missing one."""
    unit = load_unit(unit_folder(tmp_path, ""))
    assert unit.title == "Russia 1917"
    assert unit.style == Style()


@pytest.mark.parametrize(
    ("unit_yaml", "expected"),
    [
        pytest.param(
            "title: Russia\ncorse: GCSE\n",
            [
                "unit.yaml:2: corse: unknown field (did you mean 'course'?); the fields of "
                "unit.yaml are: course, lessons, level, style, title"
            ],
            id="unknown-field",
        ),
        pytest.param(
            "style:\n  papr: A4\n",
            [
                "unit.yaml:2: style.papr: unknown field (did you mean 'paper'?); the fields of "
                "style are: font, logo, paper, school, size"
            ],
            id="unknown-style-field",
        ),
        pytest.param(
            "style:\n  paper: A5\n",
            ["unit.yaml:2: style.paper: unknown paper 'A5'; use one of: A4, letter"],
            id="bad-paper",
        ),
        pytest.param(
            "style:\n  size: 40\n",
            ["unit.yaml:2: style.size: must be a point size between 8 and 24, e.g. 11"],
            id="bad-size",
        ),
        pytest.param(
            "style:\n  logo: crest.png\n",
            [
                "unit.yaml:2: style.logo: logo file 'crest.png' not found in the unit folder; "
                "put the image beside unit.yaml"
            ],
            id="missing-logo",
        ),
        pytest.param(
            "style:\n  logo: ../crest.png\n",
            [
                "unit.yaml:2: style.logo: '../crest.png' is outside the unit folder; keep files "
                "inside it"
            ],
            id="logo-outside",
        ),
        pytest.param(
            "- title: Russia\n",
            ["unit.yaml:1: unit.yaml must be a mapping of 'field: value' lines, not a list"],
            id="list",
        ),
        pytest.param(
            "lessons: 01-succession\n",
            ["unit.yaml:1: lessons: must be a list (lines starting '- '), not text"],
            id="lessons-not-list",
        ),
    ],
)
def test_unit_problems(tmp_path: Path, unit_yaml: str, expected: list[str]) -> None:
    """Report each unit.yaml problem with its line and field."""
    folder = unit_folder(tmp_path, unit_yaml)
    (tmp_path / "crest.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # exists, but outside the unit
    assert problems_of(folder / "unit.yaml", lambda _: load_unit(folder)) == expected


def test_unit_reports_all_problems(tmp_path: Path) -> None:
    """Collect every unit.yaml problem before stopping."""
    folder = unit_folder(tmp_path, "titel: Russia\nstyle:\n  paper: A5\n  logo: crest.png\n")
    with pytest.raises(LessongenError) as info:
        load_unit(folder)
    assert [(p.location.line, p.location.field) for p in info.value.problems] == [
        (1, "titel"),
        (3, "style.paper"),
        (4, "style.logo"),
    ]
