"""The library API: find units and lessons, check them, build their documents atomically."""

from __future__ import annotations

import errno
import functools
import gc
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lessongen.compose import KINDS, compose, kinds_for, page_style, variant_contexts
from lessongen.errors import LessongenError, Location, Problem, clip, plural, suggest
from lessongen.model import Document
from lessongen.readability import grade, level_grade
from lessongen.resolve import Compared, Resolved, SourceLibrary, resolve
from lessongen.spec import EDITIONS, Unit, load_unit, parse_lesson
from lessongen.templating import template_folders, template_path

FORMATS = ("pdf", "docx")


@dataclass
class LessonResult:
    """What happened to one lesson."""

    path: Path
    files: list[Path] = field(default_factory=list)
    problems: tuple[Problem, ...] = ()
    extracts: int = 0
    quotes: int = 0
    extract_lines: list[str] = field(default_factory=list)  # "A1: 15 printed lines, 191 words"
    warnings: list[Problem] = field(default_factory=list)  # worth a look, but not errors
    skipped: bool = False  # nothing that shapes it changed since the last build
    removed: list[Path] = field(default_factory=list)
    entry: dict[str, Any] | None = None  # its manifest entry

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
    packs: list[Path] = field(default_factory=list)

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


def check_unit(unit_path: Path, chosen: list[Path] | None = None) -> UnitResult:
    """Validate a unit's lessons and every quote in them; build nothing."""
    result = UnitResult(unit_path)
    try:
        unit = _load_unit_checked(unit_path)
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
            lesson.extract_lines = [
                f"extract {x.id}: {plural(x.line_count, 'printed line')}, "
                f"{plural(len(x.text.split()), 'word')}, reading grade {grade(x.text)}"
                for x in resolved.extracts.values()
            ]
            lesson.extract_lines += [
                line for c in resolved.comparisons.values() for line in _difference_lines(c)
            ]
            lesson.warnings = _reading_warnings(unit, resolved)
        except LessongenError as exc:
            lesson.problems = exc.problems
        result.lessons.append(lesson)
    return result


def _difference_lines(compared: Compared) -> list[str]:
    """List a compare activity's differences, so a teacher can pick words for 'at'."""
    found = compared.comparison.differences
    listed = {d for d, _ in compared.listed}
    lines = [
        f"compare {compared.left} with {compared.right}: "
        f"{plural(len(found), 'difference')} found, {len(listed)} listed in the key"
    ]
    for n, d in enumerate(found, start=1):
        sides = " / ".join(f'"{clip(t, 60)}"' for t in (d.left_text, d.right_text) if t)
        where = f", row {d.row}" if d.row else ""
        mark = "" if d in listed else " (not listed)"
        lines.append(f"  {n}. {d.kind.replace('_', ' ')}{where}: {sides}{mark}")
    return lines


READING_MARGIN = 5  # grades above the unit's level at which an extract is called hard


def _reading_warnings(unit: Unit, resolved: Resolved) -> list[Problem]:
    """Warn about extracts whose reading grade is far above the unit's level."""
    expected = level_grade(unit.level)
    if expected is None:
        return []
    warnings = []
    for x in resolved.extracts.values():
        found = grade(x.text)
        if found > expected + READING_MARGIN:
            spec = resolved.lesson.extracts[x.id]
            warnings.append(
                Problem(
                    spec.loc,
                    f"warning: reading grade {found} (Flesch-Kincaid) is far above the unit's "
                    f"level ({unit.level}, about grade {expected:g}); consider a shorter or "
                    "simpler extract, or a glossary",
                )
            )
    return warnings


def _load_unit_checked(unit_path: Path) -> Unit:
    """Load unit.yaml and check the unit as a whole; raise LessongenError on problems."""
    unit = load_unit(unit_path)
    problems = _unit_problems(unit)
    if problems:
        raise LessongenError(problems)
    return unit


def render(doc: Document, fmt: str) -> tuple[bytes, int | None]:
    """Render a document in one format; return the bytes and the page count if known."""
    if fmt == "pdf":
        from lessongen.render.pdf import render_pdf

        data, pages = render_pdf(doc)
        return data, pages
    from lessongen.render.docx import render_docx

    return render_docx(doc), None


EDITION_KINDS = ("worksheet", "answers", "essay")  # the documents an edition changes


def file_stem(kind: str, variant: int = 0, large_print: bool = False, edition: str = "core") -> str:
    """Name a document's file: worksheet, worksheet-v3, worksheet-support-v3-large, ..."""
    return (
        kind
        + (f"-{edition}" if edition != "core" else "")
        + (f"-v{variant}" if variant else "")
        + ("-large" if large_print else "")
    )


def parse_stem(stem: str) -> tuple[str, int, bool, str]:
    """Split a file stem into (document kind, version or 0, large print, edition)."""
    large = stem.endswith("-large")
    stem = stem.removesuffix("-large")
    stem, _, version = stem.partition("-v")
    kind, _, edition = stem.partition("-")
    return kind, int(version) if version.isdigit() else 0, large, edition or "core"


def build_lesson_files(
    resolved: Resolved,
    formats: Iterable[str] = FORMATS,
    only: Iterable[str] | None = None,
    variants: int = 0,
    part: tuple[int, int] | None = None,
    editions: Iterable[str] = ("core",),
) -> dict[str, tuple[bytes, int | None]]:
    """Compose and render a lesson's documents in memory: {file name: (bytes, pages)}.

    part=(first, last) makes only those class-set versions, plus the unshuffled documents
    when first is 1; the parts of a class set can so be built in parallel processes.
    Extracts and the plan are the same in every edition and are made once.
    """
    folders = template_folders(resolved.unit.path)
    first, last = part or (1, variants)
    large = resolved.style.large_print
    formats = tuple(formats)
    files: dict[str, tuple[bytes, int | None]] = {}
    # Core first: the documents every edition shares (extracts, plan) come from it.
    for edition in sorted(set(editions) | {"core"}, key=EDITIONS.index):
        contexts = variant_contexts(resolved, part[1] if part else variants, edition)
        for kind in kinds_for(contexts[0]):
            shared = kind not in EDITION_KINDS
            if (only and kind not in only) or (shared and edition != "core"):
                continue
            if not shared and edition not in editions:
                continue  # core was composed only for the shared documents
            shuffled = variants and kind in ("worksheet", "answers")
            if not shuffled and first > 1:
                continue  # the first part makes the unshuffled documents
            for variant in range(first, last + 1) if shuffled else (0,):
                doc = compose(kind, resolved, contexts[variant], folders)
                name = file_stem(kind, variant, large, edition)
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


# --- building: one task a lesson, in parallel processes -------------------------------------


@dataclass(frozen=True)
class Options:
    """What to build: formats, documents, class-set variants; force rebuilds everything."""

    formats: tuple[str, ...] = FORMATS
    only: tuple[str, ...] = ()
    variants: int = 0
    force: bool = False
    pack: bool = False  # also gather each unit's PDFs into a student and a teacher pack
    large_print: bool = False  # build the large-print edition (files named *-large)
    editions: tuple[str, ...] = ("core",)  # support / extension: files named *-support, ...

    def key(self) -> str:
        """Return the options that shape the output, as stable text for the manifest."""
        return json.dumps(
            {
                "formats": sorted(self.formats),
                "only": sorted(self.only),
                "variants": self.variants,
                "large_print": self.large_print,
                "editions": sorted(self.editions),
            },
            sort_keys=True,
        )


@dataclass(frozen=True)
class _Task:
    unit_path: Path
    lesson_path: Path
    unit_out: Path
    options: Options
    previous: dict[str, Any] | None  # the lesson's entry in the existing manifest
    part: tuple[int, int] | None = None  # class-set versions to build, when split


def build_units(
    units: list[tuple[Path, list[Path] | None]],
    out_dir: Path,
    options: Options = Options(),
    jobs: int = 1,
    on_lesson: Callable[[LessonResult], None] | None = None,
) -> list[UnitResult]:
    """Build every chosen lesson of every unit; lessons run in `jobs` parallel processes.

    Each lesson is skipped when the digests of all its inputs match the unit's manifest
    (unless options.force). The output does not depend on `jobs`.
    """
    results: list[UnitResult] = []
    tasks: list[_Task] = []
    for unit_path, chosen in units:
        result = UnitResult(unit_path)
        results.append(result)
        try:
            unit = _load_unit_checked(unit_path)
        except LessongenError as exc:
            result.problems = exc.problems
            continue
        unit_out = out_dir / unit_path.resolve().name
        previous = _read_manifest(unit_out).get("lessons", {})
        for path in chosen or lesson_files(unit):
            tasks.append(_Task(unit_path, path, unit_out, options, previous.get(path.stem)))
    # Skipping is decided here, from the manifest alone: no parsing, no worker processes.
    done: dict[int, LessonResult] = {}
    for i, task in enumerate(tasks):
        if not options.force and _unchanged(task, _recompute(task)):
            assert task.previous is not None
            done[i] = LessonResult(task.lesson_path, skipped=True, entry=task.previous)
    todo = [t for i, t in enumerate(tasks) if i not in done]
    # A class set is split into parts so its versions are built in parallel too.
    split = [_split(t, jobs if len(todo) < jobs else 1) for t in todo]
    built = _run([part for parts in split for part in parts], jobs)
    by_unit = {r.path: r for r in results}
    # Objects alive now (imports, fonts) live as long as the process: keep them out of every
    # garbage collection, so the ones python-docx needs stay cheap (and workers inherit this).
    gc.freeze()
    finished = (
        _finish(t, [next(built) for _ in parts]) for t, parts in zip(todo, split, strict=True)
    )
    for i, task in enumerate(tasks):
        lesson = done[i] if i in done else next(finished)
        by_unit[task.unit_path].lessons.append(lesson)
        if on_lesson:
            on_lesson(lesson)
    for result in results:
        entries = {les.path.stem: les.entry for les in result.lessons if les.entry}
        if not entries:
            continue
        unit_out = out_dir / result.path.resolve().name
        try:
            packs = _write_packs(result, unit_out, entries, options) if options.pack else None
            result.manifest = write_manifest(unit_out, result.path, entries, packs)
        except OSError as exc:
            result.problems += (Problem(Location(unit_out / "manifest.json"), _cannot_write(exc)),)
    return results


def _write_packs(
    result: UnitResult, unit_out: Path, entries: dict[str, Any], options: Options
) -> list[dict[str, Any]]:
    """Write the unit's student and teacher packs, one pair per edition built (and in large
    print when that was built); return their manifest entries."""
    from lessongen.pack import PACKS, build_pack

    unit = load_unit(result.path)
    lessons = [(p.stem, entries[p.stem]["title"]) for p in lesson_files(unit) if p.stem in entries]
    large = options.large_print
    made = {}
    listed = []
    for edition in sorted(options.editions, key=EDITIONS.index):
        label = "" if edition == "core" else edition
        for audience in PACKS:
            data, pages = build_pack(
                unit,
                unit_out,
                lessons,
                audience,
                functools.partial(_pack_stem, large_print=large, edition=edition),
                label,
                large,
            )
            name = file_stem(f"pack-{audience}", 0, large, edition) + ".pdf"
            made[name] = data
            listed.append(
                {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "pages": pages}
            )
    result.packs = write_atomically(unit_out, made)
    return listed


def _pack_stem(kind: str, large_print: bool, edition: str) -> str:
    """Name the file a pack takes for a kind: the edition's own, or the shared extracts/plan."""
    return file_stem(kind, 0, large_print, edition if kind in EDITION_KINDS else "core")


def _split(task: _Task, ways: int) -> list[_Task]:
    """Cut a class-set build into up to `ways` parts of consecutive versions."""
    variants = task.options.variants
    if ways <= 1 or variants < 2:
        return [task]
    size = -(-variants // min(ways, variants))  # ceiling division
    return [
        replace(task, part=(first, min(first + size - 1, variants)))
        for first in range(1, variants + 1, size)
    ]


def _run(tasks: list[_Task], jobs: int) -> Iterator[LessonResult]:
    """Run tasks in order, in this process or in a pool of `jobs` processes."""
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(_build_lesson, tasks)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        try:
            yield from pool.map(_build_lesson, tasks)
        except BaseException:
            # Ctrl-C reaches the workers too; don't start the lessons still waiting.
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def build_unit(
    unit_path: Path,
    out_dir: Path,
    chosen: list[Path] | None = None,
    formats: Iterable[str] = FORMATS,
    only: Iterable[str] | None = None,
    variants: int = 0,
    force: bool = False,
) -> UnitResult:
    """Build every (or each chosen) lesson of a unit into out_dir/<unit>/<lesson>/."""
    options = Options(tuple(formats), tuple(only or ()), variants, force)
    return build_units([(unit_path, chosen)], out_dir, options)[0]


def _build_lesson(task: _Task) -> LessonResult:
    """Build one lesson, or skip it when nothing that shapes it has changed."""
    result = LessonResult(task.lesson_path)
    try:
        unit = _load_unit_checked(task.unit_path)
        lesson, problems = parse_lesson(task.lesson_path, unit.style.font)
        if lesson is None:
            problems.raise_if_any()
        assert lesson is not None
        inputs = lesson_inputs(unit, lesson.path, list(lesson.sources.values()), task.options)
        style = page_style(unit, large_print=task.options.large_print)
        resolved = resolve(lesson, SourceLibrary(unit), style, problems)
        result.extracts, result.quotes = len(resolved.extracts), resolved.quote_count
        opts = task.options
        files = build_lesson_files(
            resolved, opts.formats, opts.only, opts.variants, task.part, opts.editions
        )
        folder = task.unit_out / lesson.stem
        try:
            result.files = write_atomically(folder, {n: d for n, (d, _) in files.items()})
        except OSError as exc:
            raise LessongenError([Problem(Location(folder), _cannot_write(exc))]) from None
        result.entry = {
            "title": lesson.title,
            "inputs": inputs,
            "files": [
                {
                    "path": f"{lesson.stem}/{name}",
                    "sha256": hashlib.sha256(data).hexdigest(),
                    **({"pages": pages} if pages is not None else {}),
                }
                for name, (data, pages) in files.items()
            ],
        }
    except LessongenError as exc:
        result.problems = exc.problems
    return result


def _finish(task: _Task, parts: list[LessonResult]) -> LessonResult:
    """Join a lesson's parts; remove files it no longer makes and list the ones it keeps."""
    result = parts[0]
    if any(p.problems for p in parts):
        # Every part reports the lesson's own problems: list them once.
        result.problems = next(p.problems for p in parts if p.problems)
        result.entry = None
        return result
    assert result.entry is not None
    made = [e for p in parts for e in (p.entry or {}).get("files", [])]
    result.files = [f for p in parts for f in p.files]
    folder = task.unit_out / task.lesson_path.stem
    names = {Path(e["path"]).name for e in made}
    result.removed = _remove_stale(folder, task.previous, names, task.options)
    # Files of an earlier build outside this one's scope (other formats, say) stay listed.
    kept = [
        e
        for e in (task.previous or {}).get("files", [])
        if not _in_scope(Path(e["path"]).name, task.options)
        and (task.unit_out / e["path"]).is_file()
    ]
    result.entry = {**result.entry, "files": sorted(made + kept, key=lambda e: str(e["path"]))}
    return result


def lesson_inputs(
    unit: Unit, spec: Path, source_ids: list[str], options: Options
) -> dict[str, str]:
    """Return the sha256 of every input that shapes a lesson's documents, by name."""
    from lessongen import __version__, fonts

    inputs = {
        "lessongen": __version__,
        "options": options.key(),
        "font": fonts.FAMILIES[unit.style.font].name + ":" + fonts.family_digest(unit.style.font),
        f"spec/{spec.name}": _digest(spec),
    }
    if (unit.path / "unit.yaml").is_file():
        inputs["unit.yaml"] = _digest(unit.path / "unit.yaml")
    if unit.style.logo:
        inputs["logo"] = _digest(unit.style.logo)
    for sid in sorted(set(source_ids)):
        path = unit.path / "sources" / f"{sid}.txt"
        if path.is_file():
            inputs[f"sources/{sid}.txt"] = _digest(path)
    seen: set[str] = set()
    for folder in template_folders(unit.path):
        for path in sorted(folder.glob("*.j2")):
            if path.name not in seen:  # the unit's own copy hides the default
                seen.add(path.name)
                inputs[f"templates/{path.name}"] = _digest(path)
    return dict(sorted(inputs.items()))


def _recompute(task: _Task) -> dict[str, str] | None:
    """Digest again the inputs the last build of a lesson recorded, by the names it recorded.

    If the spec is unchanged, so is the list of sources it uses; a changed spec changes
    its own digest. So the previous names are enough to tell whether anything changed.
    """
    previous = (task.previous or {}).get("inputs")
    if not isinstance(previous, dict):
        return None
    from lessongen import __version__, fonts

    unit = task.unit_path
    current: dict[str, str] = {}
    for name in previous:
        if name == "lessongen":
            current[name] = __version__
        elif name == "options":
            current[name] = task.options.key()
        elif name == "font":
            family = previous[name].split(":")[0]
            key = next((k for k, f in fonts.FAMILIES.items() if f.name == family), None)
            current[name] = f"{family}:{fonts.family_digest(key)}" if key else ""
        else:
            path = _input_path(unit, name)
            current[name] = _digest(path) if path and path.is_file() else ""
    return current


def _input_path(unit: Path, name: str) -> Path | None:
    """Return the file an input name stands for."""
    if name.startswith("spec/"):
        return unit / name[5:]
    if name == "unit.yaml" or name.startswith("sources/"):
        return unit / name
    if name == "logo":
        try:
            logo = load_unit(unit).style.logo
        except LessongenError:
            return None
        return logo
    if name.startswith("templates/"):
        return template_path(template_folders(unit), name[10:])
    return None


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _unchanged(task: _Task, inputs: dict[str, str] | None) -> bool:
    """Return whether the last build had the same inputs and its files are intact."""
    previous = task.previous
    if not previous or not inputs or previous.get("inputs") != inputs:
        return False
    for entry in previous.get("files", []):
        path = task.unit_out / entry["path"]
        if not path.is_file() or _digest(path) != entry["sha256"]:
            return False
    return True


def _in_scope(name: str, options: Options) -> bool:
    """Return whether a build with these options would make a file of this name."""
    stem, _, fmt = name.rpartition(".")
    kind, version, large, edition = parse_stem(stem)
    variant = bool(version) and kind in ("worksheet", "answers")
    wants_variant = options.variants > 0 and kind in ("worksheet", "answers")
    return (
        fmt in options.formats
        and (not options.only or kind in options.only)
        and variant == wants_variant
        and large == options.large_print
        and (edition in options.editions or kind not in EDITION_KINDS)
    )


def _remove_stale(
    folder: Path, previous: dict[str, Any] | None, made: set[str], options: Options
) -> list[Path]:
    """Delete files the last build of this lesson wrote that this build would, but no longer
    does, make (an essay taken out, fewer versions); never a file lessongen did not write."""
    removed = []
    for entry in (previous or {}).get("files", []):
        path = folder.parent / entry["path"]
        stale = path.name not in made and _in_scope(path.name, options)
        if stale and path.parent == folder and path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def _cannot_write(exc: OSError) -> str:
    """Word a failed write so a teacher knows what to do."""
    advice = "free some space, or choose" if exc.errno == errno.ENOSPC else "choose"
    return f"cannot write output: {exc.strerror or exc}; {advice} another folder with -o"


def _read_manifest(unit_out: Path) -> dict[str, Any]:
    """Return a unit's manifest, or an empty one when there is none or it is unreadable."""
    try:
        data = json.loads((unit_out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_manifest(
    unit_out: Path, unit_path: Path, entries: dict[str, Any], packs: list[Any] | None = None
) -> Path:
    """Merge this run's lessons into the unit's manifest.json (relative paths, no times)."""
    old = _read_manifest(unit_out)
    lessons = dict(old.get("lessons", {}))
    lessons.update(entries)
    manifest: dict[str, Any] = {
        "unit": unit_path.resolve().name,
        "lessons": dict(sorted(lessons.items())),
    }
    if packs is not None or "packs" in old:
        manifest["packs"] = packs if packs is not None else old["packs"]
    text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    write_atomically(unit_out, {"manifest.json": text.encode("utf-8")})
    return unit_out / "manifest.json"


__all__ = ["FORMATS", "KINDS", "Options", "build_unit", "build_units", "check_unit", "find_units"]
