"""The bundled unit checked as a teacher would check it, plus golden text for review."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lessongen.build import lesson_files
from lessongen.compose import lesson_context, page_style
from lessongen.resolve import Resolved, SourceLibrary, resolve
from lessongen.spec import ACTIVITY_FIELDS, load_lesson, load_unit
from tests.conftest import BUNDLED, ROOT
from tests.helpers import docx_text, pdf_text, squash

GOLDEN = ROOT / "tests" / "golden" / "stalin-trotsky"
UNIT = load_unit(BUNDLED)
LESSONS = [p.stem for p in lesson_files(UNIT)]


def resolved(stem: str) -> Resolved:
    """Resolve one bundled lesson."""
    return resolve(load_lesson(BUNDLED / f"{stem}.yaml"), SourceLibrary(UNIT), page_style(UNIT))


def test_every_lesson_has_every_document(built: Path) -> None:
    """Each lesson has worksheet, answers, extracts, plan (and essay) in both formats."""
    for stem in LESSONS:
        has_essay = any(a.type == "essay" for a in resolved(stem).lesson.activities)
        kinds = ["worksheet", "answers", "extracts", "plan"] + (["essay"] if has_essay else [])
        names = sorted(p.name for p in (built / stem).iterdir())
        assert names == sorted(f"{k}.{f}" for k in kinds for f in ("pdf", "docx"))


def test_bundled_unit_uses_every_activity_type_and_source() -> None:
    """Together the lessons use every activity type and every source of the unit."""
    types = {a.type for s in LESSONS for a in resolved(s).lesson.activities}
    assert types == set(ACTIVITY_FIELDS)
    used = {src.id for s in LESSONS for src in resolved(s).sources.values()}
    assert used == set(SourceLibrary(UNIT).ids())


def test_manifest_lists_every_file_with_relative_paths(built: Path) -> None:
    """manifest.json lists every built file by relative path with its sha256."""
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"] for lesson in manifest["lessons"].values() for f in lesson["files"]}
    on_disk = {str(p.relative_to(built)) for p in built.glob("*/*") if p.is_file()}
    assert listed == on_disk
    assert all(not Path(p).is_absolute() for p in listed)


@pytest.mark.parametrize("stem", LESSONS)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_answers_in_key_not_on_worksheet(built: Path, stem: str, fmt: str) -> None:
    """Every written answer is in the answer key and none is on the student worksheet."""
    read = pdf_text if fmt == "pdf" else docx_text
    worksheet = squash(read(built / stem / f"worksheet.{fmt}"))
    answers = squash(read(built / stem / f"answers.{fmt}"))
    context = lesson_context(resolved(stem))
    checked = 0
    for act in context["activities"]:
        for q in act["questions"]:
            assert squash(q["q"]) in worksheet, q["q"]
            assert squash(f"{q['number']} {q['q']}")[:60] in answers, q["q"]
            if q["options"]:
                assert f"Answer: {q['answer_label']}" in answers
                assert "Answer:" not in worksheet
            else:
                assert squash(q["answer"]) in answers
                assert squash(q["answer"])[:50] not in worksheet
            if q["evidence"]:
                assert squash(q["evidence"]["quote"]) in answers
                assert q["evidence"]["cite"] and squash(q["evidence"]["cite"]) in answers
            checked += 1
        if act["type"] == "cloze":
            for gap in act["gaps"]:
                assert f"({gap['gap']})" in worksheet
            # The gapped text is on the worksheet without the words it blanks.
            first = act["segments"][0]["text"].split()[:6]
            assert squash(" ".join(first)) in worksheet
    assert checked > 0


@pytest.mark.parametrize("stem", LESSONS)
def test_worksheet_has_fields_page_numbers_and_marks(built: Path, stem: str) -> None:
    """A worksheet has Name/Class/Date, 'Page n of N' and marks beside each question."""
    text = pdf_text(built / stem / "worksheet.pdf")
    for label in ("Name:", "Class:", "Date:"):
        assert label in text
    pages = re.findall(r"Page (\d+) of (\d+)", text)
    assert pages and pages[0] == ("1", pages[0][1]) and len(pages) == int(pages[0][1])
    assert re.search(r"\[\d+ marks?\]", text)


def test_essay_sheet_has_prompt_marks_scaffold_and_lines(built: Path) -> None:
    """The essay sheet carries the prompt, its marks, the planning factors and starters."""
    lesson = resolved("03-reasons-for-victory")
    essay = next(a for a in lesson.lesson.activities if a.type == "essay")
    text = squash(pdf_text(built / "03-reasons-for-victory" / "essay.pdf"))
    assert essay.q and squash(essay.q) in text
    assert f"[{essay.marks} marks]" in text
    for factor in essay.factors:
        assert squash(factor)[:25] in text
    worksheet = squash(pdf_text(built / "03-reasons-for-victory" / "worksheet.pdf"))
    assert squash(essay.q)[:60] not in worksheet


def test_answer_key_has_four_level_mark_scheme(built: Path) -> None:
    """The 16-mark essay has a four-level mark scheme in the answer key."""
    text = pdf_text(built / "03-reasons-for-victory" / "answers.pdf")
    for band in ("13-16", "9-12", "5-8", "1-4"):
        assert band in text


@pytest.mark.parametrize("stem", LESSONS)
def test_plan_times_add_up(built: Path, stem: str) -> None:
    """The plan lists every activity with minutes adding up to the lesson's duration."""
    lesson = resolved(stem).lesson
    text = squash(pdf_text(built / stem / "plan.pdf"))
    for objective in lesson.objectives:
        assert squash(objective)[:40] in text
    assert sum(a.minutes or 0 for a in lesson.activities) == lesson.duration
    for act in lesson.activities:
        assert act.title and squash(act.title) in text


def _golden_text(path: Path) -> str:
    text = pdf_text(path) if path.suffix == ".pdf" else docx_text(path)
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()) + "\n"


def test_golden_text(built: Path, request: pytest.FixtureRequest) -> None:
    """Extracted text of every bundled document matches tests/golden (--regen-golden)."""
    regen = request.config.getoption("--regen-golden")
    mismatched = []
    for path in sorted(built.glob("*/*.*")):
        golden = GOLDEN / path.parent.name / f"{path.name}.txt"
        text = _golden_text(path)
        if regen:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, encoding="utf-8")
        elif not golden.exists() or golden.read_text(encoding="utf-8") != text:
            mismatched.append(str(golden.relative_to(ROOT)))
    assert not mismatched, f"output changed; review and run pytest --regen-golden: {mismatched}"
