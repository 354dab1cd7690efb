"""The lesson as templates see it: numbered questions, shuffled tasks, cited evidence.

Computed once per lesson so the worksheet and the answer key cannot disagree.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

from lessongen.compare import whole
from lessongen.readability import grade
from lessongen.resolve import Compared, Extract, Resolved, cloze_text, printed_lines
from lessongen.sources import PROVENANCE_FIELDS, normalize, word_spans
from lessongen.spec import Activity, Evidence, MarkScheme

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

DEFAULT_TITLES = {
    "questions": "Questions",
    "multiple_choice": "Multiple choice",
    "vocabulary": "Key words",
    "cloze": "Fill the gaps",
    "timeline": "Timeline",
    "source_question": "Source question",
    "essay": "Essay",
    "compare": "Comparing two accounts",
}


def answer_lines(marks: int, given: int | None, essay: bool = False) -> int:
    """Return the ruled lines for an answer: as given, or sized to the marks."""
    if given is not None:
        return given
    if essay:
        return 3 * marks
    return min(max(2, 2 * marks + (2 if marks >= 4 else 0)), 24)


def rng_for(*parts: object) -> random.Random:
    """Return a random generator seeded from content, so the same input shuffles alike."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def shuffled(items: list[Any], rng: random.Random) -> list[Any]:
    """Shuffle items so that, where possible, none stays where it was."""
    if len(items) < 2:
        return list(items)
    order = list(range(len(items)))
    for _ in range(50):
        rng.shuffle(order)
        if all(i != k for i, k in enumerate(order)):
            break
    return [items[i] for i in order]


def variant_contexts(
    resolved: Resolved, variants: int = 0, edition: str = "core"
) -> dict[int, dict[str, Any]]:
    """Return the plain context (0) and one per class-set version, no two arranged alike.

    A version whose shuffles repeat an earlier one's is reshuffled (where shuffling can
    give anything new), so neighbours never hold the same sheet.
    """
    contexts = {0: lesson_context(resolved, edition=edition)}
    seen: set[tuple[Any, ...]] = set()
    for variant in range(1, variants + 1):
        for attempt in range(25):
            context = lesson_context(resolved, variant, attempt, edition)
            if arrangement(context) not in seen:
                break
        seen.add(arrangement(context))
        contexts[variant] = context
    return contexts


def arrangement(context: dict[str, Any]) -> tuple[Any, ...]:
    """Return the order of every shuffled thing in a context: options, meanings, events."""
    parts: list[Any] = []
    for act in context["activities"]:
        parts += [tuple(o["text"] for o in q["options"]) for q in act["questions"]]
        parts += [tuple(d["text"] for d in act.get("definitions", []))]
        parts += [tuple(e["event"] for e in act.get("events", []))]
    return tuple(parts)


def lesson_context(
    resolved: Resolved, variant: int = 0, attempt: int = 0, edition: str = "core"
) -> dict[str, Any]:
    """Build the template context shared by every document of a lesson.

    The edition decides what is printed beyond the core: hints, starters and word banks
    (support) or stretch questions (extension). Core questions are numbered 1, 2, 3 in
    every edition and stretch questions S1, S2, so one answer key's numbers serve all three.
    """
    support, extension = edition == "support", edition == "extension"
    lesson, unit = resolved.lesson, resolved.unit
    # Shuffles are seeded from the lesson's own text and the version number: the same spec
    # always gives the same sheets, whatever the file is called or where it is built.
    content = hashlib.sha256(lesson.path.read_bytes()).hexdigest()
    seed = (content, variant) + ((attempt,) if attempt else ())
    number = stretch = 0

    def next_number(is_stretch: bool) -> str:
        nonlocal number, stretch
        if is_stretch:
            stretch += 1
            return f"S{stretch}"
        number += 1
        return str(number)

    activities = []
    clock = 0
    for index, act in enumerate(lesson.activities):
        if act.stretch and not extension:
            continue
        view = _activity(act, resolved, rng_for(*seed, index), support)
        if index in resolved.comparisons:
            view.update(_compare(resolved.comparisons[index], resolved), show=act.show)
        view["questions"] = [q for q in view["questions"] if extension or not q["stretch"]]
        view["index"] = index + 1
        view["start"] = clock
        clock += act.minutes or 0
        if act.type != "essay":
            for q in view["questions"]:
                q["number"] = next_number(act.stretch or q["stretch"])
            if not view["questions"]:
                view["number"] = next_number(act.stretch)
        activities.append(view)
    # Essays continue the numbering, so "question 17" means one thing in every document.
    for view in activities:
        if view["type"] == "essay":
            view["number"] = next_number(view["stretch"])
    return {
        "unit": {
            "title": unit.title,
            "course": unit.course,
            "level": unit.level,
            "school": unit.style.school,
        },
        "lesson": {
            "title": lesson.title,
            "name": lesson.stem,
            "duration": lesson.duration or clock or None,
            "objectives": list(lesson.objectives),
            "notes": lesson.notes,
            "support": lesson.differentiation.get("support"),
            "extension": lesson.differentiation.get("extension"),
        },
        "sources": [
            {
                "letter": letter,
                "id": src.id,
                "title": src.title,
                "provenance": src.provenance(),
                "meta": {k: src.meta.get(k) for k in PROVENANCE_FIELDS},
            }
            for letter, src in resolved.sources.items()
        ],
        "extracts": [
            {
                "id": x.id,
                "title": x.title,
                "letter": x.letter,
                "provenance": x.source.provenance(),
                "line_count": x.line_count,
                "words": len(x.text.split()),
                "grade": grade(x.text),
                "lines": [
                    {
                        "number": ln.number,
                        "text": ln.text,
                        "gap": ln.gap_before,
                        "heading": ln.heading,
                    }
                    for ln in x.lines
                ],
            }
            for x in resolved.extracts.values()
        ],
        "activities": activities,
        "has_essay": any(a["type"] == "essay" for a in activities),
        "total_minutes": clock,
        "variant": variant,
        "large_print": resolved.style.large_print,
        "edition": edition,
    }


def _evidence(ev: Evidence | None, resolved: Resolved) -> dict[str, str] | None:
    if ev is None:
        return None
    cite = resolved.citations.get(ev)
    return {"quote": ev.quote, "cite": cite.where if cite else ""}


def _scheme(scheme: MarkScheme | None, resolved: Resolved) -> dict[str, Any] | None:
    if scheme is None:
        return None
    return {
        "levels": [
            {"level": lv.level, "marks": lv.marks, "descriptor": lv.descriptor}
            for lv in sorted(scheme.levels, key=lambda lv: -lv.level)
        ],
        "indicative": [
            {"point": p.point, "evidence": _evidence(p.evidence, resolved)}
            for p in scheme.indicative
        ],
    }


def _activity(
    act: Activity, resolved: Resolved, rng: random.Random, support: bool = False
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "stretch": act.stretch,
        "hint": act.hint if support else None,
        "starter": act.starter if support else None,
        "bank": list(act.bank) if support else [],
        "type": act.type,
        "title": act.title or DEFAULT_TITLES[act.type],
        "instructions": act.instructions,
        "minutes": act.minutes,
        "extract": act.extract,
        "extracts": list(act.extracts) or ([act.extract] if act.extract else []),
        "questions": [],
        "number": "",
    }
    if act.type in ("questions", "multiple_choice"):
        for item in act.items:
            q: dict[str, Any] = {
                "q": item.q,
                "answer": item.answer,
                "marks": item.marks,
                "lines": answer_lines(item.marks, item.lines),
                "evidence": _evidence(item.evidence, resolved),
                "options": [],
                "stretch": item.stretch,
                "hint": item.hint if support else None,
                "starter": item.starter if support else None,
            }
            if item.options:
                q["options"] = [
                    {"label": LETTERS[i], "text": opt, "correct": opt == item.answer}
                    for i, opt in enumerate(shuffled(list(item.options), rng))
                ]
                q["answer_label"] = next(o["label"] for o in q["options"] if o["correct"])
            view["questions"].append(q)
    elif act.type == "vocabulary":
        defs = shuffled([d for _, d in act.terms], rng)
        letter = {d: LETTERS[i] for i, d in enumerate(defs)}
        view["terms"] = [{"term": t, "definition": d, "letter": letter[d]} for t, d in act.terms]
        view["definitions"] = [{"letter": LETTERS[i], "text": d} for i, d in enumerate(defs)]
        view["marks"] = len(act.terms)
    elif act.type == "cloze":
        view.update(_cloze(act, resolved, rng, support))
    elif act.type == "timeline":
        events = [
            {"date": e.date, "event": e.event, "position": i + 1} for i, e in enumerate(act.events)
        ]
        mixed = shuffled(events, rng)
        for i, e in enumerate(mixed):
            e["letter"] = LETTERS[i]
        view["events"] = mixed
        view["order"] = events
        view["marks"] = len(events)
    else:  # source_question, essay, compare
        view.update(
            q=act.q,
            marks=act.marks,
            lines=answer_lines(act.marks, act.lines, essay=act.type == "essay"),
            answer=act.answer,
            mark_scheme=_scheme(act.mark_scheme, resolved),
            factors=list(act.factors),
            starters=list(act.starters),
        )
    return view


def _cloze(
    act: Activity, resolved: Resolved, rng: random.Random, support: bool = False
) -> dict[str, Any]:
    """Split the cloze text into text and numbered gaps; every occurrence is blanked."""
    text = cloze_text(act, resolved.extracts)
    folded, origin = normalize(text)
    spans: list[tuple[int, int, str]] = []
    for blank in sorted(act.blanks, key=len, reverse=True):
        for start, end in word_spans(folded, blank):
            a, b = origin[start], origin[end - 1] + 1
            if all(b <= s or a >= e for s, e, _ in spans):
                spans.append((a, b, text[a:b]))
    spans.sort()
    segments: list[dict[str, Any]] = []
    gaps = []
    at = 0
    for n, (a, b, word) in enumerate(spans, start=1):
        segments.append({"text": text[at:a]})
        segments.append({"gap": n, "answer": word})
        gaps.append({"gap": n, "answer": word})
        at = b
    segments.append({"text": text[at:]})
    bank = sorted({w for _, _, w in spans}, key=lambda w: (w.lower(), w))
    return {
        "segments": segments,
        "gaps": gaps,
        # The support edition always prints the bank, even where the core sheet has none.
        "bank": bank if act.word_bank or support else [],
        "marks": len(gaps),
    }


def _compare(compared: Compared, resolved: Resolved) -> dict[str, Any]:
    """Return the side-by-side rows and the listed differences, each cited by printed line."""
    left, right = resolved.extracts[compared.left], resolved.extracts[compared.right]

    def side(x: Extract) -> dict[str, Any]:
        return {"id": x.id, "title": x.title, "letter": x.letter}

    rows = [
        {
            "number": n,
            "matched": row.matched,
            "left": " ".join(s.text for s in row.left),
            "right": " ".join(s.text for s in row.right),
            "left_lines": printed_lines(left, whole(row.left)),
            "right_lines": printed_lines(right, whole(row.right)),
        }
        for n, row in enumerate(compared.comparison.rows, start=1)
    ]
    differences = [
        {
            "number": n,
            "kind": d.kind,
            "row": d.row,
            "left": d.left_text,
            "right": d.right_text,
            "left_cite": f"{left.id}, {printed_lines(left, d.left)}" if d.left else "",
            "right_cite": f"{right.id}, {printed_lines(right, d.right)}" if d.right else "",
            "note": note,
        }
        for n, (d, note) in enumerate(compared.listed, start=1)
    ]
    return {
        "left": side(left),
        "right": side(right),
        "rows": rows,
        "differences": differences,
        "gaps": any(not r["left"] or not r["right"] for r in rows),  # a row with a dash
        "stacked": resolved.style.large_print,  # one column: each passage under the other
    }
