"""lessongen: printable history lesson material from YAML lesson specs and plain-text sources."""

__version__ = "0.1.0"
