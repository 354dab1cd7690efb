"""Fonts: static TrueType faces for each family, their metrics, and glyph coverage.

The sans family is Arimo, which has Arial's metrics: the DOCX names Arial, which Word has
and LibreOffice replaces with the metric-compatible Liberation Sans, so a line broken to fit
in the PDF fits in the DOCX too. Arimo ships as a variable font; reportlab needs static
faces, so each weight/style is instanced once with fontTools and cached on disk.

A family may name a fallback family: a character the family lacks (Cyrillic in Atkinson
Hyperlegible) is drawn, and measured, in the fallback's face of the same weight and style.
Only a character neither has is unprintable.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

FACES = ("regular", "bold", "italic", "bolditalic")


@dataclass(frozen=True)
class Family:
    """A font family: the package files of each face, and the name a DOCX gives it.

    `faces` maps regular/bold/italic/bolditalic to a file in the package; a variable file
    may stand for several faces (its weight is set when the face is made).
    """

    key: str
    name: str
    docx_name: str
    package: str
    faces: dict[str, str]
    italics: bool = True  # False: italic text is set upright (dyslexia-friendly guidance)
    fallback: str | None = None  # the family that draws characters this one lacks
    # Embedded in each DOCX: few computers have the face, and Word or LibreOffice would set
    # the text in another one, with other widths, moving the extracts' numbered lines.
    embed_in_docx: bool = False


def _variable(upright: str, italic: str) -> dict[str, str]:
    return {"regular": upright, "bold": upright, "italic": italic, "bolditalic": italic}


FAMILIES: dict[str, Family] = {
    # Arimo has Arial's metrics; Word has Arial and LibreOffice its twin, Liberation Sans.
    "sans": Family(
        "sans",
        "Arimo",
        "Arial",
        "fontpkg_arimo",
        _variable("files/Arimo[wght].ttf", "files/Arimo-Italic[wght].ttf"),
    ),
    # Noto Serif covers Latin, Greek and Cyrillic; the DOCX names Times New Roman, which Word
    # has and LibreOffice replaces with the metric twin Liberation Serif (narrower than Noto,
    # so lessongen's line breaks still hold).
    "serif": Family(
        "serif",
        "Noto Serif",
        "Times New Roman",
        "fontpkg_noto_serif",
        _variable("files/NotoSerif[wdth,wght].ttf", "files/NotoSerif-Italic[wdth,wght].ttf"),
        fallback="sans",  # for the few letters Arimo has and Noto Serif lacks (Coptic)
    ),
    # Atkinson Hyperlegible, designed for low-vision readers. Latin only: Greek, Cyrillic and
    # other letters it lacks are drawn in Arimo, a plain sans that sits well beside it.
    "readable": Family(
        "readable",
        "Atkinson Hyperlegible",
        "Atkinson Hyperlegible",
        "fontpkg_atkinson_hyperlegible",
        {
            "regular": "files/AtkinsonHyperlegible-Regular.ttf",
            "bold": "files/AtkinsonHyperlegible-Bold.ttf",
            "italic": "files/AtkinsonHyperlegible-Regular.ttf",  # no italics: BDA guidance
            "bolditalic": "files/AtkinsonHyperlegible-Bold.ttf",
        },
        italics=False,
        fallback="sans",
        embed_in_docx=True,
    ),
}


def chain(key: str) -> tuple[str, ...]:
    """Return the family and its fallbacks, in the order a character is looked for."""
    keys = [key]
    while (nxt := FAMILIES[keys[-1]].fallback) is not None and nxt not in keys:
        keys.append(nxt)
    return tuple(keys)


def face_of(bold: bool, italic: bool) -> str:
    """Return the face name (regular, bold, italic, bolditalic) of a weight and style."""
    return ("bold" if bold else "") + ("italic" if italic else "") or "regular"


def fallback_face(key: str, face: str) -> str:
    """Return the face a fallback draws in for one face of a family.

    A family without italics (readable) sets italic text upright, so its fallback does too.
    """
    if FAMILIES[key].italics:
        return face
    return face_of(face.startswith("bold"), False)


def cache_dir() -> Path:
    """Return the folder where instanced font faces are kept."""
    if env := os.environ.get("LESSONGEN_CACHE"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lessongen"


def _package_root(family: Family) -> Path:
    module = importlib.import_module(family.package)
    return Path(module.__file__ or "").resolve().parent


def _sources(family: Family) -> dict[str, Path]:
    root = _package_root(family)
    return {face: root / file for face, file in family.faces.items()}


@functools.cache
def _files_digest(key: str) -> str:
    """Return a short digest of one family's own font files, which name its cache folder."""
    digest = hashlib.sha256()
    for path in sorted(set(_sources(FAMILIES[key]).values())):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@functools.cache
def family_digest(key: str) -> str:
    """Return a short digest of every font file the family prints with, fallbacks included."""
    keys = chain(key)
    if len(keys) == 1:
        return _files_digest(key)
    # A new fallback font changes the printed pages, so builds must see it as a new input.
    joined = ":".join(_files_digest(k) for k in keys)
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


@functools.cache
def face_paths(key: str) -> dict[str, Path]:
    """Return static TTF paths for the family's four faces, instancing them on first use."""
    family = FAMILIES[key]
    sources = _sources(family)
    plain = family.name.replace(" ", "")
    folder = cache_dir() / "fonts" / f"{plain}-{_files_digest(key)}"
    paths = {face: folder / f"{plain}-{face}.ttf" for face in FACES}
    for face, path in paths.items():
        if not path.exists():
            italic = "italic" in face and family.italics
            _instance(sources[face], path, family.name, face.startswith("bold"), italic)
    return paths


def _instance(source: Path, target: Path, name: str, bold: bool, italic: bool) -> None:
    """Write a static face of a variable font, renamed so PDFs list it by style."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(source)
    if "fvar" in font:
        # Pin every axis (width, say) at its default, and the weight at regular or bold.
        axes = {a.axisTag: a.defaultValue for a in font["fvar"].axes}
        axes["wght"] = 700 if bold else 400
        font = instancer.instantiateVariableFont(font, axes)
    style = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic"}.get(
        (bold, italic), "Bold Italic"
    )
    table = font["name"]
    for name_id, value in (
        (1, name),
        (2, style),
        (4, f"{name} {style}"),
        (6, f"{name.replace(' ', '')}-{style.replace(' ', '')}"),
        (16, name),
        (17, style),
    ):
        table.setName(value, name_id, 3, 1, 0x409)
    font["head"].macStyle = (1 if bold else 0) | (2 if italic else 0)
    font["OS/2"].usWeightClass = 700 if bold else 400
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename, so parallel builds never read half a font.
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    try:
        font.save(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@dataclass(frozen=True)
class Metrics:
    """Advance widths of one face, in font units, by character."""

    widths: dict[int, float]
    units_per_em: int

    def width(self, text: str, size: float) -> float:
        """Return the width of text in points; unknown characters count as an em."""
        em = self.units_per_em
        return sum(self.widths.get(ord(ch), em) for ch in text) * size / em


@functools.cache
def _own_metrics(key: str, face: str) -> Metrics:
    """Load the advance widths of one face of a family, without its fallback."""
    from fontTools.ttLib import TTFont

    font = TTFont(face_paths(key)[face], lazy=True)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"].metrics
    return Metrics(
        {cp: float(hmtx[glyph][0]) for cp, glyph in cmap.items()}, font["head"].unitsPerEm
    )


# A face with fewer letters of a script than Greek's 24 does not really set that script.
ALPHABET = 24


def _faces(key: str, face: str) -> list[tuple[str, str]]:
    """Return (family, face) of the face and of each fallback standing in for it, in order."""
    faces = [(key, face)]
    for nxt in chain(key)[1:]:
        faces.append((nxt, fallback_face(*faces[-1])))
    return faces


@functools.cache
def coverage(key: str, face: str = "regular") -> frozenset[str]:
    """Return the characters one face draws itself; its fallback draws the rest.

    A few letters of a script the face does not really have (Atkinson Hyperlegible's Greek
    Δ Ω μ π, meant for formulas) are left to a fallback that has the whole alphabet, so a
    Greek word is not set in two faces.
    """
    own = _own_metrics(key, face).widths
    faces = _faces(key, face)
    if len(faces) == 1:
        return frozenset(map(chr, own))
    mine = _letters_by_script(frozenset(own))
    theirs = _letters_by_script(frozenset(_own_metrics(*faces[1]).widths))
    stray = {
        script
        for script, count in mine.items()
        if count < ALPHABET and theirs.get(script, 0) >= ALPHABET
    }
    return frozenset(chr(cp) for cp in own if _script(cp) not in stray)


def _script(cp: int) -> str:
    """Return the script of a letter by its Unicode name ('GREEK'), or '' for a non-letter."""
    ch = chr(cp)
    if not unicodedata.category(ch).startswith("L"):
        return ""
    return unicodedata.name(ch, "").split(" ", 1)[0]


def _letters_by_script(cps: frozenset[int]) -> dict[str, int]:
    """Count the letters of each script among code points."""
    counts: dict[str, int] = {}
    for cp in cps:
        if script := _script(cp):
            counts[script] = counts.get(script, 0) + 1
    return counts


@functools.cache
def metrics(key: str, face: str = "regular") -> Metrics:
    """Return the advance widths of one face, characters it lacks measured in its fallback.

    Extract lines are broken with these widths, so each character must be measured in the
    face that draws it (see segments).
    """
    units = _own_metrics(key, face).units_per_em
    widths: dict[int, float] = {}
    # Fallbacks first, so a face's own widths win for the characters it draws.
    for k, f in reversed(_faces(key, face)):
        other = _own_metrics(k, f)
        scale = units / other.units_per_em
        drawn = coverage(k, f)
        widths.update({cp: w * scale for cp, w in other.widths.items() if chr(cp) in drawn})
    return Metrics(widths, units)


def segments(text: str, key: str, face: str = "regular") -> list[tuple[str, str, str]]:
    """Split text into runs of (family, face, text), each drawn by the first face that has it.

    A combining mark stays with the letter it sits on when that face has the mark too, so
    the accent is placed for that letter's shape (marks have no advance: widths agree).
    A character no face has stays in the family's own face (it is refused before printing).
    """
    if coverage(key, face).issuperset(text):  # the usual case, at C speed
        return [(key, face, text)] if text else []
    faces = _faces(key, face)
    covers = [coverage(k, f) for k, f in faces]
    out: list[tuple[str, str, str]] = []
    start, picked = 0, 0
    for i, ch in enumerate(text):
        was = picked
        if not (i and unicodedata.category(ch) in ("Mn", "Me") and ch in covers[picked]):
            picked = next((n for n, c in enumerate(covers) if ch in c), 0)
        if i and picked != was:
            out.append((*faces[was], text[start:i]))
            start = i
    out.append((*faces[picked], text[start:]))
    return out


def missing_glyphs(text: str, key: str = "sans") -> set[str]:
    """Return the printable characters of text that neither the family nor its fallback has."""
    widths = metrics(key).widths
    return {ch for ch in text if not ch.isspace() and ord(ch) not in widths}
