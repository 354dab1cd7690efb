"""Characters: which are dropped as invisible, which are refused as unprintable."""

from __future__ import annotations

import sys
import unicodedata

from lessongen.text import describe, strip_invisible, unprintable


def test_every_format_character_is_dropped() -> None:
    """The invisible-character list covers Unicode's whole Cf category, and nothing else."""
    format_chars = "".join(
        chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"
    )
    assert strip_invisible(format_chars + "a") == "a"
    assert strip_invisible("Stalin’s “post” — кулак\u00a0Ω") == "Stalin’s “post” — кулак\u00a0Ω"


def test_unprintable_in_order_of_first_use() -> None:
    """Unprintable characters are listed once each, in the order they first appear."""
    assert unprintable("a ☃ b ☂ c ☃", "sans") == ["☃", "☂"]
    assert unprintable("Trotsky’s “permanent revolution” — кулак, Ω", "sans") == []
    assert unprintable("bell\x07", "sans") == ["\x07"]
    assert unprintable("שלום", "sans") == ["ש", "ל", "ו", "ם"]


def test_describe_names_characters() -> None:
    """A character is named by its code point and Unicode name."""
    assert describe("☃") == "'☃' (U+2603 SNOWMAN)"
    assert describe("\x0b") == "U+000B (an invisible control character)"
