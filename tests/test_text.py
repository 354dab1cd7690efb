"""Characters: which are dropped as invisible or refused as unprintable, and which face draws
each."""

from __future__ import annotations

import sys
import unicodedata

from lessongen import fonts
from lessongen.text import describe, strip_invisible, unprintable, unprintable_message


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


def test_readable_prints_what_arimo_has() -> None:
    """Atkinson Hyperlegible lacks Cyrillic and most Greek: Arimo draws them, so they print."""
    assert unprintable("kulak (кулак), δῆμος, Ω, Zürich — “quoted”", "readable") == []
    assert unprintable("kulak (кулак) 拳 ✊", "readable") == ["拳", "✊"]
    assert unprintable("Ϣ", "serif") == []  # Coptic: not in Noto Serif, but in Arimo
    assert unprintable_message(["✊"], "readable") == (
        "cannot be printed: '✊' (U+270A RAISED FIST) is in neither the font Atkinson "
        "Hyperlegible nor its fallback Arimo and would print as an empty box; replace or "
        "remove it"
    )


def test_segments_draw_each_character_in_the_first_face_that_has_it() -> None:
    """Cyrillic in a readable run is drawn in Arimo of the same weight; Latin stays Atkinson."""
    assert fonts.segments("kulak (кулак)", "readable", "bold") == [
        ("readable", "bold", "kulak ("),
        ("sans", "bold", "кулак"),
        ("readable", "bold", ")"),
    ]
    assert fonts.segments("Stalin", "readable") == [("readable", "regular", "Stalin")]
    assert fonts.segments("", "readable") == []
    # A family without italics sets italic upright, and so does its fallback.
    assert fonts.segments("кулак", "readable", "bolditalic") == [("sans", "bold", "кулак")]
    assert fonts.segments("κράτος", "serif", "italic") == [("serif", "italic", "κράτος")]
    assert fonts.segments("Ϣ", "serif", "italic") == [("sans", "italic", "Ϣ")]
    # sans has no fallback: what it lacks stays in it (check refuses it before printing).
    assert fonts.segments("a ☃", "sans") == [("sans", "regular", "a ☃")]


def test_greek_word_is_set_in_one_face() -> None:
    """Atkinson's stray Greek letters (Δ Ω μ π) are left to Arimo, which has the alphabet."""
    assert fonts.segments("δῆμος Ω", "readable") == [
        ("sans", "regular", "δῆμος"),
        ("readable", "regular", " "),
        ("sans", "regular", "Ω"),
    ]
    assert "μ" not in fonts.coverage("readable") and "µ" in fonts.coverage("readable")


def test_combining_mark_stays_with_its_letter() -> None:
    """A decomposed й is drawn whole in Arimo, though Atkinson has the combining breve."""
    assert "\u0306" in fonts.coverage("readable")
    assert fonts.segments("и\u0306 e\u0301", "readable") == [
        ("sans", "regular", "и\u0306"),
        ("readable", "regular", " e\u0301"),
    ]
    # Measurement gives a mark the primary's width: true only because no mark has an advance.
    for face in fonts.FACES:
        primary = fonts.metrics("readable", face)
        arimo = fonts.metrics("sans", fonts.fallback_face("readable", face))
        for ch in fonts.coverage("readable", face):
            if unicodedata.category(ch) in ("Mn", "Me") and ch in fonts.coverage("sans"):
                assert primary.widths[ord(ch)] == arimo.widths[ord(ch)] == 0


def test_fallback_letters_are_measured_in_the_fallback() -> None:
    """Extract lines are broken with Arimo's widths for Cyrillic in a readable unit."""
    readable, arimo = fonts.metrics("readable"), fonts.metrics("sans")
    assert abs(readable.width("Голодомор", 11) - arimo.width("Голодомор", 11)) < 1e-9
    assert readable.width("Stalin", 11) != arimo.width("Stalin", 11)
    # A character no face has still counts as an em (it is refused before printing).
    assert readable.width("拳", 11) == 11


def test_fallback_fonts_are_build_inputs() -> None:
    """A unit's font digest covers its fallback, so a new Arimo rebuilds readable units."""
    assert fonts.chain("readable") == ("readable", "sans")
    assert fonts.chain("sans") == ("sans",)
    assert fonts.family_digest("readable") != fonts.family_digest("sans")
