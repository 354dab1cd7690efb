"""Class sets and batches: variants, parallel builds, incremental rebuilds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lessongen.build import Options, build_units
from tests.conftest import BUNDLED
from tests.helpers import pdf_text

LESSON = "01-succession"


def unit_copy(tmp_path: Path, name: str = "stalin-trotsky") -> Path:
    """Copy the bundled unit into tmp_path."""
    unit = tmp_path / "units" / name
    shutil.copytree(BUNDLED, unit)
    return unit


def files(folder: Path) -> dict[str, bytes]:
    """Return every file below folder by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_jobs_two_is_byte_identical_to_jobs_one(tmp_path: Path) -> None:
    """A batch of two units built in parallel gives exactly the files of a serial build."""
    units = [(unit_copy(tmp_path, "unit-a"), None), (unit_copy(tmp_path, "unit-b"), None)]
    serial = build_units(units, tmp_path / "one", Options(formats=("pdf",)), jobs=1)
    parallel = build_units(units, tmp_path / "two", Options(formats=("pdf",)), jobs=2)
    assert all(r.ok for r in serial + parallel)
    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert len(files(tmp_path / "one")) == 2 * (13 + 1)


def built_and_skipped(results: list) -> tuple[list[str], list[str]]:  # type: ignore[type-arg]
    """Return the stems of lessons built and of lessons skipped."""
    lessons = [les for r in results for les in r.lessons]
    built = [les.path.stem for les in lessons if les.ok and not les.skipped]
    return built, [les.path.stem for les in lessons if les.skipped]


@pytest.mark.parametrize(
    ("edit", "rebuilt"),
    [
        ("nothing", []),
        ("spec", ["02-trotsky"]),
        ("source", ["02-trotsky", "03-reasons-for-victory"]),  # the lessons that use it
        ("template", ["01-succession", "02-trotsky", "03-reasons-for-victory"]),
        ("unit", ["01-succession", "02-trotsky", "03-reasons-for-victory"]),
    ],
)
def test_rebuild_only_what_changed(tmp_path: Path, edit: str, rebuilt: list[str]) -> None:
    """An edit rebuilds exactly the lessons it shapes; the rest are skipped."""
    unit = unit_copy(tmp_path)
    out = tmp_path / "out"
    options = Options(formats=("pdf",))
    assert all(r.ok for r in build_units([(unit, None)], out, options))
    if edit == "spec":
        spec = unit / "02-trotsky.yaml"
        spec.write_text(spec.read_text("utf-8").replace("duration: 60", "duration: 55"), "utf-8")
    elif edit == "source":
        source = unit / "sources" / "most-hated-rival.txt"
        source.write_text(source.read_text("utf-8") + "\nA closing paragraph.\n", "utf-8")
    elif edit == "template":
        (unit / "templates").mkdir()
        shutil.copy(BUNDLED.parent.parent / "templates" / "plan.xml.j2", unit / "templates")
        (unit / "templates" / "plan.xml.j2").write_text(
            (unit / "templates" / "plan.xml.j2")
            .read_text("utf-8")
            .replace("Learning objectives", "Aims"),
            "utf-8",
        )
    elif edit == "unit":
        path = unit / "unit.yaml"
        path.write_text(path.read_text("utf-8").replace("size: 11", "size: 12"), "utf-8")
    built, skipped = built_and_skipped(build_units([(unit, None)], out, options))
    assert built == rebuilt
    assert len(built) + len(skipped) == 3
    forced = build_units([(unit, None)], out, Options(formats=("pdf",), force=True))
    assert built_and_skipped(forced)[0] == ["01-succession", "02-trotsky", "03-reasons-for-victory"]


def test_a_damaged_output_file_is_rebuilt(tmp_path: Path) -> None:
    """A built file that was changed or deleted makes its lesson build again."""
    unit = unit_copy(tmp_path)
    out = tmp_path / "out"
    options = Options(formats=("pdf",))
    build_units([(unit, None)], out, options)
    (out / "stalin-trotsky" / LESSON / "plan.pdf").unlink()
    built, _ = built_and_skipped(build_units([(unit, None)], out, options))
    assert built == [LESSON]
    assert (out / "stalin-trotsky" / LESSON / "plan.pdf").is_file()


def test_files_no_longer_produced_are_removed_but_others_kept(tmp_path: Path) -> None:
    """Fewer versions remove the extra ones; a PDF-only build keeps the DOCX files."""
    unit = unit_copy(tmp_path)
    out = tmp_path / "out"
    folder = out / "stalin-trotsky" / LESSON
    build_units(
        [(unit / f"{LESSON}.yaml" and unit, [unit / f"{LESSON}.yaml"])], out, Options(variants=3)
    )
    assert (folder / "worksheet-v3.docx").is_file()
    build_units([(unit, [unit / f"{LESSON}.yaml"])], out, Options(formats=("pdf",), variants=2))
    assert not (folder / "worksheet-v3.pdf").exists()
    assert (folder / "worksheet-v3.docx").is_file()  # out of this build's scope: kept
    (folder / "teacher-notes.txt").write_text("mine\n", encoding="utf-8")
    build_units([(unit, [unit / f"{LESSON}.yaml"])], out, Options(formats=("pdf",), variants=1))
    assert (folder / "teacher-notes.txt").read_text(encoding="utf-8") == "mine\n"


def printed_options(text: str) -> dict[str, dict[str, str]]:
    """Read, per question number, the letter printed before each option on a worksheet."""
    found: dict[str, dict[str, str]] = {}
    number, label = "", ""
    for line in (raw.strip() for raw in text.splitlines()):
        box = re.fullmatch(r"□\s*([A-D])", line)
        if label and number:
            found.setdefault(number, {})[line] = label
            label = ""
        elif box:
            label = box.group(1)
        elif line.isdigit():
            number = line
    return found


def printed_keys(text: str) -> dict[str, str]:
    """Read, per question number, 'option=letter' from an answer key."""
    keys: dict[str, str] = {}
    number = ""
    for line in (raw.strip() for raw in text.splitlines()):
        answer = re.fullmatch(r"Answer: ([A-D]) \((.+)\)", line)
        if line.isdigit():
            number = line
        elif answer and number:
            keys[number] = answer.group(2) + "=" + answer.group(1)
    return keys


def test_class_set_versions_match_their_keys_and_differ(tmp_path: Path) -> None:
    """Every version's key names the letter its worksheet prints; versions differ, fairly."""
    unit = unit_copy(tmp_path)
    out = tmp_path / "out"
    results = build_units(
        [(unit, [unit / f"{LESSON}.yaml"])],
        out,
        Options(formats=("pdf",), only=("worksheet", "answers"), variants=6),
    )
    assert all(r.ok for r in results)
    folder = out / "stalin-trotsky" / LESSON
    sheets = []
    correct_letters: dict[str, set[str]] = {}
    for v in range(1, 7):
        worksheet = pdf_text(folder / f"worksheet-v{v}.pdf")
        assert f"Version {v}" in worksheet
        options = printed_options(worksheet)
        keys = printed_keys(pdf_text(folder / f"answers-v{v}.pdf"))
        assert options and set(keys) == set(options)
        for number, key in keys.items():
            answer, letter = key.rsplit("=", 1)
            assert options[number][answer] == letter, (v, number)
            correct_letters.setdefault(number, set()).add(letter)
        sheets.append(worksheet)
    assert len(set(sheets)) == 6  # no two versions alike
    assert all(len(letters) > 1 for letters in correct_letters.values())  # answer moves


def test_same_input_same_class_set(tmp_path: Path) -> None:
    """Building a class set twice gives byte-identical files."""
    unit = unit_copy(tmp_path)
    options = Options(formats=("pdf", "docx"), only=("worksheet", "answers"), variants=3)
    build_units([(unit, [unit / f"{LESSON}.yaml"])], tmp_path / "a", options)
    build_units([(unit, [unit / f"{LESSON}.yaml"])], tmp_path / "b", options)
    assert files(tmp_path / "a") == files(tmp_path / "b")


def test_unit_pack_contents_pages_and_right_hand_starts(tmp_path: Path) -> None:
    """Each pack is contents + its documents, each starting on an odd page; pages add up."""
    from pypdf import PdfReader

    unit = unit_copy(tmp_path)
    out = tmp_path / "out"
    options = Options(formats=("pdf",), pack=True)
    assert all(r.ok for r in build_units([(unit, None)], out, options))
    built = out / "stalin-trotsky"
    expected = {"student": ("worksheet", "extracts", "essay"), "teacher": ("plan", "answers")}
    for audience, kinds in expected.items():
        pack = PdfReader(built / f"pack-{audience}.pdf")
        contents = pack.pages[0].extract_text()
        parts = [
            built / stem / f"{kind}.pdf"
            for stem in ("01-succession", "02-trotsky", "03-reasons-for-victory")
            for kind in kinds
            if (built / stem / f"{kind}.pdf").exists()
        ]
        lines = [line.strip() for line in contents.splitlines()]
        starts, page, blanks = [], 2, 0
        for part in parts:
            if page % 2 == 0:  # a left-hand page: left blank so the part starts on the right
                assert pack.pages[page - 1].extract_text().strip() == ""
                page, blanks = page + 1, blanks + 1
            starts.append(page)
            page += len(PdfReader(part).pages)
        for part, start in zip(parts, starts, strict=True):
            assert str(start) in lines, (part, start)
            first = PdfReader(part).pages[0].extract_text()
            packed = pack.pages[start - 1].extract_text()
            # The document's page, with the pack's page number printed at its foot.
            assert packed.replace(f"Pack page {start}", "").strip() == first.strip(), (part, start)
        total = 1 + blanks + sum(len(PdfReader(p).pages) for p in parts)
        assert len(pack.pages) == total
    again = tmp_path / "again"
    build_units([(unit, None)], again, options)
    for audience in expected:
        name = f"pack-{audience}.pdf"
        assert (built / name).read_bytes() == (again / "stalin-trotsky" / name).read_bytes()


def test_class_set_split_across_processes_is_identical(tmp_path: Path) -> None:
    """A one-lesson class set built in two processes equals the one-process build."""
    unit = unit_copy(tmp_path)
    options = Options(formats=("pdf", "docx"), variants=4)
    chosen = [(unit, [unit / f"{LESSON}.yaml"])]
    one = build_units(chosen, tmp_path / "one", options, jobs=1)
    two = build_units(chosen, tmp_path / "two", options, jobs=2)
    assert all(r.ok for r in one + two)
    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert len(two[0].lessons) == 1 and len(two[0].lessons[0].files) == 2 * (2 * 4 + 2)
