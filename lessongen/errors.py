"""Errors a teacher can act on: every problem carries the file, line and field it is about."""

from __future__ import annotations

import contextlib
import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file, a 1-based line (0 when unknown) and a dotted field path."""

    path: Path
    line: int = 0
    field: str = ""

    def child(self, field: str, line: int | None = None) -> Location:
        """Return the location of a field below this one."""
        if field.startswith("["):
            name = f"{self.field}{field}"
        else:
            name = f"{self.field}.{field}" if self.field else field
        return Location(self.path, self.line if line is None else line, name)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, worded as `path:line: field: message`."""

    location: Location
    message: str

    def format(self, root: Path | None = None) -> str:
        """Render the problem as one line, with the path relative to root when possible."""
        path = self.location.path
        if root is not None:
            # abspath, not resolve: a linked file is named where the teacher put it.
            with contextlib.suppress(ValueError):
                path = Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
        where = f"{path}:{self.location.line}" if self.location.line else f"{path}"
        field = f" {self.location.field}:" if self.location.field else ""
        return f"{where}:{field} {self.message}"


class LessongenError(Exception):
    """A problem with the user's input; carries every problem found, never a traceback."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


class Problems:
    """Collects problems so that a lesson reports all of them at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, location: Location, message: str) -> None:
        """Record one problem."""
        self.items.append(Problem(location, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record several problems."""
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        """Raise LessongenError when anything was recorded."""
        if self.items:
            raise LessongenError(self.items)


def suggest(word: str, choices: Iterable[str]) -> str:
    """Return ' (did you mean X?)' for the closest choice, or '' when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def shown(path: Path) -> str:
    """Word a path for a message: relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def plural(n: int, noun: str) -> str:
    """Say '1 lesson' or '3 lessons'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def one_of(choices: Iterable[str]) -> str:
    """Word a list of valid values for a message."""
    return ", ".join(sorted(choices))


def clip(text: str, limit: int) -> str:
    """Shorten text for a message, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
