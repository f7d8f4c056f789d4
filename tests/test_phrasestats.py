"""Expression statistics kept at ingest (issue 19's candidates, stored per report for issue 17):
what a report stores, how it is packed, when it is made again, and that expressions judged from
the stored statistics are those judged from the reports' text."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import REPORTS

from compare.errors import StoreError
from compare.ingest.reader import read_document
from compare.models import ReportPhrases, Section
from compare.phrasestats import JOIN, SPACE, phrases_stamp, report_phrases, run_key, run_words
from compare.pipeline import build_report, ingest, load_phrases, load_report
from compare.series.expressions import build_vocabulary, series_phrases, year_phrases
from compare.series.phrasedocs import series_vocabulary
from compare.store import Store
from compare.store.phrasedata import pack_phrases, unpack_phrases
from compare.textkit.chars import has_cjk
from compare.textkit.phrases import clauses, content_word, is_acronym, joints
from compare.tuning import DEFAULT, PhraseTuning


def _sample(year: int) -> ReportPhrases:
    phrases = build_report(read_document(REPORTS / f"{year}.txt")).phrases
    assert phrases is not None
    return phrases


def _bare(store: Store, series: str) -> list:
    """The stored reports of a series without their statistics (computed again from the text)."""
    return [
        dataclasses.replace(load_report(store, series, y), phrases=None)
        for y in store.years(series)
    ]


class TestReportPhrases:
    def test_candidates_come_first_and_read_back(self) -> None:
        """The candidate runs lead the runs; each reads back as its words joined."""
        p = _sample(2019)
        assert 0 < len(p.candidates) < len(p.runs) == len(p.uses)
        assert len(p.extends_at) == len(p.runs) + 1 and p.extends_at[-1] == len(p.extends)
        for run in p.runs[:50]:
            words = run_words(run)
            assert run_key(run).replace(" ", "") == "".join(words)

    def test_extensions_hold_the_run(self) -> None:
        """Every listed extension of a run holds it at one edge, one word longer."""
        p = _sample(2018)
        checked = 0
        for i, run in enumerate(p.runs[:400]):
            words = run_words(run)
            for j in p.extends[p.extends_at[i] : p.extends_at[i + 1]]:
                longer = run_words(p.runs[j])
                assert len(longer) == len(words) + 1
                assert longer[1:] == words or longer[:-1] == words
                checked += 1
        assert checked > 0

    def test_stamp_names_tuning(self) -> None:
        """Another tuning of what is counted makes another stamp (its statistics are stale)."""
        assert phrases_stamp() != phrases_stamp(PhraseTuning(max_words=5))
        assert _sample(2019).stamp == phrases_stamp()


def _naive_runs(text: str, tuning: PhraseTuning) -> tuple[list[str], list[int], list[int],
                                                        dict[str, set[str]]]:
    """A plain reference for the runs ``report_phrases`` counts: every run of words as a tuple,
    tried from each word, stored text made at the end; its order, uses, candidate uses and the
    runs one word longer that hold each run."""
    counts: dict[tuple[str, ...], int] = {}
    grams: dict[tuple[str, ...], int] = {}
    words: dict[str, int] = {}
    caps: dict[str, int] = {}
    reach = tuning.max_chars + tuning.extension_chars
    for run in clauses(text):
        found, candidates = [], []
        for i, first in enumerate(run):
            if first.function:
                continue
            if not first.numberish:
                counts[(first.key,)] = counts.get((first.key,), 0) + 1
                if content_word(first.text):
                    words[first.text] = words.get(first.text, 0) + 1
                    if has_cjk(first.text) and len(first.text) >= tuning.single_min_chars:
                        grams[(first.key,)] = grams.get((first.key,), 0) + 1
                    elif not has_cjk(first.text) and is_acronym(text[first.start : first.end]):
                        caps[first.key] = caps.get(first.key, 0) + 1
            for j in range(i + 1, min(len(run), i + tuning.max_words + 1)):
                part = run[i : j + 1]
                size = sum(len(w.key) for w in part)
                if size > reach or sum(w.numberish for w in part) > 1:
                    break
                last = run[j]
                if last.function or last.numberish or (
                    first.numberish and not has_cjk(first.key) and j == i + 1
                ):
                    continue
                gram = tuple(w.key for w in part)
                found.append(gram)
                if j - i < tuning.max_words and size <= tuning.max_chars:
                    candidates.append(gram)
        for gram in found:
            counts[gram] = counts.get(gram, 0) + 1
        for gram in candidates:
            grams[gram] = grams.get(gram, 0) + 1
    for word, n in caps.items():
        if 2 * n >= words[word]:
            grams[(word,)] = n
    order = list(grams) + [g for g in counts if g not in grams]
    for gram in list(counts):
        for part in (gram[1:], gram[:-1]) if len(gram) > 1 else ():
            if part not in order:
                order.append(part)

    def stored(gram: tuple[str, ...]) -> str:
        return "".join(k + m for k, m in zip(gram, [*joints(gram, joint=JOIN, space=SPACE), ""],
                                             strict=True))

    longer: dict[str, set[str]] = {}
    for gram in counts:
        for part in (gram[1:], gram[:-1]) if len(gram) > 1 else ():
            longer.setdefault(stored(part), set()).add(stored(gram))
    runs = [stored(g) for g in order]
    return runs, [counts.get(g, 0) for g in order], list(grams.values()), longer


# Words of both scripts, function words, numerals and marks that end a clause.
_PIECE = st.sampled_from(
    ["经济", "增长", "高质量", "发展", "的", "和", "三", "十三五", "规划", "2019", "年", "，", "。",
     "\n", " ", "GST", "tax", "the", "of", "rebate", "two", "years", "“放管服”", "改革"]
)


class TestReportPhrasesReference:
    @settings(max_examples=150, deadline=None)
    @given(st.lists(_PIECE, max_size=40))
    def test_same_runs_as_plain_reference(self, pieces: list[str]) -> None:
        """Runs, their order, uses, candidate uses and longer runs equal a plain reference's."""
        text = "".join(pieces)
        p = report_phrases([Section(path="1", level=1, title="", text=text, line=1)], None)
        runs, uses, candidates, longer = _naive_runs(text, DEFAULT.phrases)
        assert list(p.runs) == runs
        assert list(p.uses) == uses and list(p.candidates) == candidates
        got = {p.runs[i]: {p.runs[j] for j in p.extends[p.extends_at[i] : p.extends_at[i + 1]]}
               for i in range(len(p.runs))}
        assert {r: s for r, s in got.items() if s} == longer


class TestPacking:
    def test_round_trip(self) -> None:
        """A packed report's statistics unpack to the same values."""
        p = _sample(2019)
        back = unpack_phrases(p.stamp, *pack_phrases(p))
        for f in dataclasses.fields(ReportPhrases):
            assert list(getattr(back, f.name)) == list(getattr(p, f.name)), f.name
        assert dict(back.unigrams) == dict(p.unigrams) and dict(back.words) == dict(p.words)

    def test_damaged_value_is_a_corrupt_store(self, store: Store, store_path: Path) -> None:
        """A phrases value that does not unpack is reported as a corrupt store."""
        ingest(store, [REPORTS / "2019.txt"], series="s")
        store.close()
        with sqlite3.connect(store_path) as conn:
            conn.execute("UPDATE phrases SET numbers = x'00'")
        with Store(store_path, readonly=True) as s, pytest.raises(StoreError) as err:
            s.get_phrases("s")
        assert err.value.what.startswith(f"The store {store_path} is corrupt (a stored value")
        assert err.value.fix == "Move it aside and ingest the reports again into a new --db."


class TestStoredPhrases:
    def test_ingest_stores_them(self, store: Store) -> None:
        """Ingest keeps each report's statistics, made by the current rules."""
        ingest(store, [REPORTS / "2018.txt", REPORTS / "2019.txt"], series="s")
        stored = store.get_phrases("s")
        assert sorted(stored) == [2018, 2019]
        for year, p in stored.items():
            assert p is not None and p.stamp == phrases_stamp()
            assert p.runs == _sample(year).runs

    def test_same_answer_as_from_the_text(self, store: Store) -> None:
        """Expressions judged from the stored statistics equal those judged from the text."""
        ingest(store, [REPORTS / "2018.txt", REPORTS / "2019.txt"], series="s")
        stored = series_vocabulary(store, "s")
        fresh = build_vocabulary(_bare(store, "s"))
        assert year_phrases(stored, 2019, top=0) == year_phrases(fresh, 2019, top=0)
        assert series_phrases(stored) == series_phrases(fresh)

    def test_stale_stamp_made_again_and_kept(self, store: Store, store_path: Path) -> None:
        """Statistics of another stamp are made again from the report and written back."""
        ingest(store, [REPORTS / "2018.txt", REPORTS / "2019.txt"], series="s")
        store.close()
        with sqlite3.connect(store_path) as conn:
            conn.execute("UPDATE phrases SET stamp = 'phrases 0'")
        with Store(store_path) as s:
            found = load_phrases(s, "s")
            assert {p.stamp for p in found.values()} == {phrases_stamp()}
            assert found[2019].runs == _sample(2019).runs
            kept = s.get_phrases("s")
        assert {p.stamp for p in kept.values() if p is not None} == {phrases_stamp()}

    def test_read_only_store_left_as_it_was(self, store: Store, store_path: Path) -> None:
        """A read-only store with stale statistics answers from fresh ones and is not written."""
        ingest(store, [REPORTS / "2018.txt", REPORTS / "2019.txt"], series="s")
        store.close()
        with sqlite3.connect(store_path) as conn:
            conn.execute("DELETE FROM phrases")
        before = store_path.read_bytes()
        with Store(store_path, readonly=True) as s:
            found = load_phrases(s, "s")
        assert found[2018].runs == _sample(2018).runs
        assert store_path.read_bytes() == before

    def test_replaced_report_replaces_its_statistics(self, store: Store, tmp_path: Path) -> None:
        """New bytes for a stored year replace its statistics too (one row per report)."""
        f = tmp_path / "2019.txt"
        shutil.copy(REPORTS / "2019.txt", f)
        ingest(store, [f], series="s")
        extra = "\n推行“阳光审批服务”制度。\n"
        f.write_text(f.read_text(encoding="utf-8") + extra, encoding="utf-8")
        ingest(store, [f], series="s")
        rows = store.conn.execute("SELECT COUNT(*) FROM phrases").fetchall()
        assert rows == [(1,)]
        p = store.get_phrases("s")[2019]
        assert p is not None and "阳光审批服务" in p.quotes

    def test_long_report_left_to_the_first_ask(self, store: Store) -> None:
        """Past ingest_max_chars, ingest keeps no statistics; the first command that asks makes
        them from the stored report and keeps them."""
        few = dataclasses.replace(DEFAULT, phrases=PhraseTuning(ingest_max_chars=100))
        report = build_report(read_document(REPORTS / "2019.txt"), tuning=few)
        assert report.phrases is None
        store.put_report(report)
        assert store.get_phrases(report.series) == {2019: None}
        found = load_phrases(store, report.series)
        assert found[2019].runs == _sample(2019).runs
        kept = store.get_phrases(report.series)[2019]
        assert kept is not None and kept.stamp == phrases_stamp()
