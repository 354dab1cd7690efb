"""Allow `python -m lessongen`."""

from lessongen.cli import main

main()
