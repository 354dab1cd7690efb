"""Render one worksheet as DOCX N times in one process, to see whether memory stays flat.

Run: python bench/peak.py -- python bench/leak.py N

python-docx leaves reference cycles behind for every document it opens; lessongen's DOCX writer
opens one per page style and builds documents from copies of XML fragments, which leave none, so
the peak should not grow with N.
"""

from __future__ import annotations

import sys

import floor


def main(argv: list[str]) -> int:
    """Render the worksheet N times."""
    if not argv or not argv[0].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    from lessongen.render.docx import render_docx

    doc = floor.worksheet_document()
    for _ in range(int(argv[0])):
        render_docx(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
