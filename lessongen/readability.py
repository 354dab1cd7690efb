"""Reading level: Flesch–Kincaid grade from a rule-based syllable count (no downloads)."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’][A-Za-z]+)?")
# Abbreviations whose full stop does not end a sentence (history texts are full of them).
_ABBREVIATIONS = {
    "c",
    "ca",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "vs",
    "e.g",
    "i.e",
    "etc",
    "no",
    "vol",
    "pp",
    "p",
    "ed",
    "eds",
    "gen",
    "col",
    "capt",
    "lt",
    "sgt",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
}
_SENTENCE_END = re.compile(r"([.!?]+)[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def syllables(word: str) -> int:
    """Count a word's syllables by English spelling rules (good to about one in ten words)."""
    w = word.lower().strip("'’")
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|(?<=[^aeiouytd])ed|[^laeiouy]e)$", "", w)  # silent endings
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


def sentences(text: str) -> int:
    """Count sentences, not splitting after abbreviations such as 'c.' or 'St.'."""
    count = 1
    for m in _SENTENCE_END.finditer(text.strip()):
        before = text[: m.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if m.group(1) == "." and (last in _ABBREVIATIONS or len(last) == 1):
            continue
        count += 1
    return count


def grade(text: str) -> float:
    """Return the Flesch–Kincaid grade of text (US school grade; UK year is about one more)."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    per_sentence = len(words) / sentences(text)
    per_word = sum(syllables(w) for w in words) / len(words)
    return round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)


def level_grade(level: str | None) -> float | None:
    """Read a unit's level as a US grade: 'Year 10' -> 9, 'Grade 9' -> 9; else None."""
    if not level:
        return None
    m = re.search(r"\b(year|grade)\s*(\d{1,2})\b", level, re.IGNORECASE)
    if not m:
        return None
    number = int(m.group(2))
    return float(number - 1 if m.group(1).lower() == "year" else number)
