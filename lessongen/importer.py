"""Text copied from a web page -> a source file: page furniture out, paragraphs joined,
headings found, provenance filled in. Every line taken out is reported, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lessongen.errors import LessongenError, Location, Problem
from lessongen.text import strip_invisible

# Whole lines that are page furniture, not article text (case and spacing ignored).
FURNITURE = [
    r"skip (over|to) (navigation|content|main content)",
    r"(back to )?top of page",
    r"bottom of page",
    r"back to top",
    r"jump to (content|navigation)",
    r"(previous|prev|next|previous next|next previous|« previous|next »)",
    r"(more help|help|follow us|share|share this( (article|page|story))?|tweet|print|email)",
    r"(menu|main menu|home|search|log ?in|sign ?in|sign ?up|register|subscribe|donate)",
    r"(related (articles|posts|stories)|read more|advertisement|comments?|leave a comment)",
    r"(share on|follow us on|find us on) .{0,40}",
    r"(facebook|twitter|x|instagram|youtube|pinterest|linkedin|whatsapp)",
    r".{0,80}\bcookies?\b.{0,120}",
    r"(©|\(c\)|copyright) .{0,120}",
    r".{0,80}all rights reserved\.?",
    r"(privacy policy|terms( of (use|service))?|contact us|about us|site ?map)([ |·•-]+.*)?",
    r"page \d+( of \d+)?",
    r"([^|·•]{1,25}\s*[|·•]\s*){2,}[^|·•]{1,25}",  # a menu: Home | About | Contact
    r"\d+ (min|minute)s? read",
]
_FURNITURE = re.compile(r"^\s*(?:" + "|".join(FURNITURE) + r")\s*$", re.IGNORECASE)
_BYLINE = re.compile(
    r"^(?i:by\s+)?(?P<name>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3})(?P<rest>,\s*.{1,30})?$"
)
_SENTENCE_END = re.compile(r"[.!?:;…”\"’']$")


@dataclass
class Imported:
    """A cleaned source: its provenance, body blocks, and what was taken out and why."""

    meta: dict[str, str] = field(default_factory=dict)
    blocks: list[str] = field(default_factory=list)
    removed: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, why)
    found: list[tuple[str, int, str]] = field(default_factory=list)  # (field, line, text)

    def text(self) -> str:
        """Return the source file: front matter, then the blocks separated by blank lines."""
        lines = ["---"]
        for key in ("title", "author", "publisher", "published", "url", "kind", "note"):
            if key in self.meta:
                lines.append(f"{key}: {_yaml_text(self.meta[key])}")
        lines.append("---")
        return "\n".join(lines) + "\n\n" + "\n\n".join(self.blocks) + "\n"


def _yaml_text(value: str) -> str:
    """Quote a front-matter value so YAML reads it back as the same text."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _short(line: str) -> bool:
    """A title, heading, byline or menu item: short and not ending like a sentence."""
    return len(line) <= 90 and not _SENTENCE_END.search(line)


def import_text(raw: str, keep: Iterable[int] = (), meta: dict[str, str] | None = None) -> Imported:
    """Clean copied web text; lines whose numbers are in keep are never taken out."""
    keep = set(keep)
    result = Imported(meta=dict(meta or {}))
    lines = strip_invisible(raw.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    # Groups of consecutive non-blank lines, each with its first line number.
    groups: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        text = " ".join(line.split())
        if not text:
            continue
        if number in keep or not _FURNITURE.match(text):
            if groups and groups[-1][0] + len(groups[-1][1]) == number:
                groups[-1][1].append(text)
            else:
                groups.append((number, [text]))
        else:
            result.removed.append((number, text, "page furniture"))
    # Before the first paragraph: the title, a byline, and menu lines.
    first_body = next((i for i, (_, g) in enumerate(groups) if not all(map(_short, g))), 0)
    head = [(groups[i][0] + k, t) for i in range(first_body) for k, t in enumerate(groups[i][1])]
    if head:
        number, title = head[0]
        if "title" not in result.meta:
            result.meta["title"] = title
            result.found.append(("title", number, title))
        else:
            result.removed.append((number, title, "title line (--title given)"))
        for number, text in head[1:]:
            byline = _BYLINE.match(text)
            # A name alone could be a heading; a byline starts "By" or adds a class or date.
            named = byline and (text.lower().startswith("by ") or byline.group("rest"))
            if named and byline and "author" not in result.meta and number not in keep:
                result.meta["author"] = byline.group("name")
                result.found.append(("author", number, text))
                if byline.group("rest"):
                    note = f'byline "{text}"'
                    result.meta["note"] = result.meta.get("note", "") + note
            elif number in keep:
                result.blocks.append(text)
            else:
                result.removed.append((number, text, "navigation or menu line before the text"))
    starts = []
    for start, group in groups[first_body:]:
        joined = " ".join(group)
        result.blocks.append(f"# {joined}" if len(group) == 1 and _short(joined) else joined)
        starts.append(start)
    # A lone first line over a text with sections is also its first section's heading.
    if len(head) == 1 and any(b.startswith("# ") for b in result.blocks):
        result.blocks.insert(0, f"# {head[0][1]}")
        starts.insert(0, head[0][0])
    # A run of short lines after the last paragraph is a footer menu, not a heading.
    while len(starts) > 1 and result.blocks[-1].startswith("# ") and starts[-1] not in keep:
        result.removed.append((starts.pop(), result.blocks.pop()[2:], "short line after the text"))
    return result


def import_file(path: Path, keep: set[int], meta: dict[str, str]) -> Imported:
    """Read and clean a file of copied web text."""
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise LessongenError(
            [Problem(Location(path), f"cannot read file: {exc.strerror}")]
        ) from None
    except UnicodeDecodeError as exc:
        raise LessongenError(
            [Problem(Location(path), f"not UTF-8 text (byte {exc.start}); save it as UTF-8")]
        ) from None
    result = import_text(raw, keep, meta)
    if not result.blocks:
        raise LessongenError(
            [
                Problem(
                    Location(path),
                    "no article text found: every line "
                    "looked like page furniture; use --keep LINE to keep "
                    "lines",
                )
            ]
        )
    return result
