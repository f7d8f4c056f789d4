"""Corrections that stick: `compare correct`, kept in the store (schema 5), followed by every
later comparison, page, site and trend, and surviving a re-ingest and a rebuilt site."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from cli_process import run_cli
from support import cli_env
from test_store import make_report, version_of, write_v2

from compare.corrections import apply_metric_corrections, make_correction
from compare.errors import InputError
from compare.models import Correction
from compare.pipeline import compare_reports, compare_years, ingest, load_report, metric_trends
from compare.series.site import build_site
from compare.store import Store
from compare.store.db import SCHEMA_VERSION

REPO = Path(__file__).resolve().parents[1]
SERIES = "恩平市法治政府建设情况报告"


def write_v4(path: Path) -> None:
    """A schema 4 store, as compare's schema 4 code left it (no corrections table)."""
    write_v2(path, make_report())
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE reports ADD COLUMN segmenter TEXT NOT NULL DEFAULT ''")
        for table in ("sections", "matter"):
            conn.execute(f"ALTER TABLE {table} ADD COLUMN page INTEGER NOT NULL DEFAULT 0")
            conn.execute(f"ALTER TABLE {table} ADD COLUMN starts TEXT NOT NULL DEFAULT '[]'")
        conn.execute("ALTER TABLE metrics ADD COLUMN page INTEGER NOT NULL DEFAULT 0")
        conn.execute("UPDATE compare_meta SET value = '4' WHERE key = 'schema_version'")


def proc(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI as a real process in ``cwd`` (the environment of every other CLI test's)."""
    return run_cli(*args, cwd=cwd, env=cli_env(COLUMNS="200"))


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_db: Path) -> Path:
    """A folder with a copy of reports/ ingested into s.db, as the current directory."""
    shutil.copytree(REPO / "reports", tmp_path / "reports")
    shutil.copy(sample_db, tmp_path / "s.db")
    monkeypatch.chdir(tmp_path)
    return tmp_path


class TestMigration:
    def test_v4_store_upgraded_to_v5(self, tmp_path: Path) -> None:
        """A schema 4 store reads no corrections, then gains the table on its first write."""
        path = tmp_path / "v4.db"
        write_v4(path)
        with Store(path) as store:
            assert store.corrections() == []
            assert version_of(path) == 4  # reading does not upgrade
            c = Correction("测试系列", "section", True, 2018, 2019, "1", "一、甲", "1", "一、乙")
            number = store.put_correction(c)
            assert store.corrections("测试系列") == [Correction(**{**c.__dict__, "id": number})]
            assert store.get_report("测试系列", 2019) == make_report()
            assert store.integrity() == "ok"
        assert version_of(path) == SCHEMA_VERSION

    def test_same_pair_replaces_the_earlier_verdict(self, tmp_path: Path) -> None:
        """Saying again what two sections are keeps only the latest verdict."""
        with Store(tmp_path / "s.db") as store:
            c = Correction("s", "section", True, 2018, 2019, "1", "甲", "2", "乙")
            store.put_correction(c)
            store.put_correction(Correction(**{**c.__dict__, "same": False}))
            assert [x.same for x in store.corrections("s")] == [False]


class TestApply:
    def test_same_sections_pair_by_hand(self, work: Path) -> None:
        """'Same' makes the pair (breaking the sections' other pairs) and marks it set by hand."""
        with Store(work / "s.db") as store:
            old, new = load_report(store, SERIES, 2018), load_report(store, SERIES, 2019)
            fix = make_correction(old, new, "section", "1/8", "3/2", same=True)
            comp = compare_reports(old, new, corrections=[fix])
        made = [p for p in comp.sections if p.set_by_hand]
        assert [(p.old and p.old.path, p.new and p.new.path) for p in made] == [("1/8", "3/2")]
        assert made[0].status == "renamed"
        # 2018 (八) left the merge, so 2019 (七) keeps 2018 (七) alone.
        seven = [p for p in comp.sections if p.new is not None and p.new.path == "1/7"]
        assert [(p.old and p.old.path, p.status) for p in seven] == [("1/7", "renamed")]

    def test_different_sections_unpair(self, work: Path) -> None:
        """'Not the same' breaks a pair: both sides stand alone, set by hand."""
        with Store(work / "s.db") as store:
            old, new = load_report(store, SERIES, 2018), load_report(store, SERIES, 2019)
            fix = make_correction(old, new, "section", "(六)依法有效化解社会矛盾纠纷。", "1/6",
                                  same=False)
            comp = compare_reports(old, new, corrections=[fix])
        hand = {(p.status, p.old and p.old.path, p.new and p.new.path)
                for p in comp.sections if p.set_by_hand}
        assert hand == {("removed", "1/6", None), ("added", None, "1/6")}

    def test_metrics_paired_and_unpaired(self, work: Path) -> None:
        """'Same' pairs two metrics with their delta; 'not the same' splits a pair in two."""
        with Store(work / "s.db") as store:
            old, new = load_report(store, SERIES, 2018), load_report(store, SERIES, 2019)
        base = compare_reports(old, new).metrics
        same = make_correction(old, new, "metric", "206名", "223名", same=True)
        apart = make_correction(old, new, "metric", "76件", "91件", same=False)
        got = apply_metric_corrections(old, new, base, [same, apart])
        # 206名 was paired with 235名 and 223名 with 198名: one pair out of two leaves 235名 added
        # and 198名 removed (+1); 76件 → 91件 becomes two entries (+1).
        assert len(got) == len(base) + 2
        paired = [c for c in got if c.set_by_hand and c.old and c.new]
        assert [(c.old.quantity.text, c.new.quantity.text, c.delta) for c in paired if c.old
                and c.new] == [("206名", "223名", "17")]
        alone = sorted((c.status, (c.old or c.new).quantity.text) for c in got  # type: ignore[union-attr]
                       if c.set_by_hand and (c.old is None or c.new is None))
        assert alone == [("added", "91件"), ("removed", "76件")]
        every = [m for c in got for m in (c.old, c.new) if m is not None]
        assert len(every) == len(set(map(id, every))) == len(old.metrics) + len(new.metrics)

    def test_unknown_section_names_candidates(self, work: Path) -> None:
        """A section that is not there is an error naming the closest ones."""
        with Store(work / "s.db") as store:
            old, new = load_report(store, SERIES, 2018), load_report(store, SERIES, 2019)
        with pytest.raises(InputError) as info:
            make_correction(old, new, "section", "9/9", "1/1", same=True)
        assert str(info.value).startswith(f"'9/9' matches no section of {SERIES} 2018. Closest: ")
        assert str(info.value).endswith(
            "Name the section by its path (the first column of `compare show YEAR`) or its title."
        )


class TestCorrectionsStick:
    def test_survive_reingest_and_rebuilt_site(self, work: Path) -> None:
        """A correction given once is followed after the report is re-ingested with new bytes,
        by the JSON, the rebuilt site's pair page and its trends."""
        done = proc("correct", "same", "2018:1/8", "2019:3/2", "--db", "s.db", cwd=work)
        assert done.returncode == 0, done.stderr
        assert done.stdout == (
            f"Correction 1 kept: {SERIES} 2018 (八)提高领导干部法治思维。 and 2019 "
            "(二)加强业务培训,提高干部法治思维。 are the same.\n"
        )
        done = proc("correct", "same", "2018:206名", "2019:223名", "--metric", "--db", "s.db",
                    cwd=work)
        assert done.returncode == 0, done.stderr
        site = work / "site"
        with Store(work / "s.db") as store:
            first = build_site(store, SERIES, site)
        assert "2018-2019.html" in first.written
        # New bytes for 2019 (a trailing line): the report is replaced, the corrections stay.
        path = work / "reports" / "2019.txt"
        path.write_bytes(path.read_bytes() + b"\n")
        with Store(work / "s.db") as store:
            assert [r.status for r in ingest(store, [path])] == ["replaced"]
            comp = compare_years(store, 2018, 2019)
            hand = [(p.old.path, p.new.path) for p in comp.sections
                    if p.set_by_hand and p.old and p.new]
            assert hand == [("1/8", "3/2")]
            rebuilt = build_site(store, SERIES, site)
            chains = metric_trends(store, SERIES).chains
        assert "2018-2019.html" in rebuilt.written
        page = (site / "2018-2019.html").read_text(encoding="utf-8")
        assert page.count('class="hand"') == 2  # the section entry and the metric row
        doc = json.loads(proc("2018", "2019", "--db", "s.db", "-f", "json", cwd=work).stdout)
        assert [e["new"]["path"] for e in doc["sections"] if e.get("set_by_hand")] == ["3/2"]
        assert [(m["old"]["text"], m["new"]["text"]) for m in doc["metrics"]
                if m.get("set_by_hand")] == [("206名", "223名")]
        joined = [c for c in chains if [m.quantity.text for _, m in c.values if m] ==
                  ["206名", "223名"]]
        assert len(joined) == 1  # the trend follows the metric correction

    def test_unchanged_site_skips_until_a_correction(self, work: Path) -> None:
        """A rebuild with nothing new skips the pages; a new correction rewrites them."""
        site = work / "site"
        with Store(work / "s.db") as store:
            build_site(store, SERIES, site)
            assert build_site(store, SERIES, site).written == ()
        assert proc("correct", "different", "2018:1/6", "2019:1/6", "--db", "s.db",
                    cwd=work).returncode == 0
        with Store(work / "s.db") as store:
            again = build_site(store, SERIES, site)
        assert {"2018-2019.html", "timeline.html", "trends.html"} <= set(again.written)


class TestCorrectCommand:
    def test_list_and_remove(self, work: Path) -> None:
        """`correct list` shows what is kept; `correct remove N` forgets it."""
        assert proc("correct", "list", "--db", "s.db", cwd=work).stdout == (
            "No corrections are kept.\n"
        )
        proc("correct", "different", "2018:1/6", "2019:1/6", "--db", "s.db", cwd=work)
        listed = proc("correct", "list", "--db", "s.db", cwd=work).stdout.splitlines()
        assert listed == [
            f"1  {SERIES}  section  different  2018 1/6 (六)依法有效化解社会矛盾纠纷。  →  "
            "2019 1/6 (六)健全矛盾纠纷多元化解机制情况。"
        ]
        assert proc("correct", "remove", "1", "--db", "s.db", cwd=work).stdout == (
            "Correction 1 removed.\n"
        )
        gone = proc("correct", "remove", "1", "--db", "s.db", cwd=work)
        assert gone.returncode == 2
        assert gone.stderr == (
            "Error: No correction number 1 is kept. See `compare correct list` for the numbers.\n"
        )

    def test_bad_side_is_a_usage_error(self, work: Path) -> None:
        """A side without YEAR: is refused with the form to use; the store is unchanged."""
        before = (work / "s.db").read_bytes()
        done = proc("correct", "same", "1/8", "2019:3/2", "--db", "s.db", cwd=work)
        assert done.returncode == 2
        assert done.stderr == (
            "Error: OLD '1/8' is not YEAR:WHAT. Write e.g. 2018:1/3 (a section path), "
            "2018:\"（三）…\" (a title) or 2018:76件.\n"
        )
        assert (work / "s.db").read_bytes() == before
