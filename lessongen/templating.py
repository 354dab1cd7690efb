"""Jinja2 templates -> document model. Templates write a small XML vocabulary (see
docs/templates.md); teacher text is escaped into it, so it is always content, never markup.
"""

from __future__ import annotations

import functools
import re
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lessongen import model as m
from lessongen.errors import LessongenError, Location, Problem

_PACKAGE = Path(__file__).resolve().parent


def default_template_dir() -> Path:
    """Return the bundled templates: inside the package in a wheel, beside it in a checkout."""
    inside = _PACKAGE / "templates"
    return inside if inside.is_dir() else _PACKAGE.parent / "templates"


@functools.cache
def environment(folders: tuple[Path, ...]) -> Any:
    """Return a sandboxed environment searching folders in order (unit templates first)."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(f) for f in folders]),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def template_folders(unit_path: Path) -> tuple[Path, ...]:
    """Return the template search path for a unit: its own templates/, then the defaults."""
    own = unit_path / "templates"
    return ((own,) if own.is_dir() else ()) + (default_template_dir(),)


def render_template(folders: tuple[Path, ...], name: str, context: Mapping[str, Any]) -> str:
    """Render a template to markup, turning template mistakes into located errors."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    env = environment(folders)
    try:
        return str(env.get_template(name).render(**context))
    except TemplateSyntaxError as exc:
        path = Path(exc.filename or name)
        raise LessongenError(
            [Problem(Location(path, exc.lineno or 0), f"template syntax error: {exc.message}")]
        ) from None
    except TemplateNotFound as exc:
        raise LessongenError(
            [Problem(Location(Path(name)), f"template not found: {exc.name}")]
        ) from None
    except TemplateError as exc:
        path, line = _template_frame(exc, name, folders)
        raise LessongenError(
            [Problem(Location(path, line), f"template error: {exc.message or exc}")]
        ) from None


def _template_frame(exc: BaseException, name: str, folders: tuple[Path, ...]) -> tuple[Path, int]:
    """Find the innermost template file and line in a Jinja2 traceback."""
    roots = [str(f) for f in folders]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if any(frame.filename.startswith(r) for r in roots):
            return Path(frame.filename), frame.lineno or 0
    return Path(name), 0


# --- markup -> model ----------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
BLOCK_STYLES = ("title", "subtitle", "h1", "h2", "p", "small", "bullet", "quote")


def template_path(folders: tuple[Path, ...], name: str) -> Path:
    """Return the file a template name resolves to: the unit's copy or the default."""
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    return Path(name)


def parse_markup(markup: str, template: str) -> tuple[str, tuple[m.Block, ...]]:
    """Parse a rendered template into (document title, blocks)."""
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as exc:
        line = exc.position[0]
        shown = markup.splitlines()[line - 1].strip() if line else ""
        raise LessongenError(
            [
                Problem(
                    Location(Path(template)),
                    f"template produced broken markup at output "
                    f"line {line} ({exc.msg}): {shown[:80]}",
                )
            ]
        ) from None
    if root.tag != "document":
        _bad(template, f"the outermost element must be <document>, not <{root.tag}>")
    return root.get("title", ""), _blocks(root, template)


def _bad(template: str, message: str) -> None:
    raise LessongenError([Problem(Location(Path(template)), message)])


def _blocks(parent: ET.Element, template: str) -> tuple[m.Block, ...]:
    out: list[m.Block] = []
    for el in parent:
        block = _block(el, template)
        if block is not None:
            out.append(block)
    return tuple(out)


def _block(el: ET.Element, template: str) -> m.Block | None:
    tag = el.tag
    if tag in BLOCK_STYLES:
        runs = _inline(el)
        return m.Para(runs, "body" if tag == "p" else tag) if runs else None
    if tag == "question":
        return m.Question(el.get("number", ""), _inline(el), el.get("marks", ""))
    if tag == "lines":
        count = _int(el.get("n", "0"), template, "<lines n=...>")
        return m.AnswerLines(count) if count > 0 else None
    if tag == "choices":
        return m.Choices(tuple((c.get("label", ""), _inline(c)) for c in el if c.tag == "choice"))
    if tag == "table":
        rows = tuple(
            tuple(m.Cell(_cell(c)) for c in row if c.tag == "cell")
            for row in el
            if row.tag == "row"
        )
        if not rows:
            return None
        widths = tuple(
            _number(w, template, "<table widths=...>")
            for w in el.get("widths", "").split(",")
            if w.strip()
        ) or tuple(1.0 for _ in rows[0])
        return m.Table(
            rows,
            widths,
            el.get("header", "yes") == "yes",
            _number(el.get("row-height", "0") or "0", template, "<table row-height=...>"),
        )
    if tag == "extract":
        return m.Extract(
            tuple(
                m.ExtractLine(
                    ln.get("label", ""),
                    ln.text or "",
                    ln.get("gap") == "yes",
                    ln.get("heading") == "yes",
                )
                for ln in el
                if ln.tag == "line"
            )
        )
    if tag == "fields":
        return m.Fields(tuple(_text(f) for f in el if f.tag == "field"))
    if tag == "box":
        return m.Box(_blocks(el, template))
    if tag == "keep":
        return m.Keep(_blocks(el, template))
    if tag == "pagebreak":
        return m.PageBreak()
    if tag == "space":
        return m.Space(_number(el.get("h", "6"), template, "<space h=...>"))
    _bad(template, f"unknown element <{tag}>; templates may use: {', '.join(sorted(KNOWN))}")
    return None


KNOWN = set(BLOCK_STYLES) | {
    "question",
    "lines",
    "choices",
    "choice",
    "table",
    "row",
    "cell",
    "extract",
    "line",
    "fields",
    "field",
    "box",
    "keep",
    "pagebreak",
    "space",
    "b",
    "i",
}


def _number(value: str, template: str, what: str) -> float:
    """Read a size given in a template, in points."""
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number < 10_000:
        _bad(template, f"{what} must be a number of points, such as 6, not '{value}'")
    return number


def _int(value: str, template: str, what: str) -> int:
    try:
        return int(value)
    except ValueError:
        _bad(template, f"{what} must be a whole number, not '{value}'")
        return 0


def _text(el: ET.Element) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()


def _cell(el: ET.Element) -> tuple[m.Inline, ...]:
    paras = [c for c in el if c.tag in BLOCK_STYLES]
    if not paras:
        return (_inline(el),)
    return tuple(_inline(p) for p in paras)


def _inline(el: ET.Element, bold: bool = False, italic: bool = False) -> m.Inline:
    """Collect runs from mixed content, folding white space as HTML does."""
    runs: list[m.Run] = []

    def walk(node: ET.Element, b: bool, i: bool) -> None:
        if node.text:
            runs.append(m.Run(node.text, b, i))
        for child in node:
            walk(child, b or child.tag == "b", i or child.tag == "i")
            if child.tail:
                runs.append(m.Run(child.tail, b, i))

    walk(el, bold, italic)
    folded: list[m.Run] = []
    for run in runs:
        text = _SPACE.sub(" ", run.text)
        if folded and folded[-1].bold == run.bold and folded[-1].italic == run.italic:
            folded[-1] = m.Run(folded[-1].text + text, run.bold, run.italic)
        elif text:
            folded.append(m.Run(text, run.bold, run.italic))
    if folded:
        folded[0] = m.Run(folded[0].text.lstrip(), folded[0].bold, folded[0].italic)
        folded[-1] = m.Run(folded[-1].text.rstrip(), folded[-1].bold, folded[-1].italic)
    return tuple(r for r in folded if r.text)
