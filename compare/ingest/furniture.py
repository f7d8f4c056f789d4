"""Page furniture around a report: the breadcrumb and title before it, licence and footer after,
and the year and series its title or file name names.

Public API: split_front, split_front_marked, split_back, year_series, folder_series.

A title naming two years (``2024年预算执行情况和2025年预算草案``) gives the first: the report is on
that year, the second is the year it plans for. A Markdown file's ``**Date:**`` gives the year
when its title names none. A series named after a folder is never ``.``, ``..`` or empty.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import PurePath

from compare.ingest.plaintext import BREADCRUMB, ends_sentence, title_like
from compare.models import Block
from compare.textkit.chars import ascii_digits, is_cjk
from compare.textkit.headings import furniture_line, match_heading
from compare.textkit.lazyre import lazy_compile
from compare.textkit.sentences import PARAGRAPH_ENDS
from compare.tuning import IngestTuning

__all__ = ["folder_series", "split_back", "split_front", "split_front_marked", "year_series"]

_YEAR = lazy_compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_TITLE_YEAR = lazy_compile(r"(?:FY\s?)?(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])(?:\s*年度?)?")
_BACK_MARKERS = lazy_compile(
    r"本作品|版权所有|Copyright|©|主办单位|承办单位|主办：|扫一扫|打印本页|关闭窗口|【打印】|"
    r"【关闭】|网站地图|ICP备|Public domain"
)
# The House's adjournment closes a parliamentary transcript: what follows (the adjournment motion,
# tabled appendices) is not the speech. A whole line, so it is never a paragraph's first word.
_ADJOURNMENT = lazy_compile(r"ADJOURNMENT")
_DATE_LINE = lazy_compile(
    r"[0-9０-９〇一二三四五六七八九十]{1,4}年.*月.*日|[0-9]{4}[-/.][0-9]{1,2}"
)


def _has_content(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _byline(text: str, t: IngestTuning) -> bool:
    """A date line (——2017年3月5日在…) or a short name line after the title."""
    if match_heading(text) is not None:
        return False
    if len(text.split()) < 2 and not any(is_cjk(c) for c in text):
        return False  # one Latin word ("Introduction") is a heading, not a name
    if text.startswith(("—", "(", "（")) and _DATE_LINE.search(text):
        return True
    return len(text) <= t.byline_max_chars and not any(
        c in PARAGRAPH_ENDS or c in "，," for c in text
    )


def split_front(blocks: list[Block], t: IngestTuning) -> tuple[int, str]:
    """How many leading blocks are page furniture, and the title found among them."""
    scan = blocks[:t.front_scan_blocks]
    end = 0
    for i, b in enumerate(scan):
        if len(b.text) <= t.breadcrumb_max_chars and BREADCRUMB.search(b.text):
            end = i + 1
    title = ""
    i = end
    while i < len(scan):
        text = scan[i].text
        if not _has_content(text):
            pass
        elif not title and (
            title_like(text, t)
            or i + 1 < len(scan) and scan[i + 1].text == text and not ends_sentence(text)
        ):
            title = text
        elif title and (text == title or _byline(text, t) and not scan[i].hint):
            pass  # a marked-up heading (## / <h2>) right after the title starts the body
        else:
            break
        i += 1
    if not title and blocks and blocks[0].hint == 1 and sum(b.hint == 1 for b in blocks) == 1:
        return 1, blocks[0].text  # a lone <h1> / "# " at the top names the document
    return (i if title else end_of_junk(scan, end)), title


def split_front_marked(blocks: Sequence[Block], front: int, title: str) -> tuple[int, str]:
    """Front matter of a Markdown file whose first ``front`` blocks are its title and metadata
    lines: those, then the title repeated and transcript furniture (a time stamp, the speaker)
    right after them."""
    end = front
    folded = title.casefold()
    while end < len(blocks) and (
        blocks[end].text.casefold() == folded or furniture_line(blocks[end].text)
    ) and not blocks[end].hint:
        end += 1
    return end, title


def end_of_junk(scan: Sequence[Block], start: int) -> int:
    """Index of the first block from ``start`` that has any letter or digit."""
    i = start
    while i < len(scan) and not _has_content(scan[i].text):
        i += 1
    return i


def split_back(blocks: list[Block], start: int, t: IngestTuning) -> int:
    """Index where licence and footer blocks begin (len(blocks) when there are none)."""
    for i in range(start + 1, len(blocks)):
        near_end = i >= len(blocks) * t.back_min_share or len(blocks) - i <= t.back_tail_blocks
        if near_end and _BACK_MARKERS.match(blocks[i].text) or _ADJOURNMENT.fullmatch(
            blocks[i].text
        ):
            return i
    end = len(blocks)
    while end > start + 1 and not _has_content(blocks[end - 1].text):
        end -= 1
    return end


def year_series(
    title: str, path: PurePath, *, date: str = ""
) -> tuple[int | None, str | None]:
    """Year and series from the title, else the file name, else the folder (see module doc); a
    ``date`` from the file's metadata gives the year before the file name does."""
    folded = ascii_digits(title)  # same length as ``title``: spans found in it cut ``title``
    found = list(_TITLE_YEAR.finditer(folded))
    if found:
        kept, last = [], 0
        for m in found:
            kept.append(title[last : m.start()])
            last = m.end()
        kept.append(title[last:])
        series = re.sub(r"\s{2,}", " ", "".join(kept)).strip(" -_–—:：")
        if series.strip(". "):  # "2019.." names no series
            return int(found[0].group(1)), series
    dated = _YEAR.search(ascii_digits(date))
    stem = ascii_digits(path.stem)
    ym = _YEAR.search(stem)
    if ym:
        rest = (path.stem[: ym.start()] + path.stem[ym.end() :]).strip(" -_.")
        year = int(dated.group(1)) if dated else int(ym.group(1))
        if any(c.isalpha() for c in rest):
            return year, rest
        return year, folder_series(path)
    return (int(dated.group(1)) if dated else None), folder_series(path)


def folder_series(path: PurePath | str) -> str | None:
    """The name of the folder a report file stands in, as a series name; None for a file named
    without a folder (``2019.txt``). Never ``.``, ``..`` or empty: ``../2019.txt`` is named after
    the real folder above the current one (from the path alone, no file system access)."""
    parent = PurePath(os.path.normpath(path)).parent
    if parent.name == "..":  # normpath leaves ".." only at the front
        return PurePath(os.path.abspath(parent)).name or None
    return parent.name or None
