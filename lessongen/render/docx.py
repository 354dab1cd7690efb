"""Document -> DOCX bytes with python-docx. The only module that imports python-docx.

python-docx makes, once per page style, a styled blank package (every style names the font
explicitly: the default template's theme fonts would make LibreOffice substitute fonts with
other metrics) and each XML fragment lessongen repeats (the properties of a kind of paragraph,
run, table or row; a whole answer space). A document is then put together from copies of those
fragments with lxml, which is much faster than python-docx's setters, each of which walks the
element's children. The zip is written once, with fixed member times and order, and the members
that never change for a page style (styles, theme, settings, ...) are compressed only once, so
the same document gives the same bytes.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Hashable
from dataclasses import replace
from pathlib import Path
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree

from lessongen import fonts
from lessongen import model as m

GREY = RGBColor(0x59, 0x59, 0x59)
# Our paragraph styles -> the ids of the default template's styles ("body" is Normal).
STYLE_IDS = {
    "title": "Title",
    "subtitle": "Subtitle",
    "h1": "Heading1",
    "h2": "Heading2",
    "bullet": "ListBullet",
}
FIXED_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
KITS_KEPT = 8  # page styles whose blank package and fragments a process keeps

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _R, _T, _TAB, _BR, _TC = (_W + tag for tag in ("p", "r", "t", "tab", "br", "tc"))
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_BREAKS = re.compile(r"([\t\r\n])")
_DOS_DATE = (ZIP_TIME[0] - 1980) << 9 | ZIP_TIME[1] << 5 | ZIP_TIME[2]
_DOS_TIME = ZIP_TIME[3] << 11 | ZIP_TIME[4] << 5 | ZIP_TIME[5] // 2

Member = tuple[bytes, int, int, bytes]  # zip member: name, CRC-32, size, deflated data
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
_OBFUSCATED = "application/vnd.openxmlformats-officedocument.obfuscatedFont"


def _set_font(rpr_parent: Any, name: str) -> None:
    """Name a font for every script and drop theme-font attributes that would override it."""
    rpr = rpr_parent.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_parent.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _styles(d: Any, page: m.PageStyle) -> None:
    """Name the font in every style lessongen uses and set their sizes and spacing."""
    font, size = page.docx_font, page.size
    styles = d.styles
    rpr_default = styles.element.find(qn("w:docDefaults"))
    if rpr_default is not None:
        rpr = rpr_default.find(qn("w:rPrDefault"))
        if rpr is not None:
            _set_font(rpr, font)
    spec = {
        "Normal": (size, False, 0, 5),
        "Title": (size + 8, True, 0, 2),
        "Subtitle": (size, False, 0, 8),
        "Heading 1": (size + 3, True, 12, 4),
        "Heading 2": (size + 1, True, 8, 3),
        "List Bullet": (size, False, 0, 3),
    }
    for name, (pt, bold, before, after) in spec.items():
        style = styles[name]
        _set_font(style.element, font)
        style.font.size = Pt(pt)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = GREY if name == "Subtitle" else RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        fmt.line_spacing = Pt(round(pt * 1.35, 1)) if name != "Normal" else Pt(page.leading)
        fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        if name.startswith("Heading"):
            fmt.keep_with_next = True
        # The default Title style has a blue bottom border and spacing of its own.
        ppr = style.element.get_or_add_pPr()
        border = ppr.find(qn("w:pBdr"))
        if border is not None:
            ppr.remove(border)
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2"):
        rpr = styles[name].element.get_or_add_rPr()
        for tag in ("w:spacing", "w:kern", "w:u"):
            el = rpr.find(qn(tag))
            if el is not None:
                rpr.remove(el)


_WEIGHTED = ("r:plain", "r:small", "r:cell", "r:line-text")  # run kinds whose key says bold
_SLANTED = ("r:plain", "r:small", "r:cell")  # ... and italic


def _name_font(r: Any, name: str) -> None:
    """Make a run name its own font for every script (w:rFonts comes first in w:rPr)."""
    rpr = r.find(f"{_W}rPr")
    if rpr is None:
        rpr = etree.Element(f"{_W}rPr")
        r.insert(0, rpr)
    found = rpr.find(f"{_W}rFonts")
    if found is not None:
        rpr.remove(found)
    attrs = {f"{_W}{a}": name for a in ("ascii", "hAnsi", "cs", "eastAsia")}
    rpr.insert(0, etree.Element(f"{_W}rFonts", attrs))


def _embed_fonts(parts: dict[str, bytes], key: str) -> None:
    """Embed a family's regular and bold faces in the package, obfuscated as Word embeds them.

    ECMA-376 Part 1, 17.8.1: the first 32 bytes of the font are XORed with the bytes of the
    fontKey GUID in reverse order. The GUID comes from the font's digest, so the same font
    always gives the same bytes.
    """
    family = fonts.FAMILIES[key]
    paths = fonts.face_paths(key)
    table = etree.fromstring(parts["word/fontTable.xml"])
    font = etree.SubElement(table, f"{_W}font", {f"{_W}name": family.docx_name})
    rels = etree.Element(f"{_RELS}Relationships", nsmap={None: _RELS[1:-1]})
    for n, (face, tag) in enumerate((("regular", "embedRegular"), ("bold", "embedBold")), 1):
        data = paths[face].read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:32].upper()
        guid = f"{{{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:]}}}"
        mask = bytes.fromhex(digest)[::-1]
        name = f"fonts/font{n}.odttf"
        parts[f"word/{name}"] = bytes(b ^ mask[i % 16] for i, b in enumerate(data[:32])) + data[32:]
        etree.SubElement(
            rels, f"{_RELS}Relationship", Id=f"rIdFont{n}", Type=_FONT_REL, Target=name
        )
        etree.SubElement(font, f"{_W}{tag}", {_REL_ID: f"rIdFont{n}", f"{_W}fontKey": guid})
    parts["word/fontTable.xml"] = _serialize(table)
    parts["word/_rels/fontTable.xml.rels"] = _serialize(rels)
    types = etree.fromstring(parts["[Content_Types].xml"])
    types.insert(0, etree.Element(f"{_TYPES}Default", Extension="odttf", ContentType=_OBFUSCATED))
    parts["[Content_Types].xml"] = _serialize(types)
    settings = etree.fromstring(parts["word/settings.xml"])
    zoom = settings.find(f"{_W}zoom")  # the schema puts embedTrueTypeFonts just after it
    settings.insert(
        0 if zoom is None else settings.index(zoom) + 1, etree.Element(f"{_W}embedTrueTypeFonts")
    )
    parts["word/settings.xml"] = _serialize(settings)


def _member(name: str, data: bytes) -> Member:
    """Deflate one zip member as zipfile does at level 6 (zlib's default)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return name.encode("ascii"), zlib.crc32(data), len(data), packer.compress(data) + packer.flush()


def _zip(members: list[Member]) -> bytes:
    """Write a zip of deflated members: fixed times, mode 644, no extra fields, no zip64."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, crc, size, data in members:
        # Version 2.0 to extract, made on Unix (3), no flags, no extra field, no comment.
        common = (zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, crc, len(data), size, len(name))
        head = struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, *common, 0)
        entry = struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, 0, *common,
                            0, 0, 0, 0, 0o644 << 16, offset)  # fmt: skip
        central += (entry, name)
        out += (head, name, data)
        offset += len(head) + len(name) + len(data)
    directory = b"".join(central)
    count = len(members)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    if offset + len(directory) > 0xFFFFFFFF:  # pragma: no cover - a worksheet is kilobytes
        raise ValueError("DOCX too large for a zip without zip64")
    return b"".join(out) + directory + end


def _order(name: bytes) -> tuple[bool, bytes]:
    """Sort key of zip members: [Content_Types].xml first, then by name."""
    return name != b"[Content_Types].xml", name


def _serialize(root: Any) -> bytes:
    """Serialize a part's XML as python-docx does."""
    return bytes(etree.tostring(root, encoding="UTF-8", standalone=True))


def _plain(element: Any) -> Any:
    """Return a copy of a python-docx element as a plain lxml element, quicker to copy."""
    return etree.fromstring(etree.tostring(element))


def _add_text(r: Any, text: str) -> None:
    """Append text to a run as python-docx's run.text does: w:t, w:tab for tabs, w:br for ends."""
    for piece in _BREAKS.split(text) if ("\t" in text or "\n" in text or "\r" in text) else (text,):
        if piece == "\t":
            etree.SubElement(r, _TAB)
        elif piece in ("\r", "\n"):
            etree.SubElement(r, _BR)
        elif piece:
            t = etree.SubElement(r, _T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_XML_SPACE, "preserve")


class Kit:
    """One page style's blank package, its unchanging zip members and its XML fragments."""

    # Fragments are made with python-docx, on the styled document kept as a scratch copy, by the
    # same calls that would make them in place; each document gets deep copies of them.

    def __init__(self, page: m.PageStyle) -> None:
        self.page = page
        self.width = page.text_width
        self.d = new_document()
        _styles(self.d, page)
        self._section()
        props = self.d.core_properties
        props.title = props.subject = ""
        props.author = props.last_modified_by = "lessongen"
        props.comments = ""
        props.keywords = ""
        props.category = ""
        props.revision = 1
        props.created = props.modified = FIXED_TIME
        props.last_printed = FIXED_TIME
        section = self.d.sections[0]
        self.header_name = section.header.part.partname.lstrip("/")
        self.footer_name = section.footer.part.partname.lstrip("/")
        buf = io.BytesIO()
        self.d.save(buf)
        parts: dict[str, bytes] = {}
        with zipfile.ZipFile(buf) as package:
            for name in package.namelist():
                parts[name] = package.read(name)
        if fonts.FAMILIES[page.font].embed_in_docx:
            _embed_fonts(parts, page.font)
        dynamic = ("word/document.xml", self.header_name, self.footer_name, "docProps/core.xml")
        self.static = [_member(n, data) for n, data in parts.items() if n not in dynamic]
        self.document = etree.fromstring(parts["word/document.xml"])
        self.header = etree.fromstring(parts[self.header_name])
        self.footer = etree.fromstring(parts[self.footer_name])
        self.core = etree.fromstring(parts["docProps/core.xml"])
        for prop in self.core:  # parsing made the properties set to "" empty elements: undo
            if prop.text is None and not len(prop):
                prop.text = ""
        self._fragments: dict[Hashable, Any] = {}

    def _section(self) -> None:
        """Set up the page and the running heads, without the text that changes per document."""
        page = self.page
        section = self.d.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = (Pt(v) for v in page.page_size)
        section.left_margin = section.right_margin = Pt(m.MARGIN)
        section.top_margin = Pt(m.MARGIN + 8)
        section.bottom_margin = Pt(m.MARGIN)
        section.header_distance = Pt(m.MARGIN - 22)
        section.footer_distance = Pt(m.MARGIN - 30)
        head = section.header.paragraphs[0]
        if page.logo:
            head.add_run().add_picture(page.logo, height=Pt(18))
            head.add_run("  ")
        self._tab_stops(head)
        foot = section.footer.paragraphs[0]
        self._tab_stops(foot)
        self._small(foot.add_run("Page "))
        self._field(foot, "PAGE")
        self._small(foot.add_run(" of "))
        self._field(foot, "NUMPAGES")

    def _tab_stops(self, para: Any) -> None:
        """Give a running head a right tab stop at the text width."""
        stops = para.paragraph_format.tab_stops
        # The Header and Footer styles carry centre and right stops for Letter paper: clear them.
        for pos in (234, 468):
            stops.add_tab_stop(Pt(pos), WD_TAB_ALIGNMENT.CLEAR)
        stops.add_tab_stop(Pt(self.width), WD_TAB_ALIGNMENT.RIGHT)

    def _small(self, run: Any) -> Any:
        """Set a run in the small grey type of running heads."""
        run.font.size = Pt(self.page.small_size)
        run.font.color.rgb = GREY
        return run

    def _field(self, para: Any, code: str) -> None:
        """Insert a field (PAGE, NUMPAGES) that Word and LibreOffice fill in when laid out."""
        for kind in ("begin", "instr", "separate", "result", "end"):
            run = self._small(para.add_run("1" if kind == "result" else ""))
            if kind == "instr":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = f" {code} "
                run._r.append(instr)
            elif kind != "result":
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)

    # -- fragments --------------------------------------------------------------------------

    def fragment(self, key: tuple[Any, ...]) -> Any:
        """Return the element recorded for key (None for a run without properties)."""
        try:
            return self._fragments[key]
        except KeyError:
            made = self._make(*key)
            self._fragments[key] = made = None if made is None else _plain(made)
            return made

    def _make(self, kind: str, *args: Any) -> Any:
        """Make one fragment with python-docx: a w:p, a w:rPr, a w:tbl or a w:tr."""
        page = self.page
        if kind.startswith("r:"):
            para = self.d.add_paragraph()
            para._p.getparent().remove(para._p)
            run = para.add_run()
            self._run_format(run, kind[2:], *args)
            return run._r.rPr
        para = self.d.add_paragraph()
        para._p.getparent().remove(para._p)
        fmt = para.paragraph_format
        if kind == "para":
            style, keep = args
            if style in STYLE_IDS:
                para._p.style = STYLE_IDS[style]
            if style == "quote":
                fmt.left_indent = fmt.right_indent = Pt(18)
            if keep:
                fmt.keep_with_next = True
        elif kind == "question":
            fmt.left_indent = Pt(24)
            fmt.first_line_indent = Pt(-24)
            fmt.space_before = Pt(4)
            fmt.keep_with_next = True
            fmt.tab_stops.add_tab_stop(Pt(24))
            fmt.tab_stops.add_tab_stop(Pt(self.width), WD_TAB_ALIGNMENT.RIGHT)
        elif kind == "choice":
            keep, last = args
            fmt.left_indent = Pt(24)
            fmt.space_after = Pt(1)
            fmt.keep_with_next = keep
            fmt.tab_stops.add_tab_stop(Pt(54))
            if last:
                fmt.space_after = Pt(6)
        elif kind == "line":
            gap_before, keep = args
            fmt.left_indent = Pt(m.GUTTER)
            fmt.first_line_indent = Pt(-m.GUTTER)
            fmt.tab_stops.add_tab_stop(Pt(m.GUTTER - 8), WD_TAB_ALIGNMENT.RIGHT)
            fmt.tab_stops.add_tab_stop(Pt(m.GUTTER))
            fmt.space_after = Pt(0)
            fmt.space_before = Pt(page.leading * 0.6) if gap_before else Pt(0)
            fmt.line_spacing = Pt(page.leading)
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.widow_control = False
            fmt.keep_with_next = keep
        elif kind == "cell":
            spaced, keep = args
            if spaced:
                fmt.space_after = Pt(2)
            if keep:
                fmt.keep_with_next = True
        elif kind == "box-para":
            fmt.keep_with_next = args[0]
        elif kind == "space":
            fmt.space_after = Pt(args[0])
            fmt.line_spacing = Pt(1)
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        elif kind == "after-table":
            fmt.space_after = Pt(0)
            fmt.line_spacing = Pt(6)
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        elif kind == "page-break":
            para.add_run().add_break(WD_BREAK.PAGE)
        else:
            return self._make_table(kind, *args)
        return para._p

    def _run_format(self, run: Any, kind: str, *args: Any) -> None:
        """Set a run's properties as lessongen's kinds of run need them."""
        page = self.page
        if kind in ("plain", "small", "cell"):
            bold, italic = args
            if bold:
                run.bold = True
            if italic:
                run.italic = True
            if kind == "small":
                self._small(run).font.size = Pt(page.size - 1.5)
            elif kind == "cell":
                run.font.size = Pt(page.size - 0.5)
        elif kind == "head":
            self._small(run)
        elif kind == "tick":
            run.font.name = page.symbol_docx_font  # makes the run's rPr first
            _set_font(run._r, page.symbol_docx_font)
        elif kind == "label":
            run.font.size = Pt(page.size - 2)
            run.font.color.rgb = GREY
        elif kind == "line-text":
            run.bold = args[0] or None
        else:  # pragma: no cover - every kind is named in this module
            raise ValueError(f"unknown run kind {kind!r}")

    def _make_table(self, kind: str, *args: Any) -> Any:
        """Make a table fragment in the scratch document and take it out again."""
        if kind == "lines":
            table = self._answer_lines(*args)
        elif kind == "fields":
            table = self._fields(args[0])
        elif kind == "box":
            table = self._grid([self.width], 1)
            cell = table.rows[0].cells[0]
            self._margins(cell, 8)
            cell._tc.remove(cell.paragraphs[0]._p)  # the writer adds the paragraphs
        elif kind == "grid":
            table = self._grid(list(args[0]), 1)
            table._tbl.remove(table.rows[0]._tr)
        elif kind == "row":
            widths, header, height = args
            table = self._grid(list(widths), 1)
            row = table.rows[0]
            self._cant_split(row, header)
            if height:
                row.height = Pt(height)
                row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            for cell in row.cells:
                if header:
                    self._shade(cell)
                cell._tc.remove(cell.paragraphs[0]._p)
            table._tbl.getparent().remove(table._tbl)
            return row._tr
        else:  # pragma: no cover - every kind is named in this module
            raise ValueError(f"unknown fragment {kind!r}")
        table._tbl.getparent().remove(table._tbl)
        return table._tbl

    def _grid(self, widths: list[float], rows: int) -> Any:
        """Add a ruled table with fixed column widths to the scratch document."""
        table = self.d.add_table(rows=rows, cols=len(widths))
        table.style = self.d.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        # LibreOffice ignores column widths unless every cell carries its width too.
        for col, w in zip(table.columns, widths, strict=True):
            col.width = Pt(w)
        for row in table.rows:
            for cell, w in zip(row.cells, widths, strict=True):
                cell.width = Pt(w)
        return table

    def _margins(self, cell: Any, pts: float) -> None:
        """Give a cell inner margins (left and right twice the top and bottom)."""
        tcpr = cell._tc.get_or_add_tcPr()
        mar = OxmlElement("w:tcMar")
        for side in ("top", "left", "bottom", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), str(int(pts * 20 if side in ("left", "right") else pts * 10)))
            el.set(qn("w:type"), "dxa")
            mar.append(el)
        tcpr.append(mar)

    def _keep_rows(self, table: Any) -> None:
        """Keep a table on one page: every row's paragraphs keep with the next row."""
        for row in table.rows[:-1]:
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True

    def _cant_split(self, row: Any, header: bool = False) -> None:
        """Keep a row on one page; repeat it on every page if it is the header."""
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        if header:
            trpr.append(OxmlElement("w:tblHeader"))

    def _shade(self, cell: Any) -> None:
        """Shade a header cell light grey."""
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), "E6E6E6")
        cell._tc.get_or_add_tcPr().append(shd)

    def _answer_lines(self, count: int, keep: bool) -> Any:
        """Ruled lines as a one-column table with only horizontal rules, as both clients agree."""
        table = self.d.add_table(rows=count, cols=1)
        table.autofit = False
        table.columns[0].width = Pt(self.width)
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            el = OxmlElement(f"w:{side}")
            ruled = side in ("bottom", "insideH")
            el.set(qn("w:val"), "single" if ruled else "nil")
            if ruled:
                el.set(qn("w:sz"), "4")
                el.set(qn("w:color"), "8C8C8C")
            borders.append(el)
        table._tbl.tblPr.append(borders)
        for row in table.rows:
            row.height = Pt(self.page.answer_line)
            row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
            row.cells[0].width = Pt(self.width)
            self._cant_split(row)
        if keep:
            self._keep_rows(table)
        return table

    def _fields(self, labels: tuple[str, ...]) -> Any:
        """Write-in fields: bold labels, each followed by a cell ruled along its bottom."""
        share = [0.45, 0.25, 0.30] if len(labels) == 3 else [1 / len(labels)] * len(labels)
        widths: list[float] = []
        for i, label in enumerate(labels):
            label_w = self.page.size * (len(label) * 0.62 + 3)
            widths += [label_w, self.width * share[i] - label_w]
        table = self.d.add_table(rows=1, cols=len(widths))
        table.autofit = False
        for col, w in zip(table.columns, widths, strict=True):
            col.width = Pt(w)
        row = table.rows[0]
        row.height = Pt(self.page.leading * 2)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for k, (cell, w) in enumerate(zip(row.cells, widths, strict=True)):
            cell.width = Pt(w)
            cell.vertical_alignment = 3  # bottom
            if k % 2 == 0:
                cell.paragraphs[0].add_run(labels[k // 2] + ":").bold = True
            else:
                borders = OxmlElement("w:tcBorders")
                bottom = OxmlElement("w:bottom")
                bottom.set(qn("w:val"), "single")
                bottom.set(qn("w:sz"), "6")
                borders.append(bottom)
                cell._tc.get_or_add_tcPr().append(borders)
        return table


_KITS: dict[tuple[m.PageStyle, str], Kit] = {}


def kit_for(page: m.PageStyle) -> Kit:
    """Return the kit of a page style (the running heads' text aside), made on first use."""
    logo = hashlib.sha256(Path(page.logo).read_bytes()).hexdigest() if page.logo else ""
    key = (replace(page, header_left="", header_right="", footer=""), logo)
    kit = _KITS.get(key)
    if kit is None:
        if len(_KITS) >= KITS_KEPT:
            del _KITS[next(iter(_KITS))]
        kit = _KITS[key] = Kit(page)
    return kit


class Writer:
    """Writes one Document as DOCX parts, from copies of its page style's fragments."""

    def __init__(self, doc: m.Document) -> None:
        self.doc = doc
        self.page = doc.style
        self.width = self.page.text_width
        self.italics = self.page.italics
        self.kit = kit_for(self.page)
        self.borrows = len(fonts.chain(self.page.font)) > 1  # the family has a fallback
        self.root = copy.deepcopy(self.kit.document)
        self.body = self.root.find(f"{_W}body")
        self.sect = self.body[-1]  # the body's closing section properties, put back at the end
        self.body.remove(self.sect)

    # -- pieces ---------------------------------------------------------------------------

    def _p(self, key: tuple[Any, ...], parent: Any = None) -> Any:
        """Append a paragraph made from a fragment to parent (the body if None)."""
        p = copy.deepcopy(self.kit.fragment(key))
        (self.body if parent is None else parent).append(p)
        return p

    def _run(self, p: Any, text: str, key: tuple[Any, ...] | None = None) -> Any:
        """Append a run, with the properties of a fragment if key is given.

        Letters the page's family lacks go in runs of their own that name the fallback
        family's font, as the PDF draws them, so Word and LibreOffice break lines alike.
        """
        pieces = [(self.page.font, text)]
        if self.borrows and text:
            bold = bool(key and key[0] in _WEIGHTED and key[1])
            italic = bool(key and key[0] in _SLANTED and key[2])
            face = fonts.face_of(bold, italic)
            pieces = [(k, t) for k, _, t in fonts.segments(text, self.page.font, face)]
        for family, piece in pieces:
            r = etree.SubElement(p, _R)
            if key is not None:
                rpr = self.kit.fragment(key)
                if rpr is not None:
                    r.append(copy.deepcopy(rpr))
            if family != self.page.font:
                _name_font(r, fonts.FAMILIES[family].docx_name)
            if piece:
                _add_text(r, piece)
        return r

    def runs(self, p: Any, runs: m.Inline, kind: str = "r:plain") -> None:
        """Append runs, each with the properties of its kind, weight and slant."""
        for r in runs:
            self._run(p, r.text, (kind, r.bold, r.italic and self.italics))

    def _after_table(self) -> None:
        """Append the thin paragraph that separates a table from what follows."""
        self._p(("after-table",))

    # -- blocks ---------------------------------------------------------------------------

    def blocks(self, blocks: tuple[m.Block, ...], keep: bool = False) -> None:
        """Write blocks; a heading and the short paragraphs under it keep with what follows."""
        lead_in = False
        for i, b in enumerate(blocks):
            lead_in = m.styled(b, ("h1", "h2")) or (lead_in and m.styled(b, ("body", "small")))
            self.block(b, (keep and i < len(blocks) - 1) or lead_in)

    def block(self, b: m.Block, keep: bool = False) -> None:
        """Write one block; keep: it stays on the page of what follows."""
        if isinstance(b, m.Para):
            p = self._p(("para", b.style, keep or b.style in ("h1", "h2")))
            self.runs(p, b.runs, "r:small" if b.style == "small" else "r:plain")
        elif isinstance(b, m.Question):
            p = self._p(("question",))
            self._run(p, b.number, ("r:plain", True, False))
            self._run(p, "\t")
            self.runs(p, b.runs)
            if b.marks:
                # No-break spaces: "[2 marks]" moves to the next line whole, never split.
                self._run(p, "\t" + b.marks.replace(" ", "\u00a0"))
        elif isinstance(b, m.AnswerLines):
            self.body.append(
                copy.deepcopy(self.kit.fragment(("lines", b.count, b.count <= m.KEEP_LINES)))
            )
            self._after_table()
        elif isinstance(b, m.Choices):
            last = len(b.options) - 1
            for i, (label, runs) in enumerate(b.options):
                p = self._p(("choice", keep or i < last, i == last))
                self._run(p, f"{m.TICK_BOX}  ", ("r:tick",))
                self._run(p, label, ("r:plain", True, False))
                self._run(p, "\t")
                self.runs(p, runs)
        elif isinstance(b, m.Table):
            self.table(b)
        elif isinstance(b, m.Extract):
            self.extract(b)
        elif isinstance(b, m.Fields):
            self.body.append(copy.deepcopy(self.kit.fragment(("fields", b.labels))))
            self._after_table()
        elif isinstance(b, m.Box):
            table = copy.deepcopy(self.kit.fragment(("box",)))
            cell = table.find(f"{_W}tr/{_TC}")
            paras = [block for block in b.blocks if isinstance(block, m.Para)]
            for block in paras:
                p = self._p(("box-para", keep), cell)
                if block.style == "bullet":
                    self.runs(p, (m.Run("•  "), *block.runs))
                else:
                    self.runs(p, block.runs)
            if not paras:
                etree.SubElement(cell, _P)
            self.body.append(table)
            self._after_table()
        elif isinstance(b, m.Keep):
            self.blocks(b.blocks, keep=True)
        elif isinstance(b, m.PageBreak):
            self._p(("page-break",))
        elif isinstance(b, m.Space):
            self._p(("space", b.height))
        else:  # pragma: no cover - the model is closed
            raise TypeError(f"unknown block {b!r}")

    def table(self, b: m.Table) -> None:
        """Write a ruled table: header row shaded and repeated, rows never split."""
        total = sum(b.widths)
        widths = tuple(self.width * w / total for w in b.widths)
        table = copy.deepcopy(self.kit.fragment(("grid", widths)))
        keep = len(b.rows) <= m.KEEP_ROWS
        last = len(b.rows) - 1
        for r, data in enumerate(b.rows):
            header = b.header and r == 0
            row = copy.deepcopy(
                self.kit.fragment(("row", widths, header, 0 if header else b.row_height))
            )
            table.append(row)
            keep_row = keep and r < last
            for cell, content in zip(row.iterchildren(_TC), data, strict=True):
                if not content.paras:
                    self._p(("cell", False, keep_row), cell)
                for runs in content.paras:
                    p = self._p(("cell", True, keep_row), cell)
                    for run in runs:
                        italic = run.italic and self.italics
                        self._run(p, run.text, ("r:cell", run.bold or header, italic))
        self.body.append(table)
        self._after_table()

    def extract(self, b: m.Extract) -> None:
        """One paragraph per printed line, label in a hanging gutter: the client never re-wraps."""
        whole = len(b.lines) <= self.page.keep_extract
        last = len(b.lines) - 1
        for i, ln in enumerate(b.lines):
            p = self._p(("line", ln.gap_before, whole and i < last))
            self._run(p, "\t" + ln.label, ("r:label",))
            self._run(p, "\t" + ln.text, ("r:line-text", ln.heading))

    # -- the package ----------------------------------------------------------------------

    def _heads(self) -> tuple[Any, Any]:
        """Return the header and footer parts with this document's running heads."""
        page, kit = self.page, self.kit
        header = copy.deepcopy(kit.header)
        head = header[0]
        self._run(head, page.header_left, ("r:head",))
        self._run(head, "\t" + page.header_right, ("r:head",))
        footer = copy.deepcopy(kit.footer)
        foot = footer[0]
        tail = list(foot)[1:]  # "Page n of N", after the paragraph properties
        for el in tail:
            foot.remove(el)
        self._run(foot, page.footer, ("r:head",))
        self._run(foot, "\t", ("r:head",))
        foot.extend(tail)
        return header, footer

    def _core(self) -> Any:
        """Return the core properties part with this document's title and subject."""
        core = copy.deepcopy(self.kit.core)
        for tag, value in (("title", self.doc.title), ("subject", self.doc.subject)):
            if len(value) > 255:  # as python-docx refuses
                raise ValueError(f"exceeded 255 char limit for property, got: '{value}'")
            core.find(f"{{http://purl.org/dc/elements/1.1/}}{tag}").text = value
        return core

    def save(self) -> bytes:
        """Return the whole package as DOCX bytes."""
        self.body.append(self.sect)
        header, footer = self._heads()
        kit = self.kit
        members = [
            *kit.static,
            _member("word/document.xml", _serialize(self.root)),
            _member(kit.header_name, _serialize(header)),
            _member(kit.footer_name, _serialize(footer)),
            _member("docProps/core.xml", _serialize(self._core())),
        ]
        members.sort(key=lambda member: _order(member[0]))
        return _zip(members)


def render_docx(doc: m.Document) -> bytes:
    """Render a Document to DOCX bytes."""
    writer = Writer(doc)
    writer.blocks(doc.blocks)
    return writer.save()
