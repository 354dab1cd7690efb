"""YAML text -> a tree of located nodes: every value knows its file, line and field path.

ruamel.yaml keeps node positions and rejects duplicate keys; tags are refused here, so a
spec can never ask the loader to build an object.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessongen.errors import LessongenError, Location, Problem

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

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark is not None else 0
        reason = (
            " ".join(s.strip() for s in (exc.context, exc.problem) if s and s.strip())
            or "not valid YAML"
        )
        if "duplicate key" in reason:
            reason = f"{reason}; each field may appear only once"
        raise LessongenError(
            [Problem(Location(path, line), f"YAML syntax error: {reason}")]
        ) from None
    except YAMLError as exc:
        raise LessongenError(
            [Problem(Location(path, line_offset + 1), f"YAML syntax error: {exc}")]
        ) from None
    return _convert(data, Location(path, line_offset + 1), line_offset)


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
            name = str(key)
            child_line = key_line
            if isinstance(item, CommentedMap | CommentedSeq) and item.lc.line is not None:
                child_line = max(key_line, item.lc.line + 1 + offset)
            out[name] = _convert(item, loc.child(name, child_line), offset)
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
        return Node(str(value), loc)
    if value is None or isinstance(value, bool | int | float):
        return Node(value, loc)
    return Node(str(value), loc)
