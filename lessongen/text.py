"""Characters: invisible formatting marks dropped, and what the font cannot print described."""

from __future__ import annotations

import re
import unicodedata

from lessongen import fonts

_KEEP = {"\n", "\t"}
# Unicode's format characters (category Cf), as ranges; tests/test_text.py checks the list.
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)
_RTL_SCRIPTS = ("HEBREW", "ARABIC", "SYRIAC", "THAANA", "NKO", "SAMARITAN", "MANDAIC")


def strip_invisible(text: str) -> str:
    """Drop invisible formatting characters (soft hyphens, zero-width spaces, BOMs).

    Text copied from web pages is full of them; they print as nothing or as a box, and they
    would stop a quote typed by hand from matching.
    """
    if text.isascii() or not _INVISIBLE.search(text):
        return text
    return _INVISIBLE.sub("", text)


def describe(ch: str) -> str:
    """Name a character for a message: 'x' (U+2603 SNOWMAN)."""
    if unicodedata.category(ch) == "Cc":
        return f"U+{ord(ch):04X} (an invisible control character)"
    name = unicodedata.name(ch, "")
    return f"'{ch}' (U+{ord(ch):04X}{' ' + name if name else ''})"


def unprintable(text: str, family: str) -> list[str]:
    """Return, in order of first use, the characters of text no face of the family can print.

    A character the family lacks but its fallback has (Cyrillic in Atkinson Hyperlegible,
    drawn in Arimo) is printable.
    """
    if text.isascii() and text.isprintable():
        return []
    widths = fonts.metrics(family).widths
    # Look at each distinct character once: a source may be megabytes long.
    bad = [
        ch
        for ch in set(text) - _KEEP
        if unicodedata.category(ch) == "Cc" or _rtl(ch) or ord(ch) not in widths
    ]
    return sorted(bad, key=text.index)


def _rtl(ch: str) -> bool:
    """Return whether a character belongs to right-to-left text (Hebrew, Arabic)."""
    if unicodedata.bidirectional(ch) in ("R", "AL", "RLE", "RLO", "RLI"):
        return True
    # Marks of those scripts are direction-neutral but belong to right-to-left words.
    return unicodedata.name(ch, "").startswith(_RTL_SCRIPTS)


def unprintable_message(chars: list[str], family: str) -> str:
    """Word a message about characters that would print as empty boxes."""
    listed = ", ".join(describe(ch) for ch in chars[:5])
    more = f" and {len(chars) - 5} more" if len(chars) > 5 else ""
    verb = "is" if len(chars) == 1 else "are"
    if any(_rtl(ch) for ch in chars):
        return (
            f"cannot be printed: {listed}{more} {verb} right-to-left text (or "
            f"{_not_in(family)}), which lessongen cannot yet print in the right order; "
            "transliterate it or leave it out"
        )
    return (
        f"cannot be printed: {listed}{more} {verb} {_not_in(family)} and would print as an "
        f"empty box; replace or remove {'it' if len(chars) == 1 else 'them'}"
    )


def _not_in(family: str) -> str:
    """Say which fonts lack a character: 'not in the font Arimo', or every font tried."""
    names = [fonts.FAMILIES[key].name for key in fonts.chain(family)]
    if len(names) == 1:
        return f"not in the font {names[0]}"
    # Name the fallback too: it was tried, so the character is missing from every font.
    if len(names) == 2:
        return f"in neither the font {names[0]} nor its fallback {names[1]}"
    return f"in none of the fonts {', '.join(names[:-1])} or {names[-1]}"
