"""The sample's statuses at every level, as reports/README.md writes them down by hand, against
what every output shows: the JSON document, the page, the Markdown summary and the terminal."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from compare.export import pair_json
from compare.models import SECTION_STATUSES, Comparison
from compare.pipeline import compare_years, ingest
from compare.render import render_html, render_markdown
from compare.store import Store

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "reports" / "README.md"
Entry = tuple[int | None, int | None, str]  # old line, new line, status


def _line(cell: str) -> int | None:
    """The source line a README cell ends with, ``(40)``; None for a cell that says ``–``."""
    cell = cell.strip()
    if cell in ("–", "-", ""):
        return None
    m = re.search(r"\((\d+)\)\s*$", cell)
    assert m, f"no line number in README cell {cell!r}"
    return int(m.group(1))


def expected_entries() -> Counter[Entry]:
    """Every entry of 'Expected statuses at every level (items included)' in reports/README.md."""
    text = README.read_text(encoding="utf-8")
    part = text.split("## Expected statuses at every level (items included)", 1)[1]
    part = part.split("### Counts per status", 1)[0]
    found: Counter[Entry] = Counter()
    for row in part.splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if not row.startswith("|") or len(cells) < 4:
            continue
        status = next((c.strip("*") for c in cells[2:4] if c.strip("*") in SECTION_STATUSES), None)
        if status is None:
            continue  # a header or separator row
        found[(_line(cells[0]), _line(cells[1]), status)] += 1
    return found


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Comparison:
    db = tmp_path_factory.mktemp("sample") / "store.db"
    with Store(db) as store:
        ingest(store, [ROOT / "reports"])
        return compare_years(store, 2018, 2019)


class TestReadmeTable:
    def test_the_readme_lists_55_entries(self) -> None:
        """The parser reads every row the README counts: 18 at levels 0-2 and 37 items."""
        entries = expected_entries()
        assert sum(entries.values()) == 55
        counts = Counter(status for (_o, _n, status), k in entries.items() for _ in range(k))
        assert counts == {"unchanged": 5, "changed": 21, "renamed": 9, "moved": 1, "split": 2,
                          "merged": 7, "added": 4, "removed": 6}


class TestSampleStatuses:
    def test_json_entries_match_the_readme(self, sample: Comparison) -> None:
        """Every JSON entry (old line, new line, status) is one the README expects, and all are."""
        doc = pair_json(sample)
        got = Counter(
            (
                e["old"]["line"] if e["old"] else None,
                e["new"]["line"] if e["new"] else None,
                e["status"],
            )
            for e in doc["sections"]
            if not e.get("relation")
        )
        assert got == expected_entries()

    def test_json_summary_counts_match(self, sample: Comparison) -> None:
        """The summary counts per status are those of the README's table."""
        want = Counter(s for (_o, _n, s), k in expected_entries().items() for _ in range(k))
        assert pair_json(sample)["summary"]["sections"] == {s: want[s] for s in SECTION_STATUSES}

    def test_page_entries_match_the_readme(self, sample: Comparison) -> None:
        """Each entry of the page carries the status and both lines the README expects."""
        page = _PageEntries()
        page.feed(render_html(sample))
        assert Counter(page.entries) == expected_entries()

    def test_markdown_table_matches_the_readme(self, sample: Comparison) -> None:
        """The Markdown sections table has one row per expected entry, with its status."""
        md = render_markdown(sample)
        table = md.split("## Sections", 1)[1].split("## ", 1)[0]
        rows = [r for r in table.splitlines() if re.match(r"\| \d+ \|", r)]
        got = Counter(r.split("|")[2].strip() for r in rows)
        want = Counter(s for (_o, _n, s), k in expected_entries().items() for _ in range(k))
        assert got == want

    def test_terminal_counts_match_the_readme(self, tmp_path: Path) -> None:
        """`compare 2018 2019` prints the README's counts per status."""
        (tmp_path / "reports").mkdir()
        for name in ("2018.txt", "2019.txt"):
            (tmp_path / "reports" / name).write_bytes((ROOT / "reports" / name).read_bytes())
        run = subprocess.run(
            [sys.executable, "-m", "compare.cli", "2018", "2019"],
            cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", check=True,
        )
        line = next(x for x in run.stdout.splitlines() if x.startswith("Sections: "))
        got = {s: int(n) for n, s in re.findall(r"(\d+) (\w+)", line)}
        want = Counter(s for (_o, _n, s), k in expected_entries().items() for _ in range(k))
        assert got == dict(want)
        # Most changed: titles on both sides and the page's scores, in the page's order.
        table = run.stdout.split("Most changed sections", 1)[1].split("└", 1)[0]
        rows = [[c.strip() for c in r.split("│")[1:-1]] for r in table.splitlines()
                if r.startswith("│")]
        assert len(rows) == 5 and all(all(cells) for cells in rows)
        assert [int(r[3].rstrip("%")) for r in rows] == sorted(
            (int(r[3].rstrip("%")) for r in rows), reverse=True
        )

    def test_most_changed_takes_every_kind_of_change(self, sample: Comparison) -> None:
        """A split or merge is ranked once, by the words changed over all its parts."""
        picked = sample.most_changed(limit=len(sample.sections))
        kinds = {sample.sections[k].status for k in picked}
        assert {"split", "merged", "renamed", "changed", "moved"} <= kinds
        groups = [k for k in picked if sample.sections[k].status in ("split", "merged")]
        # The (三) split, the (七)+(八) merge and the two merges of their items: once each.
        assert len(groups) == 4
        assert all(sample.joined[k] is not None for k in groups)


class _PageEntries(HTMLParser):
    """(old line, new line, status) of each <section class="entry"> of a pair page."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []
        self._cur: dict[str, object] | None = None
        self._side = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "section" and "entry" in cls:
            self._close()
            self._cur = {"status": a.get("data-status"), "old": None, "new": None}
        elif self._cur is not None and tag == "div" and cls and cls[0] in ("old", "new"):
            if "data-line" in a:
                self._cur[cls[0]] = int(a["data-line"] or 0)
        elif tag == "section" and "metrics" in cls:
            self._close()

    def _close(self) -> None:
        if self._cur is not None:
            self.entries.append(
                (self._cur["old"], self._cur["new"], str(self._cur["status"]))  # type: ignore[arg-type]
            )
        self._cur = None

    def close(self) -> None:
        super().close()
        self._close()

