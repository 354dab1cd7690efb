"""The DOCX writer's own zip and its per-page-style cache of packages and fragments."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

from lessongen import model as m
from lessongen.render import docx as writer
from tests.test_render import sample

LOGO = Path(__file__).parent / "fixtures" / "units" / "hillside" / "logo.png"


def members(data: bytes) -> dict[str, bytes]:
    """Return a DOCX's members by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_zip_is_valid_with_fixed_times_and_order() -> None:
    """Every member's CRC checks; fixed time and mode; [Content_Types].xml first, then by name."""
    data = writer.render_docx(sample())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        infos = package.infolist()
    names = [i.filename for i in infos]
    assert names[0] == "[Content_Types].xml"
    assert names[1:] == sorted(names[1:])
    assert {(i.date_time, i.external_attr >> 16, i.compress_type) for i in infos} == {
        (writer.ZIP_TIME, 0o644, zipfile.ZIP_DEFLATED)
    }
    assert {"word/document.xml", "word/header1.xml", "word/footer1.xml"} <= set(names)


def test_documents_sharing_a_page_style_keep_their_own_text() -> None:
    """Running heads, title and body come from each document, never from the cached kit."""
    first = sample()
    style = replace(first.style, header_left="Other school", header_right="Other lesson")
    second = replace(
        first,
        title="Second",
        style=replace(style, footer="Answer key"),
        blocks=(m.Para((m.Run("Only in the second"),)),),
    )
    a1, b, a2 = (writer.render_docx(d) for d in (first, second, first))
    assert a1 == a2
    a, other = members(a1), members(b)
    assert b"Lesson" in a["word/header1.xml"] and b"Other" not in a["word/header1.xml"]
    assert b"Other lesson" in other["word/header1.xml"]
    assert b"Answer key" in other["word/footer1.xml"] and b"Answer" not in a["word/footer1.xml"]
    assert b"Only in the second" in other["word/document.xml"]
    assert b"Only in the second" not in a["word/document.xml"]
    assert b"<dc:title>Second</dc:title>" in other["docProps/core.xml"]
    assert a["word/styles.xml"] == other["word/styles.xml"]


def test_page_styles_beyond_the_cache_render_the_same() -> None:
    """A page style whose kit was dropped from the cache renders the same bytes when it returns."""
    doc = sample()
    before = writer.render_docx(doc)
    for size in range(writer.KITS_KEPT + 1):
        writer.render_docx(replace(doc, style=replace(doc.style, size=12.0 + size)))
    assert writer.render_docx(doc) == before


def test_a_changed_logo_is_used(tmp_path: Path) -> None:
    """A logo file changed at the same path gives a new package, not the cached one."""
    from PIL import Image

    logo = tmp_path / "logo.png"
    logo.write_bytes(LOGO.read_bytes())
    doc = sample()
    doc = replace(doc, style=replace(doc.style, logo=str(logo)))
    first = members(writer.render_docx(doc))["word/media/image1.png"]
    assert first == LOGO.read_bytes()
    Image.new("RGB", (30, 10), "red").save(logo)
    assert members(writer.render_docx(doc))["word/media/image1.png"] == logo.read_bytes()
