"""`lessongen new`: make a unit folder or a lesson file from the commented examples."""

from __future__ import annotations

from pathlib import Path

from lessongen.errors import LessongenError, Location, Problem

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
# Two short accounts of the same events: the example lesson compares them.
EXAMPLE_SOURCES = ("example-source.txt", "example-account.txt")


def _title(name: str) -> str:
    """Make a readable title from a file or folder name: '02-the-purges' -> 'The purges'."""
    words = name.replace("_", "-").split("-")
    while words and words[0].isdigit():
        words.pop(0)
    text = " ".join(words) or name
    return text[:1].upper() + text[1:]


def _fill(template: str, title: str) -> str:
    """Return a scaffold file with the title filled in, quoted so any title is valid YAML."""
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (SCAFFOLD / template).read_text(encoding="utf-8").replace("__TITLE__", quoted)


def new_unit(folder: Path) -> list[Path]:
    """Create a unit folder with unit.yaml, an example source and an example lesson."""
    if folder.exists() and any(folder.iterdir()):
        raise LessongenError(
            [
                Problem(
                    Location(folder),
                    "folder already exists and is not empty; choose a new "
                    "name, or add a lesson with 'lessongen new FOLDER/02-name'",
                )
            ]
        )
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "unit.yaml").write_text(_fill("unit.yaml", _title(folder.name)), encoding="utf-8")
    (folder / "01-example.yaml").write_text(_fill("lesson.yaml", "An example lesson"), "utf-8")
    sources = _example_sources(folder)
    return [folder / "unit.yaml", *sources, folder / "01-example.yaml"]


def _example_sources(unit: Path) -> list[Path]:
    """Copy the example sources into a unit that lacks them; return those copied."""
    made = []
    for name in EXAMPLE_SOURCES:
        target = unit / "sources" / name
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            target.write_text((SCAFFOLD / name).read_text("utf-8"), encoding="utf-8")
            made.append(target)
    return made


def new_lesson(path: Path) -> list[Path]:
    """Create a lesson file in an existing unit, and the example sources if it lacks them."""
    path = path if path.suffix == ".yaml" else path.with_name(path.name + ".yaml")
    unit = path.parent
    if not unit.is_dir():
        raise LessongenError(
            [
                Problem(
                    Location(unit),
                    f"no such unit folder; make it first with 'lessongen new {unit}'",
                )
            ]
        )
    if path.exists():
        raise LessongenError(
            [Problem(Location(path), "lesson file already exists; choose another name")]
        )
    made = _example_sources(unit)
    path.write_text(_fill("lesson.yaml", _title(path.stem)), encoding="utf-8")
    return [path, *made]
