"""The command line: thin Click commands over lessongen.build. The only module importing click."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from lessongen import __version__
from lessongen.errors import plural, shown

if TYPE_CHECKING:
    from lessongen.build import LessonResult, UnitResult

DOCUMENTS = ("worksheet", "answers", "extracts", "essay", "plan")
EDITIONS = (
    "core",
    "support",
    "extension",
)  # as lessongen.spec.EDITIONS; no heavy import for --help


def _paths(paths: tuple[Path, ...]) -> list[Path]:
    return list(paths) or [Path("lessons")]


def _report(results: list[UnitResult], verb: str) -> int:
    """Print every problem as path:line: field: message and return the exit status."""
    cwd = Path.cwd()
    failed = 0
    for unit in results:
        for problem in unit.problems:
            click.echo(problem.format(cwd), err=True)
        if unit.problems and not unit.lessons:
            name = unit.path.resolve().name
            click.echo(f"unit '{name}' not {verb}: fix the problem above first", err=True)
            failed += 1
        for lesson in unit.lessons:
            for problem in lesson.problems:
                click.echo(problem.format(cwd), err=True)
            failed += 0 if lesson.ok else 1
    return 1 if failed else 0


def _failures(results: list[UnitResult], verb: str) -> str:
    """Sum up what failed: lessons with problems, and units stopped by unit.yaml."""
    lessons = [lesson for r in results for lesson in r.lessons]
    bad = sum(1 for lesson in lessons if not lesson.ok)
    units = sum(1 for r in results if r.problems)
    verb_s = "has" if bad == 1 else "have"
    parts = [f"{bad} of {plural(len(lessons), 'lesson')} {verb_s} problems"] if lessons else []
    if units:
        parts.append(f"{units} unit{'s' if units > 1 else ''} not {verb}")
    return "; ".join(parts)


def _guard(run: Callable[[], int]) -> NoReturn:
    """Run a command body; an unexpected exception is reported as a bug with its traceback."""
    try:
        code = run()
    except click.ClickException:
        raise  # usage errors: Click prints them and exits 2
    except BrokenPipeError:
        # The reader went away (`lessongen sources ... | head`): stop quietly.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces the closed stream
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo(
            "interrupted: lessons already finished are complete; nothing is half-written", err=True
        )
        sys.exit(130)
    except Exception:
        click.echo(
            "lessongen hit an internal error (a bug, not your mistake). "
            "Please report it with this traceback:",
            err=True,
        )
        click.echo(traceback.format_exc(), err=True)
        sys.exit(1)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lessongen")
def main() -> None:
    """Build printable history lesson material from YAML lesson specs and source texts."""


@main.command(short_help="Build worksheets, answer keys, extracts, essay sheets and plans.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder to build into.",
)
@click.option(
    "-f",
    "--format",
    "formats",
    type=click.Choice(["pdf", "docx"]),
    multiple=True,
    help="Formats to build (repeatable). Default: pdf and docx.",
)
@click.option(
    "--only",
    type=click.Choice(DOCUMENTS),
    multiple=True,
    help="Build only these documents (repeatable). Default: all.",
)
@click.option(
    "--variants",
    type=click.IntRange(0, 99),
    default=0,
    show_default=True,
    help="Build N shuffled versions of the worksheet and answers.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Lessons built at once, in parallel processes. Default: the number of cores.",
)
@click.option(
    "--large-print",
    is_flag=True,
    help="Build the modified large-print edition (18 pt, more answer space), as *-large files.",
)
@click.option(
    "--edition",
    "editions",
    type=click.Choice(EDITIONS),
    multiple=True,
    help="Editions of worksheet, answers and essay sheet (repeatable): support adds the "
    "spec's hints, starters and word banks; extension adds its stretch questions. "
    "Default: core.",
)
@click.option("--force", is_flag=True, help="Rebuild lessons even if nothing changed.")
@click.option(
    "--pack",
    is_flag=True,
    help="Also make a student pack and a teacher pack PDF per unit, with contents pages.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the summary.")
@click.option("-v", "--verbose", is_flag=True, help="Also list every file written or removed.")
def build(
    paths: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    only: tuple[str, ...],
    variants: int,
    jobs: int | None,
    large_print: bool,
    editions: tuple[str, ...],
    force: bool,
    pack: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Build worksheets, answer keys, extracts, essay sheets and plans.

    PATHS are unit folders, lesson files or folders of units (default: lessons/).
    Output goes to OUTPUT/<unit>/<lesson>/<document>.<pdf|docx>. Lessons whose
    inputs have not changed since the last build are skipped (see --force).
    """

    def run() -> int:
        from lessongen.build import FORMATS, Options, build_units, find_units

        units = find_units(_paths(paths))
        if not units:
            raise click.UsageError(
                "no units found: give a unit folder, a lesson file or a folder of units"
            )
        chosen_formats = formats or FORMATS
        if pack and "pdf" not in chosen_formats:
            chosen_formats = (*chosen_formats, "pdf")  # a pack is made of the PDFs
        options = Options(
            chosen_formats, only, variants, force, pack, large_print, editions or ("core",)
        )
        progress = Progress(sum(_lesson_count(u) for u in units), quiet, verbose)
        with progress:
            results = build_units(
                units, out_dir, options, jobs or os.cpu_count() or 1, progress.lesson_done
            )
        code = _report(results, "built")
        click.echo(_build_summary(results, out_dir))
        return code

    _guard(run)


def _lesson_count(unit: tuple[Path, list[Path] | None]) -> int:
    """Count the lessons a build will visit, for the progress bar."""
    path, chosen = unit
    if chosen is not None:
        return len(chosen)
    return sum(1 for p in path.glob("*.yaml") if p.name != "unit.yaml")


class Progress:
    """Shows progress: a bar on a terminal, one line a lesson otherwise, nothing with -q."""

    def __init__(self, total: int, quiet: bool, verbose: bool) -> None:
        self.quiet, self.verbose = quiet, verbose
        self.bar: Any = None
        if not quiet and not verbose and total > 1 and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label="Building", file=sys.stderr)

    def __enter__(self) -> Progress:
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def lesson_done(self, lesson: LessonResult) -> None:
        """Report one finished lesson."""
        if self.bar is not None:
            self.bar.update(1)
            return
        if self.quiet:
            return
        if lesson.problems:
            state = f"failed ({plural(len(lesson.problems), 'problem')})"
        elif lesson.skipped:
            state = "unchanged, skipped"
        else:
            state = f"built, {plural(len(lesson.files), 'file')}"
        click.echo(f"{shown(lesson.path)}: {state}", err=True)
        if self.verbose:
            for path in lesson.files:
                click.echo(f"  wrote {shown(path)}", err=True)
            for path in lesson.removed:
                click.echo(f"  removed {shown(path)} (no longer built)", err=True)


def _build_summary(results: list[UnitResult], out_dir: Path) -> str:
    """Sum up a build: lessons built, skipped and failed (with the first error), files."""
    lessons = [lesson for r in results for lesson in r.lessons]
    built = [les for les in lessons if les.ok and not les.skipped]
    skipped = [les for les in lessons if les.skipped]
    failed = [les for les in lessons if les.problems]
    files = sum(len(les.files) for les in lessons)
    removed = sum(len(les.removed) for les in lessons)
    parts = [f"built {len(built)} of {plural(len(lessons), 'lesson')}"]
    if skipped:
        parts.append(f"{len(skipped)} unchanged")
    parts.append(f"{plural(files, 'file')} written")
    if removed:
        parts.append(f"{removed} removed")
    if failed:
        parts.append(f"{len(failed)} failed")
    units = sum(1 for r in results if r.problems)
    if units:
        parts.append(f"{plural(units, 'unit')} not built")
    packs = sum(len(r.packs) for r in results)
    if packs:
        parts.append(f"{plural(packs, 'pack')} made")
    lines = [", ".join(parts) + f", in {shown(out_dir)}"]
    for les in failed:
        lines.append(f"  failed: {shown(les.path)}: {les.problems[0].message}")
    return "\n".join(lines)


@main.command(short_help="Check specs and every quote, extract and blank; build nothing.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also list each extract's length in printed lines and the differences each "
    "compare activity found.",
)
def check(paths: tuple[Path, ...], verbose: bool) -> None:
    """Check lesson specs and every quote, extract and blank; build nothing.

    PATHS are unit folders, lesson files or folders of units (default: lessons/).
    """

    def run() -> int:
        from lessongen.build import check_unit, find_units

        units = find_units(_paths(paths))
        if not units:
            raise click.UsageError(
                "no units found: give a unit folder, a lesson file or a folder of units"
            )
        results = [check_unit(unit_path, chosen) for unit_path, chosen in units]
        code = _report(results, "checked")
        lessons = [lesson for r in results for lesson in r.lessons]
        for lesson in lessons:
            for warning in lesson.warnings:
                click.echo(warning.format(Path.cwd()), err=True)
            for line in lesson.extract_lines if verbose else []:
                click.echo(f"{shown(lesson.path)}: {line}")
        if code == 0:
            extracts = sum(lesson.extracts for lesson in lessons)
            quotes = sum(lesson.quotes for lesson in lessons)
            click.echo(
                f"ok: {plural(len(lessons), 'lesson')}, {plural(extracts, 'extract')}, "
                f"{plural(quotes, 'quote')} verified"
            )
        else:
            click.echo(_failures(results, "checked"), err=True)
        return code

    _guard(run)


@main.command("import", short_help="Clean text copied from a web page into a source file.")
@click.argument("raw", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Source file to write (e.g. lessons/my-unit/sources/article.txt). Default: print it.",
)
@click.option("--title", help="The source's title (otherwise taken from the page).")
@click.option("--author", help="Its author (otherwise taken from a byline).")
@click.option("--publisher", help="Who published it.")
@click.option("--published", help="When it was published.")
@click.option("--url", help="Where it was found.")
@click.option("--kind", help="What it is, e.g. 'secondary (study guide)'.")
@click.option(
    "--keep",
    type=int,
    multiple=True,
    metavar="LINE",
    help="Keep this line of RAW even if it looks like page furniture (repeatable).",
)
def import_(raw: Path, output: Path | None, keep: tuple[int, ...], **fields: str | None) -> None:
    """Clean text copied from a web page into a source file.

    Removes navigation and page furniture, joins broken lines into paragraphs, marks
    headings with '# ', and fills in provenance from the page and the options. Every
    line it removes is listed, with its line number, so you can check it (and bring
    it back with --keep).
    """

    def run() -> int:
        from lessongen.build import write_atomically
        from lessongen.errors import LessongenError
        from lessongen.importer import import_file

        meta = {k: v for k, v in fields.items() if v}
        try:
            result = import_file(raw, set(keep), meta)
        except LessongenError as exc:
            for problem in exc.problems:
                click.echo(problem.format(Path.cwd()), err=True)
            return 1
        for number, text, why in sorted(result.removed):
            where = f"line {number}" if number else "end"
            click.echo(f"{shown(raw)}: {where}: removed ({why}): {text}", err=True)
        for key, number, text in result.found:
            click.echo(f"{shown(raw)}: line {number}: {key} taken from: {text}", err=True)
        headings = sum(1 for b in result.blocks if b.startswith("# "))
        summary = (
            f"kept {plural(len(result.blocks) - headings, 'paragraph')} and "
            f"{plural(headings, 'heading')}; removed {plural(len(result.removed), 'line')}"
        )
        if output is None:
            click.echo(result.text(), nl=False)
            click.echo(summary, err=True)
            return 0
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(output.parent, {output.name: result.text().encode("utf-8")})
        click.echo(f"{summary}; wrote {shown(output)}", err=True)
        return 0

    _guard(run)


@main.command(short_help="Start a unit or a lesson from a commented example.")
@click.argument("words", nargs=-1, required=True, metavar="[unit|lesson] PATH")
def new(words: tuple[str, ...]) -> None:
    """Start a unit or a lesson from a commented example that passes 'check'.

    'lessongen new lessons/my-unit' makes a unit folder: unit.yaml, an example
    source and an example lesson. 'lessongen new lessons/my-unit/02-purges' adds a
    lesson to an existing unit. The example shows every activity type, with a
    comment on each field; 'unit' or 'lesson' may be given first to say which.
    """

    def run() -> int:
        from lessongen.errors import LessongenError
        from lessongen.scaffolding import new_lesson, new_unit

        kind, target = (words[0], words[1]) if len(words) == 2 else ("", words[0])
        if len(words) > 2 or kind not in ("", "unit", "lesson"):
            raise click.UsageError("give a path, or 'unit PATH' or 'lesson UNIT/NAME'")
        path = Path(target)
        as_lesson = kind == "lesson" or (
            kind != "unit"
            and (
                path.suffix == ".yaml"
                or path.parent.joinpath("sources").is_dir()
                or (path.parent / "unit.yaml").is_file()
            )
        )
        try:
            made = new_lesson(path) if as_lesson else new_unit(path)
        except LessongenError as exc:
            for problem in exc.problems:
                click.echo(problem.format(Path.cwd()), err=True)
            return 1
        for file in made:
            click.echo(f"created {shown(file)}")
        unit = made[0].parent
        click.echo(f"next: edit the files, then run 'lessongen check {shown(unit)}'")
        return 0

    _guard(run)


@main.command(short_help="List a unit's sources, or print one with numbered paragraphs.")
@click.argument("unit", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("source_id", required=False, metavar="[ID]")
def sources(unit: Path, source_id: str | None) -> None:
    """List a unit's sources with provenance and word counts.

    With a source ID, print that source's paragraphs numbered (headings marked #),
    to choose an extract's 'from' and 'to' words or to find 'Source B, paragraph 2'.
    """

    def run() -> int:
        from lessongen.errors import LessongenError, suggest
        from lessongen.resolve import SourceLibrary
        from lessongen.spec import load_unit

        try:
            library = SourceLibrary(load_unit(unit))
            ids = library.ids()
            if source_id is None:
                for sid in ids:
                    src = library.get(sid)
                    click.echo(
                        f"{sid}  ({plural(len(src.text.split()), 'word')}, "
                        f"{plural(len(src.blocks), 'block')})"
                    )
                    click.echo(f"    {src.provenance()}")
                if not ids:
                    click.echo(f"no sources in {shown(unit / 'sources')}")
                return 0
            if source_id not in ids:
                click.echo(
                    f"no source '{source_id}' in {shown(unit / 'sources')}"
                    f"{suggest(source_id, ids)}; the unit has: {', '.join(ids)}",
                    err=True,
                )
                return 1
            src = library.get(source_id)
        except LessongenError as exc:
            for problem in exc.problems:
                click.echo(problem.format(Path.cwd()), err=True)
            return 1
        click.echo(src.provenance())
        for block in src.blocks:
            if block.kind == "heading":
                click.echo(f"\n# {block.text}")
            else:
                words = len(block.text.split())
                click.echo(f"\n[{block.number}] ({words} words, line {block.line} of the file)")
                click.echo(block.text)
        return 0

    _guard(run)
