"""xl/styles.xml: the few cell formats jobs need, appended without renumbering.

Existing cells point at cellXfs by index, so existing records are never moved or
edited: new number formats, fonts, fills and xf records go at the end, and an
identical record this writer already added is reused. The part is rewritten only
when something was added.
"""

from __future__ import annotations

import copy

from lxml import etree

from sicxl.workbook.cells import effective_style
from sicxl.workbook.package import NS_MAIN
from sicxl.writes import Style

_M = f"{{{NS_MAIN}}}"
FIRST_CUSTOM_NUMFMT = 164  # ids below are Excel's built-in formats
BUILTIN_NUMFMTS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4,
                   "0%": 9, "0.00%": 10, "@": 49}
_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u",
               "vertAlign", "sz", "color", "name", "family", "charset", "scheme")


def _argb(rgb: str) -> str:
    rgb = rgb.lstrip("#").upper()
    return rgb if len(rgb) == 8 else "FF" + rgb


class StyleSheet:
    """Maps a `Style` to a cellXfs index, adding records on first use."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.changed = False
        self._xf_ids: dict[Style, int] = {}
        self._font_ids: dict[tuple[bool, str | None], int] = {}
        self._fill_ids: dict[str, int] = {}
        self._dxf_ids: dict[Style, int] = {}

    def xf_for(self, value: object, style: Style | None) -> int | None:
        """The xf of a cell holding `value`; None when the cell keeps its own style."""
        style = effective_style(value, style)
        if style is None or style == Style():
            return None
        if style not in self._xf_ids:
            self._xf_ids[style] = self._add_xf(style)
        return self._xf_ids[style]

    def _container(self, tag: str, before: tuple[str, ...]) -> etree._Element:
        node = self.root.find(_M + tag)
        if node is None:
            node = etree.Element(_M + tag, count="0")
            anchor = next((self.root.find(_M + t) for t in before if self.root.find(_M + t) is not None), None)
            if anchor is None:
                self.root.append(node)
            else:
                anchor.addprevious(node)
        return node

    def _append(self, container: etree._Element, node: etree._Element) -> int:
        container.append(node)
        container.set("count", str(len(container)))
        self.changed = True
        return len(container) - 1

    def _numfmt_id(self, code: str | None) -> int:
        if not code:
            return 0
        if code in BUILTIN_NUMFMTS:
            return BUILTIN_NUMFMTS[code]
        numfmts = self._container("numFmts", ("fonts", "fills", "borders", "cellStyleXfs", "cellXfs"))
        ids = [int(n.get("numFmtId", "0")) for n in numfmts]
        for node in numfmts:
            if node.get("formatCode") == code:
                return int(node.get("numFmtId", "0"))
        new_id = max([FIRST_CUSTOM_NUMFMT - 1, *ids]) + 1
        self._append(numfmts, etree.Element(_M + "numFmt", numFmtId=str(new_id), formatCode=code))
        return new_id

    def _font_id(self, bold: bool, color: str | None) -> int:
        if not bold and not color:
            return 0
        key = (bold, color)
        if key not in self._font_ids:
            fonts = self._container("fonts", ("fills",))
            font = copy.deepcopy(fonts[0]) if len(fonts) else etree.Element(_M + "font")
            for tag in ("b" if bold else "", "color" if color else ""):
                for old in font.findall(_M + tag) if tag else ():
                    font.remove(old)
            if bold:
                etree.SubElement(font, _M + "b")
            if color:
                etree.SubElement(font, _M + "color", rgb=_argb(color))
            font[:] = sorted(font, key=lambda n: _FONT_ORDER.index(etree.QName(n).localname)
                             if etree.QName(n).localname in _FONT_ORDER else len(_FONT_ORDER))
            self._font_ids[key] = self._append(fonts, font)
        return self._font_ids[key]

    def _fill_id(self, color: str | None) -> int:
        if not color:
            return 0
        if color not in self._fill_ids:
            fill = etree.Element(_M + "fill")
            pattern = etree.SubElement(fill, _M + "patternFill", patternType="solid")
            etree.SubElement(pattern, _M + "fgColor", rgb=_argb(color))
            etree.SubElement(pattern, _M + "bgColor", indexed="64")
            self._fill_ids[color] = self._append(self._container("fills", ("borders",)), fill)
        return self._fill_ids[color]

    def _add_xf(self, style: Style) -> int:
        xf = etree.Element(_M + "xf", numFmtId=str(self._numfmt_id(style.number_format)),
                           fontId=str(self._font_id(style.bold, style.font_color)),
                           fillId=str(self._fill_id(style.fill)), borderId="0", xfId="0")
        for attr, used in (("applyNumberFormat", style.number_format), ("applyFont", style.bold or style.font_color),
                           ("applyFill", style.fill), ("applyAlignment", style.wrap)):
            if used:
                xf.set(attr, "1")
        if style.wrap:
            etree.SubElement(xf, _M + "alignment", wrapText="1")
        return self._append(self._container("cellXfs", ("cellStyles",)), xf)

    def dxf_for(self, style: Style) -> int:
        """The differential format of a conditional rule (font colour, bold, fill),
        appended to <dxfs> on first use."""
        if style not in self._dxf_ids:
            dxf = etree.Element(_M + "dxf")
            if style.bold or style.font_color:
                font = etree.SubElement(dxf, _M + "font")
                if style.bold:
                    etree.SubElement(font, _M + "b")
                if style.font_color:
                    etree.SubElement(font, _M + "color", rgb=_argb(style.font_color))
            if style.fill:
                pattern = etree.SubElement(etree.SubElement(dxf, _M + "fill"), _M + "patternFill")
                etree.SubElement(pattern, _M + "bgColor", rgb=_argb(style.fill))
            dxfs = self._container("dxfs", ("tableStyles", "colors", "extLst"))
            self._dxf_ids[style] = self._append(dxfs, dxf)
        return self._dxf_ids[style]
