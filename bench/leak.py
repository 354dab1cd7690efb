"""Render one worksheet as DOCX N times in one process, to see python-docx's cycles pile up.

Run: python bench/peak.py -- python bench/leak.py N [--no-collect]

--no-collect turns off lessongen's periodic gc.collect() (render.docx.GC_EVERY), so only
Python's own thresholds free the reference cycles python-docx leaves behind.
"""

from __future__ import annotations

import sys

import floor


def main(argv: list[str]) -> int:
    """Render the worksheet N times."""
    if not argv or not argv[0].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    from lessongen.render import docx

    if "--no-collect" in argv:
        docx.GC_EVERY = 10**9  # type: ignore[attr-defined]
    doc = floor.worksheet_document()
    for _ in range(int(argv[0])):
        docx.render_docx(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
