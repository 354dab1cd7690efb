"""YAML text -> a tree of located nodes: every value knows its file, line and field path.

ruamel.yaml keeps node positions and rejects duplicate keys; tags are refused here, so a
spec can never ask the loader to build an object.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessongen.errors import LessongenError, Location, Problem
from lessongen.text import strip_invisible

Value = dict[str, "Node"] | list["Node"] | str | int | float | bool | None


@dataclass(frozen=True)
class Node:
    """A YAML value with the place it came from."""

    value: Value
    loc: Location

    @property
    def kind(self) -> str:
        """Name the value's type the way a teacher would read it."""
        v = self.value
        if isinstance(v, dict):
            return "a mapping (key: value lines)"
        if isinstance(v, list):
            return "a list"
        if v is None:
            return "empty"
        if isinstance(v, bool):
            return "true/false"
        if isinstance(v, int | float):
            return "a number"
        return "text"


def parse_yaml(text: str, path: Path, line_offset: int = 0) -> Node:
    """Parse YAML text into located nodes, raising LessongenError on any syntax problem."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        line, reason = _explain(exc, text)
        raise LessongenError(
            [Problem(Location(path, line + line_offset), f"YAML syntax error: {reason}")]
        ) from None
    except ReaderError as exc:
        # A character YAML does not allow at all: almost always an invisible control
        # character pasted in with copied text.
        line = text.count("\n", 0, max(0, exc.position)) + 1 + line_offset
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1])
        raise LessongenError(
            [
                Problem(
                    Location(path, line),
                    f"the file contains an invisible control character (U+{code:04X}) on this "
                    "line; delete it (retype the line if you cannot see it)",
                )
            ]
        ) from None
    except YAMLError as exc:
        raise LessongenError(
            [Problem(Location(path, line_offset + 1), f"YAML syntax error: {exc}")]
        ) from None
    return _convert(data, Location(path, line_offset + 1), line_offset)


def _explain(exc: Any, text: str) -> tuple[int, str]:
    """Turn a ruamel.yaml error into (1-based line, advice a teacher can follow)."""
    problem = exc.problem or ""
    context = exc.context or ""
    at = exc.problem_mark or exc.context_mark
    line = at.line + 1 if at is not None else 1
    if "duplicate key" in problem:
        key = re.search(r'duplicate key "(.*?)"', problem)
        name = key.group(1) if key else "a field"
        first = _first_key_line(text, name, exc.problem_mark)
        where = f" (first on line {first})" if first else ""
        return line, f"'{name}' appears twice{where}; each field may appear only once"
    if "end of stream" in problem and "quoted scalar" in context and exc.context_mark:
        return exc.context_mark.line + 1, (
            "a quote mark opened on this line is never closed; add the closing quote"
        )
    if "mapping values are not allowed" in problem:
        return line, (
            "a colon and space where YAML did not expect one: put text that contains ': ' "
            'in quotes (title: "Reasons: why Stalin won"), and check that this line is not '
            "indented further than the lines above it"
        )
    if "found '<scalar>'" in problem:
        return line, (
            "more text after a quoted part; quote the whole text, "
            "e.g. q: '\"Too rude\": what did Lenin mean?'"
        )
    if "expected <block end>" in problem:
        return line, (
            "this line's indentation does not match the lines above; indent the fields of "
            "one item by the same number of spaces"
        )
    if "'\\t'" in problem:
        return line, "a tab character; indent with spaces, not tabs"
    if "flow sequence" in context:
        return (
            line,
            "a list in [ ] is not closed, or an item holds a colon; close it with ] or "
            "quote the item",
        )
    detail = " ".join(part.strip() for part in (context, problem) if part.strip())
    return line, f"not valid YAML ({detail})" if detail else "not valid YAML"


def _first_key_line(text: str, key: str, mark: Any) -> int | None:
    """Find the earlier line where a duplicated key was first given, at the same indent."""
    if mark is None:
        return None
    lines = text.splitlines()
    for number in range(mark.line - 1, -1, -1):
        line = lines[number]
        head = line[: mark.column]
        if head.strip() in ("", "-") and line[mark.column :].startswith(f"{key}:"):
            return number + 1
    return None


def _line(pos: Any, offset: int) -> int | None:
    return None if pos is None else int(pos[0]) + 1 + offset


def _tag(value: Any) -> str | None:
    tag = getattr(value, "tag", None)
    name = getattr(tag, "value", tag)
    return name if isinstance(name, str) and name else None


def _convert(value: Any, loc: Location, offset: int) -> Node:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar

    tag = _tag(value)
    if tag is not None:
        tag = tag.replace("tag:yaml.org,2002:", "!!")
    if isinstance(value, TaggedScalar) or tag is not None:
        raise LessongenError(
            [
                Problem(
                    loc,
                    f"YAML tag '{tag}' is not allowed: lesson files hold plain text, "
                    "numbers, lists and mappings; remove the tag",
                )
            ]
        )
    if isinstance(value, CommentedMap):
        out: dict[str, Node] = {}
        for key, item in value.items():
            key_line = _line(value.lc.key(key), offset) or loc.line
            if not isinstance(key, str | int) or isinstance(key, bool):
                raise LessongenError(
                    [Problem(Location(loc.path, key_line, loc.field), "field names must be text")]
                )
            name = strip_invisible(str(key))
            # A field is located at its key's line, where a teacher looks for it.
            out[name] = _convert(item, loc.child(name, key_line), offset)
        return Node(out, loc)
    if isinstance(value, CommentedSeq):
        items = []
        for i, item in enumerate(value):
            item_line = _line(value.lc.item(i), offset) or loc.line
            items.append(_convert(item, loc.child(f"[{i}]", item_line), offset))
        return Node(items, loc)
    if isinstance(value, datetime.datetime | datetime.date):
        return Node(value.isoformat(), loc)
    if isinstance(value, str):
        return Node(strip_invisible(str(value)), loc)
    if value is None or isinstance(value, bool | int | float):
        return Node(value, loc)
    return Node(str(value), loc)
