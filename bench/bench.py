"""Benchmark lessongen on this machine and print one table (medians of several runs).

Run: python bench/bench.py [--runs N] [--quick]

Whole-process figures run `python -m lessongen ...` in a fresh process through bench/peak.py,
which reports the wall time and the peak resident memory of the process tree. Per-document
figures are measured in this process, warm, against the floor (bench/floor.py): the same
worksheet written by minimal reportlab and python-docx code. Other tools (bench/others.py)
are timed where installed. A row measured while other processes used the CPU is starred.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import department
import floor
import others
from floor import median_ms

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
UNIT = ROOT / "lessons" / "stalin-trotsky"
LESSON = UNIT / "01-succession.yaml"
BLOCK = 8  # documents per timed block in the per-document comparison
BUSY = 0.25  # cores used by other processes during a measure above which it is starred


@dataclass
class Row:
    """One line of the table."""

    measure: str
    value: str
    target: str = "—"
    met: str = "—"


def verdict(ok: bool) -> str:
    """Return the met? column for a target."""
    return "yes" if ok else "no"


# --- whole processes --------------------------------------------------------------------------


def cpu_seconds() -> tuple[float, float]:
    """Return (CPU seconds all processes used, CPU seconds this process and its children used)."""
    import resource

    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    busy = (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")
    own = sum(
        r.ru_utime + r.ru_stime
        for r in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(-1))
    )
    return busy, own


@dataclass
class Measured:
    """Median wall time, largest peak memory and the load of other processes meanwhile."""

    wall: float
    peak_mb: float
    other_cores: float

    @property
    def star(self) -> str:
        """Return ' *' when other processes competed for the CPU."""
        return " *" if self.other_cores >= BUSY else ""


def measure(args: list[str], runs: int, before: Callable[[], object] | None = None) -> Measured:
    """Run `python -m lessongen ARGS` runs times, each in a fresh process; return the figures."""
    walls, peaks = [], []
    busy0, own0 = cpu_seconds()
    start = time.perf_counter()
    for _ in range(runs):
        if before:
            before()
        command = [sys.executable, str(HERE / "peak.py"), "--"]
        command += [sys.executable, "-m", "lessongen", *args]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        report = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {}
        if done.returncode != 0:
            raise SystemExit(f"failed: lessongen {' '.join(args)}\n{done.stderr[-2000:]}")
        walls.append(report["wall_s"])
        peaks.append(report["peak_mb"])
    elapsed = time.perf_counter() - start
    busy1, own1 = cpu_seconds()
    other = max(0.0, (busy1 - busy0) - (own1 - own0)) / elapsed
    return Measured(statistics.median(walls), max(peaks), other)


def build_flags() -> set[str]:
    """Return the long options `lessongen build` has (they are being added as we go)."""
    done = subprocess.run(
        [sys.executable, "-m", "lessongen", "build", "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return set(re.findall(r"(--[a-z][a-z-]*)", done.stdout))


def runs_note(runs: int) -> str:
    """Say in a label that a slow scenario was run fewer times."""
    return f"; median of {runs} runs" if runs > 1 else "; 1 run"


def count_files(folder: Path) -> int:
    """Return how many PDF and DOCX files are under folder."""
    return sum(1 for p in folder.rglob("*") if p.suffix in (".pdf", ".docx"))


def seconds(m: Measured, files: int = 0) -> str:
    """Format a wall time, with the time per file when files were made."""
    each = f" ({m.wall / files * 1000:.0f} ms a file)" if files else ""
    return f"{m.wall:.2f} s{each}{m.star}"


def make_big_unit(unit: Path) -> Path:
    """Write a unit with a 5 MB source and a lesson of 300 questions quoting it."""
    (unit / "sources").mkdir(parents=True)
    text = (UNIT / "sources" / "most-hated-rival.txt").read_text("utf-8").split("---")[-1]
    body = (text.strip() + "\n\n") * (5_000_000 // len(text) + 1)
    (unit / "sources" / "big.txt").write_text(body, encoding="utf-8")
    items = "".join(
        f"      - q: Question {i}, where was Trotsky born?\n        answer: Yanovka\n"
        '        evidence: "born to a family of Jewish farmers in Yanovka"\n'
        for i in range(300)
    )
    (unit / "big.yaml").write_text(
        "title: Big lesson\nsources:\n  A: big\nactivities:\n  - type: questions\n"
        f"    items:\n{items}",
        encoding="utf-8",
    )
    return unit


def whole_process(tmp: Path, runs: int, quick: bool) -> list[Row]:
    """Rows measured on whole `python -m lessongen` processes."""
    flags = build_flags()
    force = ["--force"] if "--force" in flags else []
    quiet = ["-q"] if "--quiet" in flags else []
    rows: list[Row] = []

    m = measure(["--help"], runs)
    rows.append(Row("lessongen --help", f"{m.wall * 1000:.0f} ms{m.star}", "< 150 ms"))
    rows[-1].met = verdict(m.wall < 0.150)
    m = measure(["check", str(UNIT)], runs)
    rows.append(Row("check bundled unit (3 lessons)", seconds(m)))

    out = tmp / "unit"
    measure(["build", str(UNIT), "-o", str(out)], 1)  # instance fonts, fill the output
    files = count_files(out)
    cold = measure(["build", str(UNIT), "-o", str(out), *force, *quiet], runs)
    label = "--force" if force else "no --force yet: all rebuilt"
    rows.append(
        Row(f"build bundled unit cold ({label}), PDF + DOCX ({files} files)", seconds(cold, files))
    )
    rows[-1].target, rows[-1].met = "< 2 s", verdict(cold.wall < 2.0)
    rows.append(Row("peak memory of a build process", f"{cold.peak_mb:.0f} MB"))
    if force:
        measure(["build", str(UNIT), "-o", str(out)], 1)  # leaves the manifest up to date
        warm = measure(["build", str(UNIT), "-o", str(out), *quiet], runs)
        rows.append(Row("build bundled unit warm (nothing changed)", seconds(warm), "< 0.4 s"))
        rows[-1].met = verdict(warm.wall < 0.4)
    else:
        rows.append(Row("build bundled unit warm (nothing changed)", "no --force yet", "< 0.4 s"))

    big = make_big_unit(tmp / "big")
    m = measure(["check", str(big)], runs)
    rows.append(Row("check: 5 MB source, 300-question lesson", seconds(m)))
    m = measure(["build", str(big), "-o", str(tmp / "big-out"), "-f", "pdf", *force], runs)
    rows.append(Row("build it, PDF (5 documents)", seconds(m)))

    rows += class_set(tmp, 1 if quick else min(runs, 3), force + quiet)
    rows += batch(tmp, 1 if quick else min(runs, 2), quick, flags, force + quiet)
    return rows


def class_set(tmp: Path, runs: int, extra: list[str]) -> list[Row]:
    """One lesson x 30 shuffled versions of the worksheet and the answers, PDF and DOCX."""
    out = tmp / "class-set"
    args = ["build", str(LESSON), "-o", str(out), "--variants", "30"]
    args += ["--only", "worksheet", "--only", "answers", *extra]
    m = measure(args, runs)
    files = count_files(out)
    name = f"class set: 1 lesson x 30 versions, worksheet + answers ({files} files"
    name += f"{runs_note(runs)})"
    return [Row(name, seconds(m, files), "< 5 s", verdict(m.wall < 5.0))]


def batch(tmp: Path, runs: int, quick: bool, flags: set[str], extra: list[str]) -> list[Row]:
    """The synthetic department: --jobs 1 against --jobs 2, and peak memory as it grows."""
    small, large = (20, 60) if quick else (50, 200)
    depts = {n: tmp / f"dept-{n}" for n in (small, large)}
    for n, folder in depts.items():
        department.make_department(n, folder)
    checked = subprocess.run(
        [sys.executable, "-m", "lessongen", "check", str(depts[large])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if checked.returncode != 0:
        raise SystemExit(f"the synthetic department does not pass check:\n{checked.stderr}")
    what = "worksheet PDF + DOCX"
    if "--jobs" not in flags:
        return [Row(f"department, {large} lessons x {what}", "no --jobs yet", "≥ 1.7x")]

    def args(n: int, jobs: int) -> list[str]:
        out = str(tmp / f"dept-out-{n}-{jobs}")
        return ["build", str(depts[n]), "-o", out, "--only", "worksheet", "-j", str(jobs), *extra]

    one = measure(args(large, 1), runs)
    files = count_files(tmp / f"dept-out-{large}-1")
    two = measure(args(large, 2), runs)
    smaller = measure(args(small, 1), 1)
    speedup = one.wall / two.wall
    grow = one.peak_mb / smaller.peak_mb
    label = f"department: {large} lessons x {what} ({files} files{runs_note(runs)})"
    memory = f"{smaller.peak_mb:.0f} -> {one.peak_mb:.0f} MB ({grow:.2f}x)"
    rows = [
        Row(f"{label}, --jobs 1", seconds(one, files)),
        Row(f"{label}, --jobs 2", seconds(two, files)),
        Row("speed-up of --jobs 2 over --jobs 1", f"{speedup:.2f}x", "≥ 1.7x"),
        Row(f"peak memory, --jobs 1: {small} -> {large} lessons", memory, "flat (≤ 1.1x)"),
        Row(f"peak memory of one --jobs 2 process, {large} lessons", f"{two.peak_mb:.0f} MB"),
    ]
    rows[2].met, rows[3].met = verdict(speedup >= 1.7), verdict(grow <= 1.1)
    return rows


# --- in one warm process ----------------------------------------------------------------------


def in_process(runs: int, blocks: int) -> list[Row]:
    """Per-document rows: lessongen's compose and renderers against the floor, same process."""
    import gc

    from lessongen.build import _resolve_lesson, lesson_files
    from lessongen.compose import compose, kinds_for, lesson_context
    from lessongen.render.docx import render_docx
    from lessongen.render.pdf import render_pdf
    from lessongen.resolve import SourceLibrary
    from lessongen.spec import load_unit
    from lessongen.templating import template_folders

    unit = load_unit(UNIT)
    library = SourceLibrary(unit)
    folders = template_folders(UNIT)
    resolved = [_resolve_lesson(p, unit, library) for p in lesson_files(unit)]
    contexts = [lesson_context(r) for r in resolved]
    jobs = [(k, r, c) for r, c in zip(resolved, contexts, strict=True) for k in kinds_for(c)]
    docs = [compose(k, r, c, folders) for k, r, c in jobs]
    render_pdf(docs[0]), render_docx(docs[0])  # warm fonts and imports
    per = len(docs)
    compose_ms = median_ms(lambda: [compose(k, r, c, folders) for k, r, c in jobs], runs) / per
    pdf_ms = median_ms(lambda: [render_pdf(d) for d in docs], runs) / per
    docx_ms = median_ms(lambda: [render_docx(d) for d in docs], runs) / per
    rows = [
        Row(f"compose a document (template -> model; mean of {per})", f"{compose_ms:.1f} ms"),
        Row(f"render a PDF (warm process; mean of {per})", f"{pdf_ms:.1f} ms"),
        Row(f"render a DOCX (warm process; mean of {per})", f"{docx_ms:.1f} ms"),
    ]

    # The worksheet of 01-succession: lessongen against the floor, interleaved so drift is shared.
    # Each sample is the mean of a block of BLOCK documents, so work done every few documents
    # (a periodic gc.collect(), as the DOCX writer once made) is paid for, not hidden by the median.
    first = resolved[0]
    heads, items = floor.content_of(compose("worksheet", first, contexts[0], folders))
    floor.write_pdf(heads, items), floor.write_docx(heads, items)
    writers: dict[str, Callable[[], object]] = {
        "lg-pdf": lambda: render_pdf(compose("worksheet", first, contexts[0], folders)),
        "lg-docx": lambda: render_docx(compose("worksheet", first, contexts[0], folders)),
        "floor-pdf": lambda: floor.write_pdf(heads, items),
        "floor-docx": lambda: floor.write_docx(heads, items),
    }
    times: dict[str, list[float]] = {name: [] for name in writers}
    for _ in range(blocks):
        for name, write in writers.items():
            times[name].append(median_ms(lambda w=write: [w() for _ in range(BLOCK)], 1) / BLOCK)
    ms = {name: statistics.median(t) for name, t in times.items()}
    for fmt in ("pdf", "docx"):
        ratio = ms[f"lg-{fmt}"] / ms[f"floor-{fmt}"]
        rows.append(
            Row(
                f"worksheet {LESSON.stem}, {fmt.upper()}: lessongen (compose + render) vs floor "
                f"(median of {blocks} means of {BLOCK})",
                f"{ms[f'lg-{fmt}']:.1f} vs {ms[f'floor-{fmt}']:.1f} ms = {ratio:.2f}x",
                "≤ 1.3x",
                verdict(ratio <= 1.3),
            )
        )

    # The DOCX writer keeps, per page style, a blank package and XML fragments made once with
    # python-docx: what the first document of a page style costs in a process (5 fresh kits).
    from lessongen.render import docx as docx_writer

    def fresh_kit() -> None:
        docx_writer._KITS.clear()
        render_docx(docs[0])

    first_ms = median_ms(fresh_kit, 5)
    rows.append(
        Row(
            "render the worksheet DOCX as the first document of its page style in a process "
            "(blank package and fragments made; median of 5)",
            f"{first_ms:.1f} ms",
        )
    )

    # What a full collection costs, and after gc.freeze() (which a build process does).
    collect_ms = median_ms(gc.collect, 9)
    gc.freeze()  # what a build process could do once, after imports and font loading
    frozen_ms = median_ms(gc.collect, 9)
    gc.unfreeze()
    rows.append(
        Row("one full gc.collect() in this warm process, as is vs after gc.freeze()",
            f"{collect_ms:.1f} vs {frozen_ms:.2f} ms")
    )  # fmt: skip
    as_is, frozen = [], []
    for _ in range(blocks):
        as_is.append(median_ms(lambda: [render_docx(docs[0]) for _ in range(BLOCK)], 1) / BLOCK)
        gc.freeze()
        frozen.append(median_ms(lambda: [render_docx(docs[0]) for _ in range(BLOCK)], 1) / BLOCK)
        gc.unfreeze()
    rows.append(
        Row(
            f"render a DOCX, as is vs after gc.freeze() (median of {blocks} means of {BLOCK})",
            f"{statistics.median(as_is):.1f} vs {statistics.median(frozen):.1f} ms",
        )
    )
    return rows


# --- the table --------------------------------------------------------------------------------


def machine() -> str:
    """Describe the machine and the library versions in one line."""
    with open("/proc/meminfo", encoding="ascii") as info:
        mem_kb = int(info.readline().split()[1])
    libs = ", ".join(f"{n} {version(n)}" for n in ("reportlab", "python-docx", "jinja2"))
    return (
        f"{os.cpu_count()} cores, {mem_kb / 1024**2:.0f} GiB, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, {libs}"
    )


def print_table(rows: list[Row]) -> None:
    """Print the rows as a Markdown table."""
    print("| measure | value | target | met? |")
    print("|---|---|---|---|")
    for r in rows:
        print(f"| {r.measure} | {r.value} | {r.target} | {r.met} |")


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("--quick", action="store_true", help="2 runs, smaller batches")
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    start = time.perf_counter()
    busy0, own0 = cpu_seconds()
    with tempfile.TemporaryDirectory() as tmp:
        rows = whole_process(Path(tmp), runs, args.quick)
        rows += in_process(runs, 2 if args.quick else 5)
        subprocess.run(
            [sys.executable, "-m", "lessongen", "build", str(UNIT), "-o", tmp + "/d", "-f", "docx"],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        rows += [Row(*row) for row in others.rows(Path(tmp) / "d", runs)]
    elapsed = time.perf_counter() - start
    busy1, own1 = cpu_seconds()
    other = max(0.0, (busy1 - busy0) - (own1 - own0)) / elapsed
    print(f"lessongen benchmark: {machine()}")
    print(
        f"median of {runs} runs unless the row says fewer; took {elapsed:.0f} s; other processes "
        f"used {other:.2f} cores on average meanwhile (* = a row measured while they used "
        f"≥ {BUSY} cores)\n"
    )
    print_table(rows)


if __name__ == "__main__":
    main()
