"""The library API: find units and lessons, check them, build their documents atomically."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lessongen.compose import KINDS, compose, kinds_for, lesson_context, page_style
from lessongen.errors import LessongenError, Location, Problem, suggest
from lessongen.model import Document
from lessongen.resolve import Resolved, SourceLibrary, resolve
from lessongen.spec import Unit, load_unit, parse_lesson
from lessongen.templating import template_folders

FORMATS = ("pdf", "docx")


@dataclass
class LessonResult:
    """What happened to one lesson."""

    path: Path
    files: list[Path] = field(default_factory=list)
    problems: tuple[Problem, ...] = ()
    extracts: int = 0
    quotes: int = 0

    @property
    def ok(self) -> bool:
        """Return whether the lesson had no problems."""
        return not self.problems


@dataclass
class UnitResult:
    """What happened to one unit: its own problems (which stop it) and its lessons."""

    path: Path
    problems: tuple[Problem, ...] = ()
    lessons: list[LessonResult] = field(default_factory=list)
    manifest: Path | None = None

    @property
    def ok(self) -> bool:
        """Return whether the unit and all its lessons had no problems."""
        return not self.problems and all(lesson.ok for lesson in self.lessons)


# --- finding work -------------------------------------------------------------------------


def is_unit(folder: Path) -> bool:
    """Return whether a folder looks like a unit (unit.yaml, sources/ or lesson files)."""
    return (folder / "unit.yaml").is_file() or (folder / "sources").is_dir()


def find_units(paths: Iterable[Path]) -> list[tuple[Path, list[Path] | None]]:
    """Expand PATH arguments into (unit folder, chosen lessons or None for all)."""
    found: list[tuple[Path, list[Path] | None]] = []
    for path in paths:
        if path.is_file():
            found.append((path.parent, [path]))
        elif is_unit(path):
            found.append((path, None))
        elif path.is_dir():
            found.extend(
                (sub, None) for sub in sorted(path.iterdir()) if sub.is_dir() and is_unit(sub)
            )
    return found


def lesson_files(unit: Unit) -> list[Path]:
    """Return a unit's lesson files in teaching order."""
    files = sorted(p for p in unit.path.glob("*.yaml") if p.name != "unit.yaml")
    if unit.lessons is None:
        return files
    by_stem = {p.stem: p for p in files}
    listed = [by_stem[name] for name in unit.lessons if name in by_stem]
    return listed + [p for p in files if p.stem not in unit.lessons]


def _unit_problems(unit: Unit) -> list[Problem]:
    """Return problems of the unit as a whole: no lessons, or lessons it lists that are missing."""
    if not lesson_files(unit):
        return [
            Problem(
                Location(unit.path),
                "the unit has no lesson files; add one, e.g. 01-first-lesson.yaml "
                "(see docs/writing-lessons.md)",
            )
        ]
    if unit.lessons is None:
        return []
    stems = {p.stem for p in unit.path.glob("*.yaml") if p.name != "unit.yaml"}
    locs = unit.lesson_locs or tuple(
        Location(unit.path / "unit.yaml", 0, "lessons") for _ in unit.lessons
    )
    return [
        Problem(loc, f"no lesson file '{name}.yaml' in the unit folder{suggest(name, stems)}")
        for name, loc in zip(unit.lessons, locs, strict=False)
        if name not in stems
    ]


# --- checking and building ----------------------------------------------------------------


def _resolve_lesson(path: Path, unit: Unit, library: SourceLibrary) -> Resolved:
    """Load and resolve a lesson, reporting spec and source problems together."""
    lesson, problems = parse_lesson(path, unit.style.font)
    if lesson is None:
        problems.raise_if_any()
    assert lesson is not None
    return resolve(lesson, library, page_style(unit), problems)


def _each_lesson(
    unit_path: Path,
    chosen: list[Path] | None,
    work: Callable[[Resolved, LessonResult], None],
) -> UnitResult:
    result = UnitResult(unit_path)
    try:
        unit = load_unit(unit_path)
        problems = _unit_problems(unit)
        if problems:
            raise LessongenError(problems)
    except LessongenError as exc:
        result.problems = exc.problems
        return result
    library = SourceLibrary(unit)
    for path in chosen or lesson_files(unit):
        lesson = LessonResult(path)
        try:
            resolved = _resolve_lesson(path, unit, library)
            lesson.extracts = len(resolved.extracts)
            lesson.quotes = resolved.quote_count
            work(resolved, lesson)
        except LessongenError as exc:
            lesson.problems = exc.problems
        result.lessons.append(lesson)
    return result


def check_unit(unit_path: Path, chosen: list[Path] | None = None) -> UnitResult:
    """Validate a unit's lessons and every quote in them; build nothing."""
    return _each_lesson(unit_path, chosen, lambda resolved, lesson: None)


def render(doc: Document, fmt: str) -> tuple[bytes, int | None]:
    """Render a document in one format; return the bytes and the page count if known."""
    if fmt == "pdf":
        from lessongen.render.pdf import render_pdf

        data, pages = render_pdf(doc)
        return data, pages
    from lessongen.render.docx import render_docx

    return render_docx(doc), None


def build_lesson_files(
    resolved: Resolved,
    formats: Iterable[str] = FORMATS,
    only: Iterable[str] | None = None,
    variants: int = 0,
) -> dict[str, tuple[bytes, int | None]]:
    """Compose and render a lesson's documents in memory: {file name: (bytes, pages)}."""
    folders = template_folders(resolved.unit.path)
    context = lesson_context(resolved)
    wanted = [k for k in kinds_for(context) if not only or k in only]
    jobs: list[tuple[str, str, int]] = []
    for kind in wanted:
        if variants and kind in ("worksheet", "answers"):
            jobs += [(kind, f"{kind}-v{v}", v) for v in range(1, variants + 1)]
        else:
            jobs.append((kind, kind, 0))
    files: dict[str, tuple[bytes, int | None]] = {}
    contexts = {0: context}
    for kind, name, variant in jobs:
        if variant not in contexts:
            contexts[variant] = lesson_context(resolved, variant)
        doc = compose(kind, resolved, contexts[variant], folders)
        for fmt in formats:
            files[f"{name}.{fmt}"] = render(doc, fmt)
    return files


def write_atomically(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write files into folder so that either all appear or none does."""
    folder.mkdir(parents=True, exist_ok=True)
    temps: list[tuple[Path, Path]] = []
    try:
        for name, data in sorted(files.items()):
            tmp = folder / f".{name}.{os.getpid()}.tmp"
            temps.append((tmp, folder / name))
            tmp.write_bytes(data)
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in temps:
        os.replace(tmp, target)
    return [target for _, target in temps]


def build_unit(
    unit_path: Path,
    out_dir: Path,
    chosen: list[Path] | None = None,
    formats: Iterable[str] = FORMATS,
    only: Iterable[str] | None = None,
    variants: int = 0,
) -> UnitResult:
    """Build every (or each chosen) lesson of a unit into out_dir/<unit>/<lesson>/."""
    unit_out = out_dir / unit_path.resolve().name
    entries: dict[str, dict[str, object]] = {}
    formats = tuple(formats)

    def work(resolved: Resolved, lesson: LessonResult) -> None:
        files = build_lesson_files(resolved, formats, only, variants)
        folder = unit_out / resolved.lesson.stem
        try:
            lesson.files = write_atomically(folder, {n: d for n, (d, _) in files.items()})
        except OSError as exc:
            raise LessongenError([Problem(Location(folder), _cannot_write(exc))]) from None
        entries[resolved.lesson.stem] = {
            "title": resolved.lesson.title,
            "files": [
                {
                    "path": f"{resolved.lesson.stem}/{name}",
                    "sha256": hashlib.sha256(data).hexdigest(),
                    **({"pages": pages} if pages is not None else {}),
                }
                for name, (data, pages) in sorted(files.items())
            ],
        }

    result = _each_lesson(unit_path, chosen, work)
    if entries:
        try:
            result.manifest = write_manifest(unit_out, unit_path, entries)
        except OSError as exc:
            result.problems += (Problem(Location(unit_out / "manifest.json"), _cannot_write(exc)),)
    return result


def _cannot_write(exc: OSError) -> str:
    """Word a failed write so a teacher knows what to do."""
    advice = "free some space, or choose" if exc.errno == errno.ENOSPC else "choose"
    return f"cannot write output: {exc.strerror or exc}; {advice} another folder with -o"


def write_manifest(unit_out: Path, unit_path: Path, entries: dict[str, dict[str, object]]) -> Path:
    """Merge this run's lessons into the unit's manifest.json (relative paths, no times)."""
    path = unit_out / "manifest.json"
    lessons: dict[str, object] = {}
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
            lessons = dict(old.get("lessons", {}))
        except (ValueError, AttributeError):
            lessons = {}
    lessons.update(entries)
    manifest = {"unit": unit_path.resolve().name, "lessons": dict(sorted(lessons.items()))}
    text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    write_atomically(unit_out, {"manifest.json": text.encode("utf-8")})
    return path


__all__ = ["FORMATS", "KINDS", "build_unit", "check_unit", "find_units"]
