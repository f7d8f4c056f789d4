"""Synthetic report series: a real report perturbed year by year, deterministic by seed.

One generator for the benchmarks and the tests (issues 12, 16, 17, 19): ``synth_series(n)``
returns ``n`` yearly editions of one report, each made from the year before by the edits a
drafting office makes:

- top-level parts **reordered** (two neighbours swapped), **split** (the second half of a part's
  paragraphs under a new heading) and **merged** (a part's paragraphs folded into the part
  before it, its heading dropped);
- **sentences edited** (a word replaced, a qualifier inserted, a clause cut);
- **numbers changed** (a figure moved by up to ±20 %, its decimals kept; years are left alone);
- **phrases introduced and dropped**: each year one or two new policy phrases appear, each in a
  sentence of its own, and older ones are dropped again with that sentence.

``SynthSeries.manifest()`` records per year what was done, and which phrases were introduced and
dropped (a phrase is dropped in the year it no longer occurs), so tests can check what a
comparison or a search reports against what was really changed.

The base is ``../shared/corpus/cn-gwr/2019.txt`` when the shared corpus is beside the checkout,
else the sample ``reports/2019.txt`` of this repository (a fresh clone has no ``../shared``). Years
written in the text (``2018年``) move with the edition's year, so a title's year and the file
name agree.

``synth_series(n, small=True)`` starts instead from ``SMALL_BASE``, a short plain report of a
city (about 1 KB: a review with figures, targets, five numbered tasks), perturbed the same way:
for tests that need a long series (50 years and more) at little cost to ingest and compare.

Used from the command line::

    python bench/synth.py OUT_DIR [--years 50] [--seed 0] [--first 1970] [--base FILE | --small]

writes ``OUT_DIR/<year>.txt`` and ``OUT_DIR/manifest.json``; ingest it with
``compare ingest OUT_DIR --series NAME``.

Imported by tests as ``import synth`` (``pythonpath = ["bench"]`` in pyproject's pytest
options) and by other scripts in ``bench/`` as a sibling module. It imports nothing of
``compare``: the series is plain text, made the way a user's files would be.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "BASES", "SMALL_BASE", "SynthSeries", "SynthYear", "base_report", "synth_series",
    "write_series",
]

ROOT = Path(__file__).resolve().parents[1]
BASES = (ROOT.parent / "shared" / "corpus" / "cn-gwr" / "2019.txt", ROOT / "reports" / "2019.txt")

# The short base of ``small=True``: five top-level parts (so parts can be merged), one with five
# numbered tasks (so it can be split), figures in most sentences, long paragraphs ending in 。
# (where new phrases go). Constructed, not a real report.
SMALL_BASE = """某市2019年政府工作报告

一、2018年工作回顾
全市生产总值增长6.8%，城镇新增就业12万人，居民人均可支配收入增长7.5%，森林覆盖率达到36.5%。
全年完成固定资产投资320亿元，新建改建农村公路180公里，新增保障性住房2600套，经济社会保持平稳健康发展。

二、2019年主要目标
今年主要预期目标是：生产总值增长6.5%左右，城镇新增就业10万人以上，居民消费价格涨幅3%左右。

三、2019年重点工作
（一）推进产业升级。围绕推进产业升级，今年安排重点项目30个，完成投资85亿元，培育高新技术企业40家。
（二）扩大有效投资。全年安排政府投资项目120个，完成投资210亿元，带动社会投资增长10%左右。
（三）加强生态保护。完成造林面积2.5万亩，空气质量优良天数比例达到90%以上，持续改善生态环境质量。
（四）办好民生实事。新增学位6000个，改造老旧小区45个，城乡居民医保财政补助标准提高到每人550元。
（五）深化改革开放。深化放管服改革，新增市场主体1.2万户，实际利用外资增长8%，持续优化营商环境。

四、保障和改善民生
提高社会保障水平，城乡低保标准提高到每月780元，新增养老床位1200张，推进健康城市建设。

五、加强政府自身建设
坚持依法行政，全年办理人大代表建议和政协提案320件，办结率达到100%，自觉接受各方面监督。
"""

_CN = "零一二三四五六七八九"
_TOP = re.compile(r"^[一二三四五六七八九十]+、")
_SUB = re.compile(r"^（[一二三四五六七八九十]+）")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=年)")
_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.]|年)")
_SENTENCE = re.compile(r"[^。！？；]*[。！？；]|[^。！？；]+$")

# Word material for new phrases and edits: ordinary report vocabulary, combined by the seed.
_VERBS = ("推进", "实施", "深化", "加快", "完善", "健全", "落实", "拓展", "强化", "优化")
_FIELDS = (
    "数字乡村", "智慧城市", "绿色低碳", "营商环境", "科技创新", "普惠金融", "社区治理",
    "养老服务", "职业教育", "水利设施", "文化旅游", "海洋经济", "冷链物流", "应急管理",
    "住房保障", "生态修复", "质量强国", "区域协调", "对外开放", "食品安全",
)
_KINDS = ("行动", "工程", "计划", "试点", "机制", "体系", "示范区", "专项")
_QUALIFIERS = ("进一步", "切实", "持续", "大力", "扎实", "全面")
_SWAPS = (
    ("加强", "强化"), ("推进", "推动"), ("提高", "提升"), ("建设", "构建"),
    ("完善", "健全"), ("促进", "推动"), ("扩大", "增加"), ("支持", "鼓励"),
)


def _cn(n: int) -> str:
    """1-99 in Chinese numerals, as report ordinals write them (十一, 二十, 二十四)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN[tens]) + "十" if tens else "") + (_CN[ones] if ones else "")


def base_report() -> Path:
    """The real report the series starts from: the shared corpus's, else the repo sample's."""
    for path in BASES:
        if path.is_file():
            return path
    raise FileNotFoundError(f"No base report: none of {', '.join(map(str, BASES))} exists.")


@dataclass
class _Part:
    """One top-level part: its heading line (None for the text before the first) and paragraphs."""

    title: str | None
    paras: list[str]


@dataclass(frozen=True)
class SynthYear:
    """One edition: its year, text and what was changed from the year before."""

    year: int
    text: str
    introduced: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    ops: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class SynthSeries:
    """A synthetic series: its editions, oldest first."""

    name: str
    seed: int
    base: str
    years: tuple[SynthYear, ...] = field(default_factory=tuple)

    def manifest(self) -> dict[str, Any]:
        """What each year introduced, dropped and changed (JSON-ready)."""
        return {
            "schema": "compare/synth-manifest/1",
            "series": self.name,
            "seed": self.seed,
            "base": self.base,
            "years": [
                {
                    "year": y.year,
                    "introduced": list(y.introduced),
                    "dropped": list(y.dropped),
                    "ops": list(y.ops),
                }
                for y in self.years
            ],
        }


def _parse(text: str) -> list[_Part]:
    parts = [_Part(None, [])]
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if _TOP.match(line):
            parts.append(_Part(_TOP.sub("", line), []))
        else:
            parts[-1].paras.append(line)
    return parts


def _render(parts: list[_Part]) -> str:
    out: list[str] = []
    number = 0
    for part in parts:
        if part.title is not None:
            number += 1
            out.append(f"{_cn(number)}、{part.title}")
        sub = 0
        for para in part.paras:
            if _SUB.match(para):  # sub-part ordinals continue within each part
                sub += 1
                para = _SUB.sub(f"（{_cn(sub)}）", para)
            out.append(para)
    return "\n\n".join(out) + "\n"


def _shift_years(text: str, offset: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group(1)) + offset), text) if offset else text


def _change_number(m: re.Match[str], rng: random.Random) -> str:
    value = m.group(1)
    decimals = len(value.split(".")[1]) if "." in value else 0
    new = float(value) * rng.uniform(0.8, 1.2)
    return str(max(1, round(new))) if decimals == 0 else f"{new:.{decimals}f}"


def _edit_sentence(sentence: str, rng: random.Random) -> tuple[str, str]:
    """One small wording edit of a sentence; the edited sentence and what kind of edit."""
    swaps = [(a, b) for a, b in _SWAPS if a in sentence]
    roll = rng.random()
    if swaps and roll < 0.5:
        a, b = rng.choice(swaps)
        return sentence.replace(a, b, 1), "word"
    verbs = [v for v in _VERBS if v in sentence]
    if roll < 0.8 and verbs:  # a qualifier goes before a verb, as drafters add them
        at = sentence.index(rng.choice(verbs))
        return sentence[:at] + rng.choice(_QUALIFIERS) + sentence[at:], "qualifier"
    clauses = sentence.split("，")
    if len(clauses) > 2:
        del clauses[rng.randrange(1, len(clauses) - 1)]
        return "，".join(clauses), "clause"
    return sentence, ""


class _Generator:
    def __init__(self, base_text: str, base_year: int, seed: int) -> None:
        self.parts = _parse(base_text)
        self.base_year = base_year
        self.seed = seed
        self.live: list[tuple[str, int]] = []  # phrase, year introduced
        self.used: set[str] = set()

    def _phrase(self, rng: random.Random) -> str:
        while True:
            phrase = rng.choice(_VERBS) + rng.choice(_FIELDS) + rng.choice(_KINDS)
            if phrase not in self.used:
                self.used.add(phrase)
                return phrase

    def _sentences(self, rng: random.Random, ops: list[dict[str, Any]]) -> None:
        edits = numbers = 0
        for part in self.parts:
            for k, para in enumerate(part.paras):
                if _SUB.match(para):
                    continue
                pieces = _SENTENCE.findall(para)
                for s, sentence in enumerate(pieces):
                    if any(phrase in sentence for phrase, _ in self.live):
                        continue  # a phrase's sentence stays as written, so it can be dropped
                    if rng.random() < 0.04:
                        pieces[s], kind = _edit_sentence(sentence, rng)
                        edits += bool(kind)
                    if rng.random() < 0.3 and _NUMBER.search(pieces[s]):
                        before = pieces[s]
                        pieces[s] = _NUMBER.sub(
                            lambda m: _change_number(m, rng) if rng.random() < 0.5 else m.group(1),
                            before,
                        )
                        numbers += pieces[s] != before
                part.paras[k] = "".join(pieces)
        ops.append({"op": "sentences", "edited": edits, "numbers_changed": numbers})

    def _structure(self, rng: random.Random, ops: list[dict[str, Any]]) -> None:
        titled = [k for k, p in enumerate(self.parts) if p.title is not None]
        if len(titled) >= 3 and rng.random() < 0.3:
            k = rng.choice(titled[:-1])
            a, b = self.parts[k], self.parts[k + 1]
            self.parts[k], self.parts[k + 1] = b, a
            ops.append({"op": "reorder", "parts": [a.title, b.title]})
        big = [k for k in titled if len(self.parts[k].paras) >= 4]
        if big and len(titled) < 12 and rng.random() < 0.25:
            k = rng.choice(big)
            part = self.parts[k]
            half = len(part.paras) // 2
            title = f"关于{rng.choice(_FIELDS)}{rng.choice(_KINDS)}"
            self.parts.insert(k + 1, _Part(title, part.paras[half:]))
            del part.paras[half:]
            ops.append({"op": "split", "part": part.title, "new": title})
        titled = [k for k, p in enumerate(self.parts) if p.title is not None]
        if len(titled) > 4 and rng.random() < 0.2:
            k = rng.choice(titled[1:])
            gone = self.parts.pop(k)
            self.parts[k - 1].paras.extend(gone.paras)
            ops.append({"op": "merge", "part": gone.title, "into": self.parts[k - 1].title})

    def _phrases(self, rng: random.Random, year: int) -> tuple[list[str], list[str]]:
        dropped: list[str] = []
        for phrase, since in list(self.live):
            if year - since >= 2 and rng.random() < 0.25:
                for part in self.parts:
                    part.paras = [
                        p.replace(self._sentence_of(phrase), "") for p in part.paras
                    ]
                    part.paras = [p for p in part.paras if p]
                self.live.remove((phrase, since))
                dropped.append(phrase)
        introduced: list[str] = []
        bodies = [
            (part, k)
            for part in self.parts
            for k, p in enumerate(part.paras)
            if not _SUB.match(p) and len(p) > 40 and p.endswith("。")
        ]
        for _ in range(rng.randint(1, 2)):
            if not bodies:
                break
            phrase = self._phrase(rng)
            part, k = rng.choice(bodies)
            part.paras[k] += self._sentence_of(phrase)
            self.live.append((phrase, year))
            introduced.append(phrase)
        return introduced, dropped

    @staticmethod
    def _sentence_of(phrase: str) -> str:
        return f"要{phrase}，取得实效。"

    def edition(self, year: int, *, first: bool) -> SynthYear:
        rng = random.Random(f"{self.seed}:{year}")
        ops: list[dict[str, Any]] = []
        introduced: list[str] = []
        dropped: list[str] = []
        if not first:
            self._structure(rng, ops)
            self._sentences(rng, ops)
            introduced, dropped = self._phrases(rng, year)
        text = _shift_years(_render(self.parts), year - self.base_year)
        return SynthYear(year, text, tuple(introduced), tuple(dropped), tuple(ops))


def synth_series(
    n: int,
    *,
    seed: int = 0,
    first_year: int = 1970,
    base: Path | None = None,
    name: str | None = None,
    small: bool = False,
) -> SynthSeries:
    """``n`` yearly editions from ``first_year`` on, each the year before perturbed (see module).

    The first edition is the base report itself with its years moved to ``first_year``: ``base``
    (default ``base_report()``), or ``SMALL_BASE`` when ``small``. The same arguments give the
    same texts, byte for byte.
    """
    if small:
        if base is not None:
            raise ValueError("Pass either base or small=True, not both.")
        text, label, base_year = SMALL_BASE, "SMALL_BASE", 2019
    else:
        path = base or base_report()
        text, label = path.read_text(encoding="utf-8-sig"), path.name
        years = [int(y) for y in _YEAR.findall(text)]
        base_year = int(path.stem) if path.stem.isdigit() else max(years, default=first_year)
    gen = _Generator(text, base_year, seed)
    editions = tuple(
        gen.edition(first_year + k, first=k == 0) for k in range(n)
    )
    return SynthSeries(name or f"synth-{seed}", seed, label, editions)


def write_series(series: SynthSeries, folder: Path) -> list[Path]:
    """Each edition as ``folder/<year>.txt`` (UTF-8) and the manifest as ``manifest.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for y in series.years:
        path = folder / f"{y.year}.txt"
        path.write_text(y.text, encoding="utf-8")
        paths.append(path)
    (folder / "manifest.json").write_text(
        json.dumps(series.manifest(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write <year>.txt files into")
    parser.add_argument("--years", type=int, default=50, help="editions (default 50)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--first", type=int, default=1970, help="first year (default 1970)")
    start = parser.add_mutually_exclusive_group()
    start.add_argument("--base", type=Path, default=None, help="report to start from")
    start.add_argument("--small", action="store_true", help="start from the short SMALL_BASE")
    args = parser.parse_args(argv)
    series = synth_series(args.years, seed=args.seed, first_year=args.first, base=args.base,
                          small=args.small)
    paths = write_series(series, args.out)
    print(f"Wrote {len(paths)} reports ({paths[0].name} … {paths[-1].name}) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
