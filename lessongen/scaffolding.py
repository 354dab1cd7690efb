"""`lessongen new`: make a unit folder or a lesson file from the commented examples."""

from __future__ import annotations

from pathlib import Path

from lessongen.errors import LessongenError, Location, Problem

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"


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
    made = [
        folder / "unit.yaml",
        folder / "sources" / "example-source.txt",
        folder / "01-example.yaml",
    ]
    made[0].write_text(_fill("unit.yaml", _title(folder.name)), encoding="utf-8")
    made[1].write_text((SCAFFOLD / "example-source.txt").read_text("utf-8"), encoding="utf-8")
    made[2].write_text(_fill("lesson.yaml", "An example lesson"), encoding="utf-8")
    return made


def new_lesson(path: Path) -> list[Path]:
    """Create a lesson file in an existing unit, and the example source if it lacks it."""
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
    made = []
    source = unit / "sources" / "example-source.txt"
    if not source.exists():
        source.parent.mkdir(exist_ok=True)
        source.write_text((SCAFFOLD / "example-source.txt").read_text("utf-8"), "utf-8")
        made.append(source)
    path.write_text(_fill("lesson.yaml", _title(path.stem)), encoding="utf-8")
    return [path, *made]
