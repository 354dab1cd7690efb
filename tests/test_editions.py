"""Support, core and extension editions from one spec: aids, stretch questions, numbering."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lessongen.cli import main
from lessongen.compose import lesson_context
from tests.conftest import BUNDLED
from tests.helpers import docx_text, pdf_text, squash
from tests.test_bundled import resolved

STEM = "03-reasons-for-victory"
HINT = 'Look for the word "strive" in Extract A2.'
STARTER = "After years of war and civil war, many party members wanted ..."
BANK = "proletarian · revolution · consolidate"
STRETCH = "Stalin changed sides in the debate on the economy more than once."
STRETCH_ANSWER = "He backed the NEP with Bukharin against the Left"


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Lesson 3 built in all three editions."""
    out = tmp_path_factory.mktemp("editions")
    args = ["build", str(BUNDLED / f"{STEM}.yaml"), "-o", str(out), "-q"]
    for edition in ("core", "support", "extension"):
        args += ["--edition", edition]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out / "stalin-trotsky" / STEM


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_each_edition_prints_only_its_own_extras(editions: Path, fmt: str) -> None:
    """Support has hints, starters and word banks; extension has the stretch question."""
    read = pdf_text if fmt == "pdf" else docx_text
    core = squash(read(editions / f"worksheet.{fmt}"))
    support = squash(read(editions / f"worksheet-support.{fmt}"))
    extension = squash(read(editions / f"worksheet-extension.{fmt}"))
    for extra in (HINT, STARTER, BANK):
        assert squash(extra) in support, extra
        assert squash(extra) not in core and squash(extra) not in extension, extra
    assert squash(STRETCH) in extension
    assert squash(STRETCH) not in core and squash(STRETCH) not in support
    # Stretch answers are in the extension key only, and on no worksheet.
    assert squash(STRETCH_ANSWER) in squash(read(editions / f"answers-extension.{fmt}"))
    assert squash(STRETCH_ANSWER) not in squash(read(editions / f"answers.{fmt}"))
    assert squash(STRETCH_ANSWER) not in extension


def test_core_numbers_are_the_same_in_every_edition() -> None:
    """Question 10 is question 10 in every edition; stretch questions are S1, S2, ..."""
    lesson = resolved(STEM)

    def numbers(edition: str) -> list[tuple[str, str]]:
        ctx = lesson_context(lesson, edition=edition)
        out = []
        for a in ctx["activities"]:
            out += [(q["number"], q["q"]) for q in a["questions"]]
            if a["number"]:
                out.append((a["number"], a.get("q") or a["title"]))
        return out

    core, support, extension = numbers("core"), numbers("support"), numbers("extension")
    assert core == support
    assert [n for n in extension if not n[0].startswith("S")] == core
    assert [n for n, q in extension if n.startswith("S")] == ["S1"]
    assert [n for n, _ in core] == [str(k) for k in range(1, len(core) + 1)]


def test_printed_numbers_match_between_worksheet_and_key(editions: Path) -> None:
    """Each edition's worksheet and key print every question under the same number."""
    lesson = resolved(STEM)
    for edition, suffix in (("core", ""), ("support", "-support"), ("extension", "-extension")):
        sheet = squash(pdf_text(editions / f"worksheet{suffix}.pdf"))
        key = squash(pdf_text(editions / f"answers{suffix}.pdf"))
        for a in lesson_context(lesson, edition=edition)["activities"]:
            if a["type"] == "essay":
                continue
            for q in a["questions"]:
                words = " ".join(q["q"].split()[:6]).removeprefix('"')
                stretch = "Stretch: " if q["stretch"] else ""
                printed = squash(f"{q['number']} {stretch}{words}")
                assert printed in sheet, (edition, printed)
                assert printed in key, (edition, printed)


def test_shared_documents_are_made_once_and_core_builds_keep_other_editions(
    tmp_path: Path,
) -> None:
    """Extracts and plan have no edition names; a core build leaves support files alone."""
    unit = tmp_path / "unit"
    shutil.copytree(BUNDLED, unit)
    spec = unit / f"{STEM}.yaml"
    out = tmp_path / "out"
    run = CliRunner().invoke
    result = run(main, ["build", str(spec), "-o", str(out), "-f", "pdf", "--edition", "support"])
    assert result.exit_code == 0, result.output
    folder = out / "unit" / STEM
    assert sorted(p.name for p in folder.iterdir()) == [
        "answers-support.pdf",
        "essay-support.pdf",
        "extracts.pdf",
        "plan.pdf",
        "worksheet-support.pdf",
    ]
    result = run(main, ["build", str(spec), "-o", str(out), "-f", "pdf"])
    assert result.exit_code == 0, result.output
    names = {p.name for p in folder.iterdir()}
    assert {"worksheet.pdf", "worksheet-support.pdf", "answers-support.pdf"} <= names


def test_aids_in_the_wrong_place_are_located(tmp_path: Path) -> None:
    """A starter on a multiple-choice question, or a stretch that is not true/false, is an error."""
    unit = tmp_path / "unit"
    shutil.copytree(BUNDLED, unit)
    spec = unit / f"{STEM}.yaml"
    text = spec.read_text(encoding="utf-8")
    text = text.replace("        stretch: true\n", "        stretch: maybe\n", 1)
    text = text.replace(
        "        answer: He had been expelled from the party\n",
        "        answer: He had been expelled from the party\n        starter: He had\n",
        1,
    )
    spec.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(spec)])
    assert result.exit_code == 1
    assert re.search(
        r"\.starter: unknown field; the fields of a question are: .*hint", result.output
    )
    assert re.search(r"\.stretch: must be true or false, not text", result.output), result.output


def test_pack_gathers_the_edition_built(tmp_path: Path) -> None:
    """With --edition support --pack, the packs hold the support documents and say so."""
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["build", str(BUNDLED), "-o", str(out), "-f", "pdf", "--edition", "support", "--pack"],
    )
    assert result.exit_code == 0, result.output
    unit = out / "stalin-trotsky"
    assert sorted(p.name for p in unit.glob("pack-*")) == [
        "pack-student-support.pdf",
        "pack-teacher-support.pdf",
    ]
    student = squash(pdf_text(unit / "pack-student-support.pdf"))
    assert squash("Student pack · Support edition") in student
    assert squash(HINT) in student  # from worksheet-support, not the core worksheet
    # The shared documents are packed too: the extracts booklet and the lesson plans.
    assert squash("Source extracts") in student
    assert squash("Lesson plan (teacher)") in squash(pdf_text(unit / "pack-teacher-support.pdf"))
