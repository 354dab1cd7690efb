"""Fonts: static TrueType faces for each family, their metrics, and glyph coverage.

The sans family is Arimo, which has Arial's metrics: the DOCX names Arial, which Word has
and LibreOffice replaces with the metric-compatible Liberation Sans, so a line broken to fit
in the PDF fits in the DOCX too. Arimo ships as a variable font; reportlab needs static
faces, so each weight/style is instanced once with fontTools and cached on disk.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
import tempfile
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
    ),
    # Atkinson Hyperlegible, designed for low-vision readers. Latin only: Greek and Cyrillic
    # text is refused by `check` in a unit that uses it.
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
    ),
}


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
def family_digest(key: str) -> str:
    """Return a short digest of the family's font files, which name its cache folder."""
    digest = hashlib.sha256()
    for path in sorted(set(_sources(FAMILIES[key]).values())):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@functools.cache
def face_paths(key: str) -> dict[str, Path]:
    """Return static TTF paths for the family's four faces, instancing them on first use."""
    family = FAMILIES[key]
    sources = _sources(family)
    plain = family.name.replace(" ", "")
    folder = cache_dir() / "fonts" / f"{plain}-{family_digest(key)}"
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

    widths: dict[int, int]
    units_per_em: int

    def width(self, text: str, size: float) -> float:
        """Return the width of text in points; unknown characters count as an em."""
        em = self.units_per_em
        return sum(self.widths.get(ord(ch), em) for ch in text) * size / em


@functools.cache
def metrics(key: str, face: str = "regular") -> Metrics:
    """Load the advance widths of one face of a family."""
    from fontTools.ttLib import TTFont

    font = TTFont(face_paths(key)[face], lazy=True)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"].metrics
    return Metrics({cp: hmtx[glyph][0] for cp, glyph in cmap.items()}, font["head"].unitsPerEm)


def missing_glyphs(text: str, key: str = "sans") -> set[str]:
    """Return the printable characters of text that the family cannot draw."""
    widths = metrics(key).widths
    return {ch for ch in text if not ch.isspace() and ord(ch) not in widths}
