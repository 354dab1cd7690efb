"""Source files -> paragraphs, quote lookup, extracts and the printed lines of an extract.

Quote lookup ignores only differences of quote style, dash style and white space. Line
breaking for print happens here, once, so the PDF and the DOCX number the same lines.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lessongen.errors import LessongenError, Location, Problem
from lessongen.text import strip_invisible, unprintable, unprintable_message
from lessongen.yamlfile import Node, parse_yaml

MAX_SOURCE_BYTES = 20_000_000  # a mistaken input (a whole book, a binary) stops here
MAX_REPORTED = 10  # lines of one kind of problem listed before "and N more"
CLOSEST_CANDIDATES = 2000  # places scored when suggesting the closest passage
PROVENANCE_FIELDS = ("title", "author", "publisher", "published", "url", "kind", "note")

_QUOTES = "'\"‘’‚‛“”„‟′″«»‹›`´"
_DASHES = "-‐‑‒–—―−"
_WHITE = [c for c in range(0x3001) if chr(c).isspace()]
_FOLD = {ord(c): '"' for c in _QUOTES} | {ord(c): "-" for c in _DASHES} | {c: " " for c in _WHITE}
_RUNS = re.compile(r" {2,}")


class Origin:
    """Maps a position in folded text back to the original text, without a list per char."""

    def __init__(self, starts: list[int], removed: list[int]) -> None:
        self._starts = starts  # folded positions where more original chars were dropped
        self._removed = removed  # how many were dropped before each of those positions

    def __getitem__(self, index: int) -> int:
        k = bisect.bisect_right(self._starts, index) - 1
        return index + (self._removed[k] if k >= 0 else 0)


def normalize(text: str) -> tuple[str, Origin]:
    """Fold quote and dash styles and white space; return the text and each char's origin.

    Every white-space character becomes a space by str.translate; only runs of two or more
    move later characters, so the origin map records just those. A source of megabytes folds
    in a fraction of a second.
    """
    folded = text.translate(_FOLD)
    lead = len(folded) - len(folded.lstrip(" "))
    body = folded.strip(" ")
    starts: list[int] = [0] if lead else []
    removed: list[int] = [lead] if lead else []
    dropped = lead
    out: list[str] = []
    at = 0
    length = 0
    for m in _RUNS.finditer(body):
        out.append(body[at : m.start()])
        length += m.start() - at + 1
        out.append(" ")
        dropped += m.end() - m.start() - 1
        starts.append(length)
        removed.append(dropped)
        at = m.end()
    out.append(body[at:])
    return "".join(out), Origin(starts, removed)


def word_spans(folded: str, phrase: str) -> list[tuple[int, int]]:
    """Return where phrase stands in folded text as whole words ('war' is not in 'towards')."""
    needle = normalize(phrase)[0]
    if not needle:
        return []
    pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(folded)]


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph of a source, with its place in the source's flat text."""

    kind: str  # "heading" or "paragraph"
    text: str
    start: int
    number: int  # paragraph number, headings not counted; 0 for headings
    line: int  # line in the file

    @property
    def end(self) -> int:
        """Return the offset just past the block's text."""
        return self.start + len(self.text)


@dataclass(frozen=True)
class Source:
    """A source text: provenance, blocks, and the flat text quotes are looked up in."""

    id: str
    path: Path
    meta: dict[str, str]
    blocks: tuple[Block, ...]
    text: str = field(repr=False)

    @functools.cached_property
    def _normalized(self) -> tuple[str, Origin]:
        return normalize(self.text)

    def find(self, quote: str) -> list[tuple[int, int]]:
        """Return every (start, end) span of the source that matches quote."""
        needle, _ = normalize(quote)
        if not needle:
            return []
        hay, origin = self._normalized
        spans = []
        at = hay.find(needle)
        while at >= 0:
            spans.append((origin[at], origin[at + len(needle) - 1] + 1))
            at = hay.find(needle, at + 1)
        return spans

    def closest(self, quote: str) -> str:
        """Return the passage of the source that most resembles quote, or '' if none is near.

        Only windows around places where one of the quote's longer words occurs are scored,
        so this stays quick on a source of megabytes.
        """
        target = normalize(quote)[0].lower()
        if not target:
            return ""
        hay = self._lowered
        starts: set[int] = set()
        words = sorted(set(re.findall(r"\w+", target)), key=len, reverse=True)[:4]
        for word in words:
            offset = target.find(word)
            for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", hay):
                starts.add(max(0, m.start() - offset))
                if len(starts) >= CLOSEST_CANDIDATES:
                    break
        best, best_score = (0, 0), 0.0
        for start in starts:
            a = hay.rfind(" ", 0, start + 1) + 1
            end = hay.find(" ", min(len(hay), a + len(target) - 1))
            b = len(hay) if end < 0 else end
            score = difflib.SequenceMatcher(None, hay[a:b], target).ratio()
            if score > best_score:
                best, best_score = (a, b), score
        if best_score < 0.5:
            return ""
        origin = self._normalized[1]
        a, b = best
        return " ".join(self.text[origin[a] : origin[b - 1] + 1].split())

    @functools.cached_property
    def _lowered(self) -> str:
        return self._normalized[0].lower()

    def paragraph_at(self, offset: int) -> int:
        """Return the number of the paragraph holding offset (headings not counted)."""
        number = 0
        for block in self.blocks:
            if block.start > offset:
                break
            if block.kind == "paragraph":
                number = block.number
        return max(number, 1)

    @property
    def title(self) -> str:
        """Return the source's title, or its id when it has none."""
        return self.meta.get("title", self.id)

    def provenance(self) -> str:
        """Word the source's provenance as one line for print."""
        meta = self.meta
        parts = [f"“{meta['title']}”" if "title" in meta else self.id]
        if "author" in meta:
            parts.append(f"by {meta['author']}")
        pub = ", ".join(meta[k] for k in ("publisher", "published") if k in meta)
        line = " ".join(parts) + (f", {pub}" if pub else "") + "."
        if "kind" in meta:
            line += f" {meta['kind'][0].upper()}{meta['kind'][1:]}."
        return line


def load_source(path: Path, source_id: str, family: str = "sans") -> Source:
    """Read a source file: optional YAML front matter, then paragraphs and `# ` headings."""
    loc = Location(path)
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise LessongenError(
                [
                    Problem(
                        loc,
                        f"source is {size / 1e6:.1f} MB; lessongen reads sources of up to "
                        f"{MAX_SOURCE_BYTES // 1_000_000} MB: keep only the part you teach from",
                    )
                ]
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise LessongenError([Problem(loc, f"cannot read source: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LessongenError(
            [
                Problem(
                    Location(path, line),
                    "source is not UTF-8 text; save it as UTF-8 (in most editors: "
                    "Save As, Encoding: UTF-8)",
                )
            ]
        ) from None
    text = strip_invisible(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    _check_printable(path, lines, family)
    meta: dict[str, str] = {}
    body_start = 0
    if lines and lines[0].strip() == "---":
        try:
            close = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        except StopIteration:
            raise LessongenError(
                [
                    Problem(
                        Location(path, 1),
                        "front matter starts with '---' but never ends; "
                        "add a line '---' after the last provenance field",
                    )
                ]
            ) from None
        meta = _front_matter(parse_yaml("\n".join(lines[1:close]), path, line_offset=1))
        body_start = close + 1
    blocks = _blocks(lines, body_start)
    if not any(b.kind == "paragraph" for b in blocks):
        raise LessongenError(
            [
                Problem(
                    Location(path, body_start + 1),
                    "source has no text; paste the article "
                    "below the front matter, paragraphs separated by blank lines",
                )
            ]
        )
    flat = "\n\n".join(b.text for b in blocks)
    placed: list[Block] = []
    at = 0
    for b in blocks:
        placed.append(Block(b.kind, b.text, at, b.number, b.line))
        at += len(b.text) + 2
    return Source(source_id, path, meta, tuple(placed), flat)


def _check_printable(path: Path, lines: list[str], family: str) -> None:
    """Refuse characters the font cannot print, naming the lines they are on."""
    problems = []
    for number, line in enumerate(lines, start=1):
        bad = unprintable(line, family)
        if bad:
            problems.append(Problem(Location(path, number), unprintable_message(bad, family)))
    if len(problems) > MAX_REPORTED:
        extra = len(problems) - MAX_REPORTED
        problems = problems[:MAX_REPORTED]
        problems.append(Problem(Location(path), f"and {extra} more lines like these"))
    if problems:
        raise LessongenError(problems)


def _front_matter(node: Node) -> dict[str, str]:
    if node.value is None:
        return {}
    if not isinstance(node.value, dict):
        raise LessongenError([Problem(node.loc, "front matter must be 'field: value' lines")])
    from lessongen.errors import suggest

    meta: dict[str, str] = {}
    problems = []
    for key, child in node.value.items():
        if key not in PROVENANCE_FIELDS:
            problems.append(
                Problem(
                    child.loc,
                    f"unknown provenance field{suggest(key, PROVENANCE_FIELDS)}; "
                    f"use one of: {', '.join(PROVENANCE_FIELDS)}",
                )
            )
        elif isinstance(child.value, dict | list):
            problems.append(Problem(child.loc, "must be text"))
        elif child.value is not None:
            meta[key] = str(child.value).strip()
    if problems:
        raise LessongenError(problems)
    return meta


def _blocks(lines: list[str], start: int) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []
    para_line = 0
    number = 0

    def flush() -> None:
        nonlocal number, para
        if para:
            number += 1
            blocks.append(Block("paragraph", " ".join(para), 0, number, para_line))
            para = []

    for i in range(start, len(lines)):
        line = lines[i].strip()
        if not line:
            flush()
        elif lines[i].startswith("# "):
            flush()
            blocks.append(Block("heading", line[2:].strip(), 0, 0, i + 1))
        else:
            if not para:
                para_line = i + 1
            para.append(line)
    flush()
    return blocks


# --- printed lines -----------------------------------------------------------------


@dataclass(frozen=True)
class PrintedLine:
    """One line of an extract as printed: its number (None for headings), text and span."""

    number: int | None
    text: str
    start: int
    end: int
    gap_before: bool = False  # first line of a new paragraph
    heading: bool = False


def break_lines(text: str, fits: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Break text at spaces into (start, end) lines that fit; never hyphenate."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    lines: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        start, end = words[i]
        if not fits(text[start:end]):
            # A word wider than the column is cut where it must be.
            cut = start + 1
            while cut < end and fits(text[start : cut + 1]):
                cut += 1
            lines.append((start, cut))
            words[i] = (cut, end)
            continue
        j = i + 1
        while j < len(words) and fits(text[start : words[j][1]]):
            end = words[j][1]
            j += 1
        lines.append((start, end))
        i = j
    return lines


def print_span(
    source: Source, start: int, end: int, fits: Callable[[str], bool]
) -> tuple[PrintedLine, ...]:
    """Lay out source text [start, end) as numbered printed lines."""
    out: list[PrintedLine] = []
    number = 0
    for block in source.blocks:
        lo, hi = max(start, block.start), min(end, block.end)
        if lo >= hi:
            continue
        gap = bool(out)
        if block.kind == "heading":
            out.append(PrintedLine(None, source.text[lo:hi], lo, hi, gap, heading=True))
            continue
        for k, (a, b) in enumerate(break_lines(source.text[lo:hi], fits)):
            number += 1
            out.append(
                PrintedLine(number, source.text[lo + a : lo + b], lo + a, lo + b, gap and k == 0)
            )
    return tuple(out)


def cite_lines(lines: tuple[PrintedLine, ...], start: int, end: int) -> tuple[int, int] | None:
    """Return the first and last printed line numbers that hold source text [start, end)."""
    hit = [ln.number for ln in lines if ln.number and ln.start < end and start < ln.end]
    return (hit[0], hit[-1]) if hit else None
