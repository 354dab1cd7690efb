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
    """A font family: where its variable files come from and the name a DOCX gives it."""

    key: str
    name: str
    docx_name: str
    package: str
    upright: str
    italic: str


FAMILIES: dict[str, Family] = {
    "sans": Family(
        key="sans",
        name="Arimo",
        docx_name="Arial",
        package="fontpkg_arimo",
        upright="files/Arimo[wght].ttf",
        italic="files/Arimo-Italic[wght].ttf",
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
    return {"upright": root / family.upright, "italic": root / family.italic}


@functools.cache
def family_digest(key: str) -> str:
    """Return a short digest of the family's font files, which name its cache folder."""
    digest = hashlib.sha256()
    for path in _sources(FAMILIES[key]).values():
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@functools.cache
def face_paths(key: str) -> dict[str, Path]:
    """Return static TTF paths for the family's four faces, instancing them on first use."""
    family = FAMILIES[key]
    sources = _sources(family)
    folder = cache_dir() / "fonts" / f"{family.name}-{family_digest(key)}"
    paths = {face: folder / f"{family.name}-{face}.ttf" for face in FACES}
    for face, path in paths.items():
        if not path.exists():
            italic = "italic" in face
            bold = face.startswith("bold")
            _instance(sources["italic" if italic else "upright"], path, family.name, bold, italic)
    return paths


def _instance(source: Path, target: Path, name: str, bold: bool, italic: bool) -> None:
    """Write a static face of a variable font, renamed so PDFs list it by style."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(source)
    if "fvar" in font:
        font = instancer.instantiateVariableFont(font, {"wght": 700 if bold else 400})
    style = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic"}.get(
        (bold, italic), "Bold Italic"
    )
    table = font["name"]
    for name_id, value in (
        (1, name),
        (2, style),
        (4, f"{name} {style}"),
        (6, f"{name}-{style.replace(' ', '')}"),
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
