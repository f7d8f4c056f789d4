"""Word files read into blocks: paragraphs with their heading styles and list numbers, and tables.

Public API: docx_blocks, doc_to_docx, WORD_SUFFIXES, OLD_WORD_SUFFIXES.

``docx_blocks`` reads a ``.docx`` with python-docx (imported only when one is read). Each
paragraph of the body is a block; a paragraph styled ``Heading N`` gets ``hint = N``; a
paragraph Word numbers itself (a numbered list, a numbered heading style) gets its number written
in front of its text as Word shows it (``一、``, ``（二）``, ``3.``), so the heading grammar reads a
Word file as it reads the same report in plain text. Bullets are not numbers and are left out.
Each table row is one block, cells joined by a tab (``compare.textkit.tables``); a merged cell's
text stands in its first slot, the slots it covers stay empty.

``line`` is the 1-based paragraph number in document order, every body paragraph counted (empty
ones too) and each table row counting as one (CONTRACT.md).

``.doc`` and ``.wps`` files are converted by LibreOffice (``soffice --headless --convert-to
docx``) when it is installed (``doc_to_docx``); otherwise the message names that command.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from compare.errors import InputError
from compare.models import Block
from compare.textkit.tables import clean_cell, row_text

__all__ = ["OLD_WORD_SUFFIXES", "WORD_SUFFIXES", "doc_to_docx", "docx_blocks"]

WORD_SUFFIXES = (".docx",)
OLD_WORD_SUFFIXES = (".doc", ".wps")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*(\d)", re.IGNORECASE)
_CN_DIGITS = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _cn(n: int) -> str:
    """1-99 in Chinese numerals as Word's chineseCounting writes them (十一, 二十)."""
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones else "") if n >= 10 else _CN_DIGITS[n]


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(n: int, fmt: str) -> str:
    """A counter in one of Word's number formats."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital"):
        return _cn(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalEnclosedCircle" and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """Word's list numbering: the number each numbered paragraph shows."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str, str]]] = {}
        self.abstract_of: dict[str, str] = {}
        self.starts: dict[tuple[str, int], int] = {}
        self.counters: dict[str, list[int]] = {}  # numId -> the count at each level (0: unset)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[int, str, str, str]]] = {}
        for an in root.iter(_W + "abstractNum"):
            lv: dict[int, tuple[int, str, str, str]] = {}
            for lvl in an.iter(_W + "lvl"):
                ilvl = int(lvl.get(_W + "ilvl", "0"))
                start = lvl.find(_W + "start")
                fmt = lvl.find(_W + "numFmt")
                text = lvl.find(_W + "lvlText")
                suff = lvl.find(_W + "suff")
                lv[ilvl] = (
                    int(start.get(_W + "val", "1")) if start is not None else 1,
                    fmt.get(_W + "val", "decimal") if fmt is not None else "decimal",
                    text.get(_W + "val", "") if text is not None else "",
                    suff.get(_W + "val", "tab") if suff is not None else "tab",
                )
            abstract[an.get(_W + "abstractNumId", "")] = lv
        for num in root.iter(_W + "num"):
            num_id = num.get(_W + "numId", "")
            ref = num.find(_W + "abstractNumId")
            if ref is None:
                continue
            self.levels[num_id] = abstract.get(ref.get(_W + "val", ""), {})
            for override in num.iter(_W + "lvlOverride"):
                start = override.find(_W + "startOverride")
                if start is not None:
                    ilvl = int(override.get(_W + "ilvl", "0"))
                    self.starts[(num_id, ilvl)] = int(start.get(_W + "val", "1"))

    def label(self, num_id: str, ilvl: int) -> str:
        """The number of the next paragraph of list ``num_id`` at level ``ilvl`` (and its
        separator), counters advanced; '' for a bullet or an unknown list."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)

        def first(k: int) -> int:
            lv = levels.get(k)
            return self.starts.get((num_id, k), lv[0] if lv else 1)

        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else first(ilvl)
        for k in range(ilvl + 1, 9):
            counters[k] = 0  # a deeper list restarts under each new item
        _, fmt, text, suff = levels[ilvl]
        if fmt in ("bullet", "none") or not text:
            return ""

        def value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k)
            return _format(counters[k] or first(k), lv[1] if lv else "decimal")

        shown = re.sub(r"%(\d)", value, text)
        if suff == "nothing" or shown[-1:] in "、，．）)：:":
            return shown
        return shown + " "


def _style_numpr(paragraph: Any) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph's numbering, its own or its style's."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    style = paragraph.style
    while num_pr is None and style is not None:
        s_pr = style.element.pPr
        num_pr = s_pr.numPr if s_pr is not None else None
        style = style.base_style
    if num_pr is None or num_pr.numId is None:
        return None
    ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    return str(num_pr.numId.val), int(ilvl)


def _heading_level(paragraph: Any) -> int:
    style = paragraph.style
    while style is not None:
        m = _HEADING_STYLE.fullmatch(style.name or "")
        if m:
            return int(m.group(1))
        style = style.base_style
    return 0


def _paragraph_text(p: Any) -> str:
    """A cell paragraph's text; a tab or line break inside it reads as a space."""
    parts = []
    for el in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        parts.append((el.text or "") if el.tag == _W + "t" else " ")
    return "".join(parts)


def _row_cells(row: Any) -> list[str]:
    """A table row's cells in grid order: a merged cell's text once, the slots it covers empty."""
    tr = row._tr
    cells = [""] * (tr.grid_before or 0)
    for tc in tr.tc_lst:
        continued = tc.vMerge == "continue"
        text = "" if continued else clean_cell(" ".join(_paragraph_text(p)
                                                        for p in tc.iter(_W + "p")))
        cells.append(text)
        cells.extend([""] * ((tc.grid_span or 1) - 1))
    return cells


def docx_blocks(raw: bytes, *, name: str) -> list[Block]:
    """The blocks of a .docx file (see the module docstring)."""
    import docx  # heavy (lxml): loaded only when a Word file is read
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises several types for a broken package
        raise InputError(
            f"{name} cannot be read as a Word .docx file ({type(exc).__name__}: {exc}).",
            "Open it in Word or LibreOffice, save it again as .docx, and ingest that file.",
        ) from None
    numbering = _Numbering(document)
    blocks: list[Block] = []
    line = 0
    for child in document.element.body.iterchildren():
        if child.tag == _W + "p":
            line += 1
            paragraph = Paragraph(child, document)
            text = clean_cell(paragraph.text)
            found = _style_numpr(paragraph)
            label = numbering.label(*found) if found is not None else ""
            if text:
                blocks.append(Block(label + text, line, _heading_level(paragraph)))
        elif child.tag == _W + "tbl":
            for row in Table(child, document).rows:
                line += 1
                cells = _row_cells(row)
                if any(cells):
                    blocks.append(Block(row_text(cells), line))
    return blocks


def doc_to_docx(raw: bytes, *, name: str, suffix: str) -> bytes:
    """A .doc/.wps file converted to .docx by LibreOffice; InputError naming the command when
    LibreOffice is not installed or fails."""
    command = shutil.which("soffice") or shutil.which("libreoffice")
    how = f"soffice --headless --convert-to docx {Path(name).name}"
    if command is None:
        raise InputError(
            f"{name} is an old Word file ({suffix}); compare reads those through LibreOffice, "
            "which is not installed.",
            f"Convert it to .docx (`{how}`, or Save As .docx in Word) and ingest the .docx file.",
        )
    with tempfile.TemporaryDirectory(prefix="compare-doc-") as tmp:
        source = Path(tmp) / f"report{suffix}"
        source.write_bytes(raw)
        try:
            subprocess.run(
                [command, "--headless", "--convert-to", "docx", "--outdir", tmp, str(source)],
                check=True, capture_output=True, timeout=180,
            )
            return (Path(tmp) / "report.docx").read_bytes()
        except (subprocess.SubprocessError, OSError) as exc:
            raise InputError(
                f"LibreOffice could not convert {name} to .docx ({type(exc).__name__}).",
                f"Convert it yourself (`{how}`) and ingest the .docx file.",
            ) from None
