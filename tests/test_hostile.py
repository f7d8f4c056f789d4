"""Hostile report text is shown as text in the page, the Markdown and the JSON export.

Hypothesis builds two years of a Markdown report whose headings and paragraphs carry markup,
template syntax, bidi overrides and NULs, and runs them through ingest -> store -> compare ->
render. The page is parsed with ``html.parser`` and set against the page rendered from the same
reports with every hostile character swapped for a harmless one (same structure): elements that
can run or load anything occur exactly as often, every other kind of element (tag and attribute
names) occurs in the neutral page or in the diff's own markup, links stay internal, script
bodies are identical. So no element or attribute comes from report text.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.export import pair_json
from compare.ingest.reader import parse_document
from compare.pipeline import build_report, compare_reports
from compare.render import render_html, render_markdown
from compare.store.db import Store

HOSTILE = (
    "<script>alert(x)</script>",
    "<img src=x onerror=alert(x)>",
    "</textarea>",
    "{{ x*x }}",
    "{% raw %}",
    "{# c #}",
    "\u202e",
    "\x00",
    '"><svg onload=alert(x)>',
    "<a href='javascript:alert(x)'>x</a>",
    "&lt;b&gt;",
    "<!--",
    "]]>",
    "<style>*{}</style>",
    "</div></body>",
)
# One harmless character for each character a hostile fragment is made of, of the same token
# class (punctuation for punctuation), so the neutral reports diff and align alike. The
# fragments hold no digits, so they add no metrics.
NEUTRAL = str.maketrans({
    "<": "(", ">": ")", "&": "+", '"': "'", "{": "[", "}": "]", "%": "#", "\u202e": "|",
    "\x00": "|", "=": ":", "/": "|", "!": "?", "*": "x", "`": "'",
})
# No numbers: which metrics are found and paired depends on the words around them, and the
# neutral characters change those words; test_metric_text puts hostile text into metrics.
BASE = (
    "今年以来，我市加强法治政府建设，完善行政决策程序。",
    "全面推行行政执法公示制度，规范执法行为。",
    "组织全市行政执法人员参加培训，提高执法水平。",
    "下一步，我们将继续深化改革，提高依法行政水平。",
)
CSP = re.compile(
    r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', re.IGNORECASE
)


ACTIVE = ("script", "style", "img", "svg", "iframe", "object", "embed", "textarea", "form",
          "input", "link", "meta", "base", "<!--")


class Shape(HTMLParser):
    """Every element with its attribute names, script bodies, and all text, of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: Counter[tuple[str, tuple[str, ...]]] = Counter()
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.hrefs: list[str] = []
        self._in_script = False

    def count(self, tag: str) -> int:
        return sum(n for (t, _), n in self.elements.items() if t == tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements[(tag, tuple(sorted(name for name, _ in attrs)))] += 1
        self.hrefs += [value or "" for name, value in attrs if name == "href"]
        self._in_script = tag == "script"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_script = False

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)

    def handle_comment(self, data: str) -> None:
        self.elements[("<!--", ())] += 1


def shape(page: str) -> Shape:
    parser = Shape()
    parser.feed(page)
    parser.close()
    return parser


Frags = list[tuple[int, str]]
Part = tuple[str, Frags, str, Frags]  # heading, its fragments, body, its fragments
Plan = tuple[list[Part], list[Part]]


def spiced(text: str, frags: Frags, neutral: bool) -> str:
    """``text`` with fragments inserted after its ``pos``-th (mod n) mark ，。 or 分 (never at the
    start of a line, never inside a number, so metrics are the same as in the neutral text)."""
    marks = [i + 1 for i, ch in enumerate(text) if ch in "，。分"] or [len(text)]
    for pos, frag in sorted(((marks[p % len(marks)], f) for p, f in frags), reverse=True):
        text = text[:pos] + (frag.translate(NEUTRAL) if neutral else frag) + text[pos:]
    return text


frag_lists = st.lists(st.tuples(st.integers(0, 200), st.sampled_from(HOSTILE)), max_size=3)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """Two years of sections sharing structure, each heading and body with hostile fragments."""
    old: list[Part] = []
    for n in range(draw(st.integers(1, 3))):
        body = "".join(draw(st.permutations(BASE))[:2])
        old.append((f"第{n + 1}部分工作情况", draw(frag_lists), body, draw(frag_lists)))
    new: list[Part] = [
        (head, hf, body, bf + draw(frag_lists) if draw(st.booleans()) else bf)
        for head, hf, body, bf in old
    ]
    if draw(st.booleans()):
        new.append(("新增部分", draw(frag_lists), BASE[3], draw(frag_lists)))
    return old, new


def markdown(year: int, parts: list[Part], *, neutral: bool = False) -> str:
    lines = [f"某市{year}年工作报告", ""]
    for head, hf, body, bf in parts:
        lines += [f"## {spiced(head, hf, neutral)}", "", spiced(body, bf, neutral), ""]
    return "\n".join(lines)


def encoded(text: str) -> bytes:
    # A NUL is refused in UTF-8 input as a sign of a binary file; UTF-16 carries it as text.
    return b"\xff\xfe" + text.encode("utf-16-le") if "\x00" in text else text.encode()


def run_pipeline(old_md: str, new_md: str, db: Path) -> tuple[Any, str]:
    """Ingest both years into a fresh store, read them back, compare and render."""
    db.unlink(missing_ok=True)
    with Store(db) as store:
        for year, text in ((2018, old_md), (2019, new_md)):
            doc = parse_document(encoded(text), path=f"r/{year}.md")
            store.put_report(build_report(doc))
        old = store.get_report("某市工作报告", 2018)
        new = store.get_report("某市工作报告", 2019)
    assert old is not None and new is not None
    comparison = compare_reports(old, new)
    return comparison, render_html(comparison)


_KINDS: set[tuple[str, tuple[str, ...]]] = set()


def reference_kinds(tmp_path: Path) -> set[tuple[str, tuple[str, ...]]]:
    """Element kinds of neutral pages with every kind of change and entry (their own markup)."""
    if not _KINDS:
        old = markdown(2018, [("概况", [], BASE[0] + BASE[1], []), ("旧部分", [], BASE[2], [])])
        new = markdown(2019, [("概况", [], BASE[0] + "新增一句话。" + BASE[3], []),
                              ("新部分", [], "完全不同的内容。", [])])
        _KINDS.update(shape(run_pipeline(old, new, tmp_path / "r.db")[1]).elements)
        # The sample reports: moved, split, merged and renamed entries, metric marks, moves.
        reports = Path(__file__).resolve().parents[1] / "reports"
        sample = [
            build_report(parse_document((reports / f"{y}.txt").read_bytes(), path=f"{y}.txt"))
            for y in (2018, 2019)
        ]
        _KINDS.update(shape(render_html(compare_reports(*sample))).elements)
    return _KINDS


class TestHostileText:
    @settings(max_examples=200, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(plan=plans())
    def test_no_markup_from_report_text(self, tmp_path: Path, plan: Plan) -> None:
        """Page elements and attributes match the neutral page's; hostile text shows as text."""
        old_parts, new_parts = plan
        comparison, page = run_pipeline(
            markdown(2018, old_parts), markdown(2019, new_parts), tmp_path / "h.db")
        _, neutral = run_pipeline(markdown(2018, old_parts, neutral=True),
                                  markdown(2019, new_parts, neutral=True), tmp_path / "n.db")
        got, want = shape(page), shape(neutral)
        # Hostile and neutral words may tokenize apart (more or fewer <del>/<ins> runs), so
        # counts are compared for the elements that can run, load or submit anything, and
        # every kind of element (tag and attribute names) must also occur in the neutral page.
        for tag in ACTIVE:
            assert got.count(tag) == want.count(tag), tag
        assert set(got.elements) <= set(want.elements) | reference_kinds(tmp_path)
        assert got.scripts == want.scripts
        assert all(href.startswith("#") for href in got.hrefs)
        assert "\x00" not in page and "\u202e" not in page
        text = "".join(got.text)
        for _, head_frags, _, _ in new_parts:
            for _, frag in head_frags:
                if frag not in ("\x00", "\u202e"):
                    assert frag in text, frag
        # Markdown: every < is escaped, so no renderer takes report text for HTML.
        md = render_markdown(comparison)
        assert re.search(r"(?<!\\)<[A-Za-z/!?]", md) is None
        assert "\x00" not in md and "\u202e" not in md
        # JSON: the titles come back exactly as written, controls included.
        doc = json.loads(json.dumps(pair_json(comparison), ensure_ascii=False))
        titles = {e["new"]["title"] for e in doc["sections"] if e["new"]}
        assert titles == {s.title for s in comparison.new.sections if s.title or s.level}

    def test_metric_text(self, tmp_path: Path) -> None:
        """Hostile words around a metric (its label and quote) reach the page only as text."""
        frags = [(n, f) for n, f in enumerate(HOSTILE)]
        old = markdown(2018, [("概况", [], "办理行政复议案件76件，同比增长。", frags)])
        new = markdown(2019, [("概况", [], "办理行政复议案件91件，同比增长。", frags)])
        comparison, page = run_pipeline(old, new, tmp_path / "m.db")
        assert [c.status for c in comparison.metrics] == ["changed"]
        got = shape(page)
        kinds = {tag for tag, _ in got.elements}
        assert not kinds & {"img", "svg", "textarea", "iframe", "object", "embed", "base"}
        assert got.elements[("script", ())] == 1 and got.elements[("style", ())] == 1
        assert not [a for _, a in got.elements if any(n.startswith("on") for n in a)]
        assert "<script>alert(x)</script>" in "".join(got.text)

    def test_restrictive_csp(self, tmp_path: Path) -> None:
        """The page forbids every fetch: default-src 'none', no remote source, no eval."""
        script = [(1, HOSTILE[0])]
        old = markdown(2018, [("概况", script, BASE[0], [])])
        new = markdown(2019, [("概况", script, BASE[1], [])])
        _, page = run_pipeline(old, new, tmp_path / "c.db")
        found = CSP.findall(page)
        assert len(found) == 1
        policy = {d.split()[0]: d.split()[1:] for d in found[0].split(";") if d.strip()}
        assert policy["default-src"] == ["'none'"]
        sources = [s for values in policy.values() for s in values]
        assert not [s for s in sources if s in ("*", "'unsafe-eval'") or ":" in s.strip("'")
                    and s != "data:"]
        assert page.index("Content-Security-Policy") < page.index("<body")
