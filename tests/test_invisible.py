"""Invisible characters (zero-width, BOM, bidi controls, soft hyphen) inside ordinals and numbers:
one normalisation in ``textkit.chars`` runs before the heading and number grammars, source
positions are kept, and the stored text stays as written."""

from __future__ import annotations

import pytest

from compare.ingest.reader import parse_document
from compare.models import Report
from compare.pipeline import build_report
from compare.store import Store
from compare.textkit.chars import INVISIBLE, fold, visible
from compare.textkit.headings import mask_title, match_heading, strip_ordinal

# One of each family: zero-width space, BOM, LRM, RLM, an override, an isolate, a soft hyphen.
SAMPLES = ("\u200b", "\ufeff", "\u200e", "\u200f", "\u202e", "\u2066", "\u00ad")


def report(body: str) -> Report:
    """The report built from a small text file holding ``body`` under a title."""
    raw = ("某市2019年工作报告\n\n" + body).encode("utf-8")
    return build_report(parse_document(raw, path="2019.txt"))


class TestVisible:
    def test_removed_and_mapped(self) -> None:
        """Every invisible character is removed; each kept character maps to its source offset."""
        text = "a\u200bb\u00adc\u200e"
        shown, keep = visible(text)
        assert shown == "abc"
        assert keep == [0, 2, 4, 6]
        assert all(text[keep[i]] == ch for i, ch in enumerate(shown))

    def test_plain_text_unchanged(self) -> None:
        """A text without invisible characters comes back as it is, offsets one to one."""
        shown, keep = visible("一、总体")
        assert shown == "一、总体" and keep == [0, 1, 2, 3, 4]

    @pytest.mark.parametrize("ch", SAMPLES)
    def test_fold_drops_the_same_set(self, ch: str) -> None:
        """Folding for matching drops the same characters (one set, ``INVISIBLE``)."""
        assert ch in INVISIBLE
        assert fold(f"总{ch}体") == "总体"


class TestHeadings:
    @pytest.mark.parametrize("ch", SAMPLES)
    def test_heading_after_invisible(self, ch: str) -> None:
        """``{ch}一、…`` is still a level-1 heading; marker_end indexes the text as given."""
        text = f"{ch}一、总体情况"
        hm = match_heading(text)
        assert hm is not None and hm.kind == "dun" and hm.ordinal == (1,)
        assert text[hm.marker_end :] == "总体情况"

    def test_invisible_inside_ordinal(self) -> None:
        """An LRM inside ``（一）`` does not hide the ordinal."""
        hm = match_heading("（\u200e一）加强领导")
        assert hm is not None and hm.kind == "cn_paren"

    @pytest.mark.parametrize("ch", ["\u200b", "\ufeff", "\u200e"])
    def test_sections_not_renumbered(self, ch: str) -> None:
        """A report whose first heading starts with ``{ch}`` keeps all its sections and lines."""
        r = report(f"{ch}一、总体情况\n做好工作。\n二、下一步\n继续努力。\n")
        assert [(s.path, s.line) for s in r.sections] == [("1", 3), ("2", 5)]
        assert r.sections[0].title == f"{ch}一、总体情况"  # stored as written

    def test_masks_ignore_invisible(self) -> None:
        """Title masks and ordinal stripping see through invisible characters."""
        assert strip_ordinal("\u200b一、总体情况") == "总体情况"
        assert mask_title("\u200b（一）总体\u200e情况") == mask_title("（一）总体情况")


class TestNumbers:
    def test_lrm_inside_number(self) -> None:
        """``1\\u200e00亿元`` is 100亿元, not 0; the quantity's text is as written."""
        (m,) = report("一、总体\n完成1\u200e00亿元投资。\n").metrics
        assert (m.quantity.value, m.quantity.unit) == ("10000000000", "元")
        assert m.quantity.text == "1\u200e00亿元"

    def test_soft_hyphen_inside_number(self) -> None:
        """``6\\u00ad.5%`` reads 6.5%."""
        (m,) = report("一、总体\n经济增长6\u00ad.5%。\n").metrics
        assert (m.quantity.value, m.quantity.unit, m.quantity.text) == ("6.5", "%", "6\u00ad.5%")

    def test_zero_width_before_number_keeps_line(self) -> None:
        """A number after a zero-width space keeps its own source line."""
        (m,) = report("一、总体\n做好工作。\n新增\u200b76件。\n").metrics
        assert (m.quantity.value, m.quantity.line) == ("76", 5)


class TestLossless:
    def test_stored_text_as_written(self, store: Store) -> None:
        """The store keeps every invisible character of the source."""
        body = "\u200b一、总体\u00ad情况\n完成1\u200e00亿元投资。\n"
        store.put_report(report(body))
        got = store.get_report("某市工作报告", 2019)
        assert got is not None
        text = "\n".join(s.text for s in got.sections)
        for ch in ("\u200b", "\u00ad", "\u200e"):
            assert ch in text
