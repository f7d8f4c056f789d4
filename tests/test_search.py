"""Tests for search: Store.search, pipeline.search, the compare/search/1 document, the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import SHARED
from typer.testing import CliRunner, Result

from compare import __version__
from compare.cli import _route, app
from compare.errors import CompareError, InputError
from compare.export import SEARCH_SCHEMA, search_json
from compare.models import Report, SearchHit, Section
from compare.pipeline import search
from compare.store.db import Store


def report(year: int, *bodies: str, series: str = "s") -> Report:
    """A report with one section per body, titled 一、二、…, each body on the line after it."""
    sections = tuple(
        Section(path=str(k + 1), level=1, title=f"第{k + 1}部分", text=f"第{k + 1}部分\n{body}",
                line=10 * k + 1, lines=(10 * k + 1, 10 * k + 3))
        for k, body in enumerate(bodies)
    )
    return Report(series=series, year=year, title=f"{year}", sha256=f"{year:064d}",
                  path=f"{year}.txt", sections=sections)


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    """A store of series s 2017-2019 and series t 2019."""
    s = Store(tmp_path / "s.db")
    s.put_report(report(2017, "坚持稳中求进。", "扩大开放。"))
    s.put_report(report(2018, "深化供给侧结构性改革，供给侧结构性改革是主线。", "GDP增长6.9%。"))
    s.put_report(report(2019, "以供给侧结构性改革为主线。", "gdp 增长 6.6%，通胀100%以内。"))
    s.put_report(report(2019, "供给侧结构性改革。", series="t"))
    return s


class TestStoreSearch:
    def test_hits_in_order(self, store: Store) -> None:
        """Every section holding the phrase, by series, year and section order."""
        hits = store.search("供给侧结构性改革")
        assert [(h.series, h.year, h.path) for h in hits] == [
            ("s", 2018, "1"), ("s", 2019, "1"), ("t", 2019, "1")]

    def test_hit_fields(self, store: Store) -> None:
        """A hit names its section, the source line of the match, the count and a snippet."""
        hit = store.search("供给侧结构性改革", series="s")[0]
        snippet = "第1部分 深化供给侧结构性改革，供给侧结构性改革是主线。"
        assert hit == SearchHit(series="s", year=2018, path="1", title="第1部分", line=3,
                                count=2, snippet=snippet)

    def test_title_line(self, store: Store) -> None:
        """A match in the heading gives the heading's line."""
        assert [h.line for h in store.search("第2部分", series="s")] == [11, 11, 11]

    def test_snippet_cut(self, tmp_path: Path) -> None:
        """A long section's snippet is the match with some context, marked where cut."""
        s = Store(tmp_path / "s.db")
        s.put_report(report(2019, "甲" * 50 + "目标词" + "乙" * 50))
        (hit,) = s.search("目标词")
        assert hit.snippet == "…" + "甲" * 18 + "目标词" + "乙" * 18 + "…"

    def test_series_filter(self, store: Store) -> None:
        """--series keeps one series' hits."""
        assert {h.series for h in store.search("供给侧", series="t")} == {"t"}

    def test_short_phrase(self, store: Store) -> None:
        """One- and two-character phrases (below the trigram index) are found by scan."""
        assert [h.year for h in store.search("主线")] == [2018, 2019]
        assert [h.year for h in store.search("稳")] == [2017]

    def test_ascii_case_ignored(self, store: Store) -> None:
        """Latin letters match in either case, through the index and the scan alike."""
        assert [h.year for h in store.search("gdp")] == [2018, 2019]
        assert [h.year for h in store.search("Gd")] == [2018, 2019]

    def test_phrase_stripped(self, store: Store) -> None:
        """Spaces around the phrase are not part of it."""
        assert store.search("  扩大开放 ") == store.search("扩大开放")

    def test_no_hit(self, store: Store) -> None:
        """A phrase found nowhere gives no hits."""
        assert store.search("乡村振兴") == []

    def test_missing_store(self, tmp_path: Path) -> None:
        """Searching a store file that does not exist finds nothing and creates nothing."""
        assert Store(tmp_path / "none.db").search("改革") == []
        assert not (tmp_path / "none.db").exists()


class TestLiteralPhrases:
    @pytest.fixture()
    def special(self, tmp_path: Path) -> Store:
        """Sections each holding one character that SQL LIKE or FTS5 would read as syntax."""
        s = Store(tmp_path / "s.db")
        s.put_report(report(2019, 'say a"b now', "stars * here", "this OR that", "100% sure",
                            "snake_case", "plain words ab", r"back\slash"))
        return s

    @pytest.mark.parametrize(
        ("phrase", "paths"),
        [('a"b', ["1"]), ("*", ["2"]), ("OR", ["3", "6"]), ("%", ["4"]), ("_", ["5"]),
         ('"', ["1"]), ("OR that", ["3"]), ("0%", ["4"]), ("e_c", ["5"]), ("\\", ["7"]),
         ("ab*", []), ("a%e", []), ("s_y", []), ("NEAR(a b)", []), ("a AND b", [])],
    )
    def test_literal(self, special: Store, phrase: str, paths: list[str]) -> None:
        """Quotes, *, OR, %, _ and backslashes match themselves, never as operators."""
        assert [h.path for h in special.search(phrase)] == paths


class TestSearchInvariant:
    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(body=st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                                blacklist_characters="\x00"),
                        min_size=1, max_size=40),
           data=st.data())
    def test_any_substring_found(self, tmp_path: Path, body: str, data: st.DataObject) -> None:
        """Any piece of a stored section's text finds that section."""
        path = tmp_path / "h.db"
        path.unlink(missing_ok=True)
        start = data.draw(st.integers(0, len(body) - 1))
        end = data.draw(st.integers(start + 1, len(body)))
        phrase = body[start:end]
        with Store(path) as s:
            s.put_report(report(2019, body))
            if phrase.strip():
                assert [h.path for h in s.search(phrase)] == ["1"]


class TestPipelineSearch:
    def test_empty_phrase(self, store: Store) -> None:
        """An empty or blank phrase is an input error with the exact message."""
        for phrase in ("", "   "):
            with pytest.raises(InputError) as err:
                search(store, phrase)
            assert str(err.value) == (
                "The search phrase is empty. "
                'Pass the words to find, e.g. compare search "供给侧结构性改革".')
            assert err.value.exit_code == 2

    def test_unknown_series(self, store: Store) -> None:
        """An unknown --series names the stored ones."""
        with pytest.raises(InputError) as err:
            search(store, "改革", series="u")
        assert str(err.value) == (
            "No series named 'u' in the store. Stored series: s, t. "
            "Pass one of those to --series, or ingest that series first.")

    def test_empty_store(self, tmp_path: Path) -> None:
        """Searching a store with no reports says how to fill it."""
        with pytest.raises(CompareError) as err:
            search(Store(tmp_path / "e.db"), "改革")
        assert str(err.value).startswith(f"The store {tmp_path / 'e.db'} holds no reports yet.")

    def test_all_series(self, store: Store) -> None:
        """Without --series every series is searched."""
        assert {h.series for h in search(store, "供给侧")} == {"s", "t"}


class TestSearchJson:
    def test_document(self, store: Store) -> None:
        """The document lists, per series, the years found with first and last, then the hits."""
        doc = search_json("供给侧结构性改革", search(store, "供给侧结构性改革"), None)
        assert doc["schema"] == SEARCH_SCHEMA == "compare/search/1"
        assert doc["phrase"] == "供给侧结构性改革" and doc["series"] is None
        assert doc["found"] == [
            {"series": "s", "first": 2018, "last": 2019, "years": [2018, 2019]},
            {"series": "t", "first": 2019, "last": 2019, "years": [2019]},
        ]
        assert doc["hits"][0] == {
            "series": "s", "year": 2018, "section": "1", "title": "第1部分", "line": 3,
            "count": 2, "snippet": "第1部分 深化供给侧结构性改革，供给侧结构性改革是主线。"}

    def test_years_once(self, store: Store) -> None:
        """A year with several matching sections is listed once."""
        doc = search_json("部分", search(store, "部分", series="s"), "s")
        assert doc["found"][0]["years"] == [2017, 2018, 2019]
        assert len(doc["hits"]) == 6


def run(*args: str) -> Result:
    return CliRunner().invoke(app, _route(list(args)), env={"COLUMNS": "200", "COMPARE_DB": None})


class TestSearchCommand:
    def test_table(self, store: Store) -> None:
        """The table lists the hits and says the first and last year of each series."""
        result = run("search", "供给侧结构性改革", "--db", str(store.path))
        assert result.exit_code == 0, result.output
        assert "s: “供给侧结构性改革” first in 2018, last in 2019 (2 years: 2018, 2019)" in (
            result.stdout)
        assert "t: “供给侧结构性改革” first in 2019, last in 2019 (1 year: 2019)" in result.stdout

    def test_json(self, store: Store) -> None:
        """--format json prints the compare/search/1 document."""
        result = run("search", "GDP", "--series", "s", "--db", str(store.path), "-f", "json")
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        assert doc.pop("generator") == f"compare {__version__}"
        assert doc == search_json("GDP", search(store, "GDP", series="s"), "s")

    def test_not_found(self, store: Store) -> None:
        """A phrase found nowhere says so and exits 0."""
        result = run("search", "乡村振兴", "--db", str(store.path))
        assert result.exit_code == 0
        assert result.stdout.strip() == "“乡村振兴” is not in any stored report."

    def test_errors_exit_2(self, store: Store) -> None:
        """Bad input is one error line and exit code 2, no traceback."""
        result = run("search", " ", "--db", str(store.path))
        assert result.exit_code == 2
        assert "Error: The search phrase is empty." in result.output
        assert "Traceback" not in result.output
        result = run("search", "改革", "--series", "u", "--db", str(store.path))
        assert result.exit_code == 2
        assert "Error: No series named 'u' in the store." in result.output


class TestCorpusSearch:
    def test_supply_side_reform_first_year(self, cn_gwr_db: Path) -> None:
        """On the State Council reports 供给侧结构性改革 first appears in 2016 (grep agrees)."""
        folder = SHARED / "corpus" / "cn-gwr"
        grepped = sorted(int(p.stem) for p in folder.glob("*.txt")
                         if "供给侧结构性改革" in p.read_text(encoding="utf-8-sig"))
        with Store(cn_gwr_db, readonly=True) as store:
            doc = search_json("供给侧结构性改革", search(store, "供给侧结构性改革"), None)
        assert doc["found"][0]["first"] == 2016 == grepped[0]
        assert doc["found"][0]["years"] == grepped
