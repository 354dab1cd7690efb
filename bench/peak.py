"""Run a command; print its wall time and the peak memory of it and its children as JSON.

Run: python bench/peak.py -- COMMAND [ARG...]

The command's own output goes to this script's stderr, so stdout carries only the report:
{"wall_s": 1.23, "peak_mb": 64.0, "rc": 0}. Peak memory is the largest resident set of any
process in the command's tree (getrusage RUSAGE_CHILDREN), so measure each in a fresh wrapper.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def run(command: list[str]) -> dict[str, float | int]:
    """Run command to completion; return its wall time, peak RSS in MB and exit status."""
    start = time.perf_counter()
    rc = subprocess.run(command, stdout=sys.stderr, check=False).returncode
    wall = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    return {"wall_s": round(wall, 4), "peak_mb": round(peak_kb / 1024, 1), "rc": rc}


def main(argv: list[str]) -> int:
    """Parse `-- COMMAND...`, run it and print the report."""
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    report = run(argv)
    print(json.dumps(report))
    return int(report["rc"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
