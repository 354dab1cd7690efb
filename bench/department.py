"""Make a synthetic department: N lessons as copies of the bundled unit under other unit names.

Run: python bench/department.py N FOLDER   (then: lessongen check FOLDER)

Each unit is a copy of lessons/stalin-trotsky (its sources and its three lessons) named
unit-001, unit-002, ...; the last unit keeps only as many lessons as are needed for N, and its
unit.yaml lists just those.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "lessons" / "stalin-trotsky"


def lesson_names() -> list[str]:
    """Return the bundled unit's lesson names in teaching order."""
    return sorted(p.stem for p in UNIT.glob("*.yaml") if p.name != "unit.yaml")


def make_department(lessons: int, folder: Path) -> list[Path]:
    """Write ceil(lessons / 3) units holding `lessons` lessons into folder; return the units."""
    names = lesson_names()
    unit_yaml = (UNIT / "unit.yaml").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    units: list[Path] = []
    left = lessons
    while left > 0:
        take = names[: min(left, len(names))]
        unit = folder / f"unit-{len(units) + 1:03d}"
        shutil.copytree(UNIT / "sources", unit / "sources")
        for name in take:
            shutil.copyfile(UNIT / f"{name}.yaml", unit / f"{name}.yaml")
        text = re.sub(
            r"^lessons:.*$", f"lessons: [{', '.join(take)}]", unit_yaml, count=1, flags=re.M
        )
        text = re.sub(
            r"^title: (.*)$", rf"title: \1 (copy {len(units) + 1})", text, count=1, flags=re.M
        )
        (unit / "unit.yaml").write_text(text, encoding="utf-8")
        units.append(unit)
        left -= len(take)
    return units


def main(argv: list[str]) -> int:
    """Make the department named on the command line."""
    if len(argv) != 2 or not argv[0].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    units = make_department(int(argv[0]), Path(argv[1]))
    print(f"{len(units)} units, {argv[0]} lessons in {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
