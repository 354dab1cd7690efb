"""The tools teachers use instead, on equivalent content: LibreOffice, pandoc and pdflatex.

Run: python bench/others.py [--runs N]      time the tools that are installed
     python bench/others.py --write         regenerate bench/compare/worksheet.{md,tex}

The Markdown and LaTeX worksheets are generated from lessongen's own worksheet for lesson
01-succession (see floor.py), so every tool lays out the same questions, tables and lines.
The LaTeX copy is set in Computer Modern Sans (texlive-latex-extra without recommends has no
Helvetica or Latin Modern), drops the Cyrillic glosses of the vocabulary (those fonts have no
Cyrillic; texlive-lang-cyrillic would add them) and draws lines with the exam class.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import floor

HERE = Path(__file__).resolve().parent
COMPARE = HERE / "compare"
ROOT = HERE.parent
UNIT = ROOT / "lessons" / "stalin-trotsky"

Row = tuple[str, str, str, str]  # measure, value, target, met


# --- Markdown ---------------------------------------------------------------------------------


def md_escape(text: str) -> str:
    """Escape Markdown punctuation in teacher text."""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)


def md_runs(runs: floor.Runs) -> str:
    """Return runs as Markdown with bold and italic."""
    out = []
    for text, bold, italic in runs:
        text = md_escape(text)
        if text.strip() and bold:
            text = f"**{text}**"
        if text.strip() and italic:
            text = f"*{text}*"
        out.append(text)
    return "".join(out)


def markdown(heads: dict[str, str], items: list[floor.Item]) -> str:
    """Return the worksheet as pandoc Markdown."""
    out = [f'---\ntitle: "{heads["title"]}"\n---\n']
    for item in items:
        kind = item[0]
        if kind == "title":
            continue  # the metadata title above
        if kind in ("h1", "h2"):
            out.append(("## " if kind == "h1" else "### ") + md_runs(item[1]))
        elif kind in ("subtitle", "body", "small", "quote", "bullet"):
            out.append(md_runs(item[1]))
        elif kind == "question":
            out.append(f"**{item[1]}.** {md_runs(item[2])} {md_escape(item[3])}")
        elif kind == "lines":
            out += ["\\_" * 60] * item[1]
        elif kind == "choices":
            out.append("\n".join(f"- ☐ **{label}** {md_escape(t)}" for label, t in item[1]))
        elif kind == "table":
            rows = [[md_escape(c).replace("\n", " ") or " " for c in row] for row in item[1]]
            total = sum(item[2])
            sep = "|" + "|".join("-" * max(3, round(30 * w / total)) for w in item[2]) + "|"
            lines = ["| " + " | ".join(r) + " |" for r in rows]
            out.append("\n".join([lines[0], sep, *lines[1:]]))
        elif kind == "fields":
            out.append("    ".join(f"**{f}:** \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_" for f in item[1]))
        elif kind == "box":
            out.append("\n".join(f"> {md_runs(r)}" for r in item[1]))
        elif kind == "pagebreak":
            out.append("\\newpage")
    return "\n\n".join(out) + "\n"


# --- LaTeX (exam class) -----------------------------------------------------------------------

TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "□": r"$\square$",
    "·": r"$\cdot$",
}


def tex_escape(text: str) -> str:
    """Escape LaTeX specials; drop Cyrillic glosses the default fonts cannot set."""
    text = re.sub(r"\s*\([^()]*[\u0400-\u04ff][^()]*\)", "", text)
    return "".join(TEX_SPECIAL.get(ch, ch) for ch in text)


def tex_runs(runs: floor.Runs) -> str:
    """Return runs as LaTeX with bold and italic."""
    out = []
    for text, bold, italic in runs:
        text = tex_escape(text)
        text = f"\\textbf{{{text}}}" if bold else text
        out.append(f"\\textit{{{text}}}" if italic else text)
    return "".join(out)


def latex(heads: dict[str, str], items: list[floor.Item]) -> str:
    """Return the worksheet as a LaTeX document of the exam class."""
    out = [
        r"\documentclass[11pt,a4paper]{exam}",
        r"\renewcommand{\familydefault}{\sfdefault}",
        r"\usepackage{amssymb}",
        r"\usepackage[margin=18mm,top=24mm]{geometry}",
        r"\usepackage{array}",
        r"\setlength{\linefillheight}{9mm}",
        r"\setlength{\parindent}{0pt}",
        r"\pagestyle{headandfoot}",
        rf"\header{{\footnotesize {tex_escape(heads['left'])}}}{{}}"
        rf"{{\footnotesize {tex_escape(heads['right'])}}}",
        r"\headrule",
        rf"\footer{{\footnotesize {tex_escape(heads['footer'])}}}{{}}"
        r"{\footnotesize Page \thepage\ of \numpages}",
        r"\begin{document}",
    ]
    open_questions = False

    def questions(want: bool) -> None:
        nonlocal open_questions
        if want != open_questions:
            out.append(r"\begin{questions}" if want else r"\end{questions}")
            open_questions = want

    for item in items:
        kind = item[0]
        if kind in ("title", "subtitle", "h1", "h2", "body", "small", "quote", "bullet"):
            size = {"title": r"\LARGE\bfseries ", "h1": r"\large\bfseries ", "h2": r"\bfseries "}
            text = size.get(kind, r"\small " if kind == "small" else "") + tex_runs(item[1])
            gap = r"\medskip" if kind in ("h1", "h2") else ""
            if open_questions:
                out.append(rf"\uplevel{{{gap}{{{text}}}\par}}")
            else:
                out.append(rf"{gap}{{{text}}}\par\smallskip")
        elif kind == "question":
            questions(True)
            marks = re.sub(r"\D", "", item[3]) or "1"
            out.append(rf"\question[{marks}] {tex_runs(item[2])}")
        elif kind == "lines":
            out.append(rf"\fillwithlines{{{item[1] * 9}mm}}")
        elif kind == "choices":
            out.append(r"\begin{checkboxes}")
            out += [rf"\choice {tex_escape(t)}" for _, t in item[1]]
            out.append(r"\end{checkboxes}")
        elif kind == "table":
            total = sum(item[2])
            spec = "|".join(f"p{{{0.9 * w / total:.3f}\\linewidth}}" for w in item[2])
            out.append(r"\par\smallskip\begin{tabular}{|" + spec + r"|}\hline")
            for row in item[1]:
                strut = r"\rule{0pt}{9mm}" if item[4] else ""
                out.append(" & ".join(tex_escape(c) for c in row) + strut + r" \\ \hline")
            out.append(r"\end{tabular}\par")
        elif kind == "fields":
            out.append(r"\quad ".join(f"\\textbf{{{f}:}} \\rule{{35mm}}{{0.4pt}}" for f in item[1]))
            out.append(r"\par\medskip")
        elif kind == "box":
            text = r"\par ".join(tex_runs(r) for r in item[1])
            out.append(rf"\par\fbox{{\parbox{{0.95\linewidth}}{{{text}}}}}\par")
        elif kind == "pagebreak":
            out.append(r"\newpage")
    questions(False)
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


def write_sources() -> list[Path]:
    """Regenerate bench/compare/worksheet.md and worksheet.tex from lessongen's worksheet."""
    heads, items = floor.content_of(floor.worksheet_document())
    COMPARE.mkdir(exist_ok=True)
    md, tex = COMPARE / "worksheet.md", COMPARE / "worksheet.tex"
    md.write_text(markdown(heads, items), encoding="utf-8")
    tex.write_text(latex(heads, items), encoding="utf-8")
    return [md, tex]


# --- timing -----------------------------------------------------------------------------------


def timed(commands: list[list[str]], cwd: Path) -> float:
    """Run commands one after another (each must succeed); return the wall time in seconds."""
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, cwd=cwd, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - start


def median(commands: list[list[str]], cwd: Path, runs: int) -> float:
    """Return the median wall time of running the commands, in seconds."""
    return statistics.median(timed(commands, cwd) for _ in range(runs))


def soffice_row(docx_dir: Path, runs: int) -> Row:
    """LibreOffice converting a folder of DOCX files to PDF in one call, per document."""
    name = "LibreOffice DOCX -> PDF, one call for the unit's DOCX, per document"
    tool = shutil.which("soffice")
    if not tool:
        return (name, "not installed", "—", "—")
    files = sorted(str(p) for p in docx_dir.rglob("*.docx"))
    with tempfile.TemporaryDirectory() as tmp:
        profile = f"-env:UserInstallation=file://{tmp}/profile"  # its own: shared ones clash
        command = [tool, profile, "--headless", "--convert-to", "pdf", "--outdir", tmp, *files]
        timed([command], Path(tmp))  # the first start writes the profile: not counted
        wall = median([command], Path(tmp), runs)
    return (
        f"{name} ({len(files)} files, median of {runs})",
        f"{wall / len(files) * 1000:.0f} ms ({wall:.2f} s in all)",
        "—",
        "—",
    )


def pandoc_row(runs: int) -> Row:
    """pandoc turning the Markdown worksheet into a DOCX, per process."""
    name = "pandoc Markdown -> DOCX, per process"
    tool = shutil.which("pandoc")
    if not tool:
        return (name, "not installed", "—", "—")
    with tempfile.TemporaryDirectory() as tmp:
        command = [tool, str(COMPARE / "worksheet.md"), "-o", f"{tmp}/worksheet.docx"]
        timed([command], Path(tmp))
        wall = median([command], Path(tmp), runs)
    return (f"{name} (median of {runs})", f"{wall * 1000:.0f} ms", "—", "—")


def pdflatex_row(runs: int) -> Row:
    """pdflatex with the exam class, two passes (for 'Page n of N'), per document."""
    name = "pdflatex, exam class, two passes, per document"
    tool = shutil.which("pdflatex")
    if not tool:
        return (name, "not installed", "—", "—")
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(COMPARE / "worksheet.tex", tmp)
        one = [tool, "-interaction=batchmode", "-halt-on-error", "worksheet.tex"]
        try:
            timed([one, one], Path(tmp))
        except subprocess.CalledProcessError:
            return (name, "failed (exam class missing? see worksheet.log)", "—", "—")
        wall = median([one, one], Path(tmp), runs)
    return (f"{name} (median of {runs})", f"{wall * 1000:.0f} ms", "—", "—")


def rows(docx_dir: Path, runs: int) -> list[Row]:
    """Return the table rows of every tool, 'not installed' where a tool is missing."""
    return [soffice_row(docx_dir, min(runs, 3)), pandoc_row(runs), pdflatex_row(runs)]


def main() -> int:
    """Regenerate the comparison sources, or time the tools on them."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement")
    parser.add_argument("--write", action="store_true", help="regenerate bench/compare/")
    args = parser.parse_args()
    if args.write:
        for path in write_sources():
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "lessongen", "build", str(UNIT), "-o", tmp, "-f", "docx"],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        for name, value, _, _ in rows(Path(tmp), args.runs):
            print(f"{name}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
