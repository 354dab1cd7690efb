"""Benchmark lessongen on this machine and print a table (medians of several runs).

Run: uv run python bench/bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "lessons" / "stalin-trotsky"


def median_time(run: Callable[[], object], runs: int) -> float:
    """Return the median wall time of run() in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli(*args: str) -> Callable[[], object]:
    """Return a function running the CLI in a fresh process."""
    command = [sys.executable, "-m", "lessongen", *args]
    return lambda: subprocess.run(command, check=True, capture_output=True, cwd=ROOT)


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


def peak_child_mb() -> float:
    """Return the largest resident set of any finished child process, in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement")
    runs = parser.parse_args().runs
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(("lessongen --help", f"{median_time(cli('--help'), runs) * 1000:.0f} ms"))
        rows.append(
            (
                "check bundled unit (3 lessons)",
                f"{median_time(cli('check', str(UNIT)), runs):.2f} s",
            )
        )
        build = cli("build", str(UNIT), "-o", tmp)
        rows.append(
            ("build bundled unit, PDF + DOCX (26 files)", f"{median_time(build, runs):.2f} s")
        )
        rows.append(("peak memory of a build process", f"{peak_child_mb():.0f} MB"))
        big = make_big_unit(Path(tmp) / "big")
        rows.append(
            (
                "check: 5 MB source, 300-question lesson",
                f"{median_time(cli('check', str(big)), runs):.2f} s",
            )
        )
        big_build = cli("build", str(big), "-o", str(Path(tmp) / "big-out"), "-f", "pdf")
        rows.append(("build it, PDF (5 documents)", f"{median_time(big_build, runs):.2f} s"))

    # Per document, in one warm process: compose + render, without writing files.
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
    docs = []
    for r in resolved:
        context = lesson_context(r)
        docs += [compose(kind, r, context, folders) for kind in kinds_for(context)]
    render_pdf(docs[0]), render_docx(docs[0])  # warm fonts and imports
    per = len(docs)
    compose_s = median_time(
        lambda: [
            compose(k, r, lesson_context(r), folders)
            for r in resolved
            for k in kinds_for(lesson_context(r))
        ],
        runs,
    )
    pdf_s = median_time(lambda: [render_pdf(d) for d in docs], runs)
    docx_s = median_time(lambda: [render_docx(d) for d in docs], runs)
    rows.append(("compose a document (template -> model)", f"{compose_s / per * 1000:.1f} ms"))
    rows.append(("render a PDF (warm process)", f"{pdf_s / per * 1000:.1f} ms"))
    rows.append(("render a DOCX (warm process)", f"{docx_s / per * 1000:.1f} ms"))

    width = max(len(name) for name, _ in rows)
    print(
        f"lessongen benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"median of {runs} runs"
    )
    print(f"{'measure'.ljust(width)}  value")
    print(f"{'-' * width}  -------")
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")


if __name__ == "__main__":
    main()
