"""Metric extraction: numbers with units, named by what they measure, and what they are figures of.

Public API: extract_metrics, strip_qualifier, metrics_stamp.

``extract_metrics(sections)`` reads every block of every section and returns the metrics in reading
order: a number with a unit or classifier (see ``compare.textkit.numbers``), the phrase that names
what it measures (the label a reader would give the table row), its kind (level, change, target,
ratio) and measure, the approximation word as written, a short verbatim quote of its clause, and
its identity (``compare.metrics.identity``): the period it covers (a figure under 过去五年工作回顾
covers five years, one after 去年 one year), its qualifiers (年均, 年末, 城镇调查, 甲县…), and
whether it is the starting value of a from-to statement (由9.8%降至7.5%: 9.8%). The roles of the
report's parts (review, plan) come from ``compare.roles``: a figure in a plan part is a target
unless its sentence reports the past; the starting value of a from-to in a plan is last year's
actual (由每人每年420元提高到450元: 420元).

``compare.metrics.pairing`` pairs them across two years. The numbers of a section's tables are
read by ``compare.metrics.tables`` and follow the section's prose metrics.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from compare.metrics.identity import (
    is_actual_in_plan,
    measure_of,
    part_scope,
    read_period,
    read_qualifiers,
)
from compare.metrics.tables import table_metrics
from compare.models import Metric, Quantity, Section
from compare.roles import NO_ROLE, PLAN, PartRole, part_roles
from compare.textkit.chars import HAN, ZERO_WIDTH, fold_line, has_invisible
from compare.textkit.lazyre import lazy_compile
from compare.textkit.numbers import (
    APPROX_BEFORE,
    EN_APPROX_BEFORE,
    Number,
    approx_end,
    format_decimal,
    number_gaps,
    scan_numbers,
)
from compare.textkit.sentences import FULL_STOPS, LATIN_ENDS, SENTENCE_ENDS
from compare.textkit.tables import is_row, relative_years, years_in
from compare.textkit.words import cut_words, segmenter_stamp, tag_words
from compare.tuning import DEFAULT, MetricTuning

__all__ = ["extract_metrics", "metrics_stamp", "strip_qualifier"]

# The version of the extractor's rules (2: quoted names, comparison bases relative to the year,
# 米/层); ``metrics_stamp`` adds the segmenter whose words the labels are cut from.
_EXTRACTOR = "identity-2"


@lru_cache(maxsize=1)
def metrics_stamp() -> str:
    """Names what made a report's metrics, stored with them: the extractor's rules and the
    segmenter (``textkit.words.segmenter_stamp``) whose words and tags its labels use. Metrics of
    another stamp (an older extractor, an upgraded rjieba) are extracted again when loaded."""
    return f"{_EXTRACTOR}; {segmenter_stamp()}"

# Where the sentence ends and full stops of a line are (found in C, not per character in Python).
_SENTENCE_END = lazy_compile("[" + re.escape("".join(sorted(SENTENCE_ENDS))) + "]")
_FULL_STOP = lazy_compile("[" + re.escape("".join(sorted(FULL_STOPS))) + "]")

# Clause boundaries: a label or a quote never crosses one.
_DELIMS = set("，。；：！？,;:!?、（）()“”\"「」《》【】[]|")
_CJK = lazy_compile(f"[{HAN}]")

_CHANGE_VERBS = ("增长|下降|增加|减少|提高|降低|上涨|上升|下跌|压减|压缩|缩短|削减|缩减|扩大|回升|"
                 "提升|下调|上调|翻|减|(?<!新)增|降|涨")
_CHANGE_END = lazy_compile(rf"(?:{_CHANGE_VERBS})了?$")
# Words that make a figure a rate of change without a verb: 居民消费价格涨幅 2.6%.
_CHANGE_NOUN = lazy_compile(r"(?:涨幅|增幅|降幅|增速)$")
_BASE_BEFORE_VERB = lazy_compile(
    rf"(?:比上年|比去年|较上年|较去年|同比)(?=(?:{_CHANGE_VERBS})了?$)"
)
# The year a change is measured against (比2023年预算减少): written relative to the year its
# paragraph speaks of, so 2024's 比2023年预算 and 2025's 比2024年预算 both read 比上年预算.
_BASE_YEAR = lazy_compile(r"[比较](?:19|20)\d\d年")
_TO_END = lazy_compile(rf"(?:{_CHANGE_VERBS}|达)(?:到|至)$|转为(?:{_CHANGE_VERBS})?$")
# 由9.8%…, 从每人每年420元…, 由上年下降2.3%转为增长8.5%: the number after it is a starting value.
_FROM_END = lazy_compile(
    rf"(?:从|由)(?:上年|去年)?的?(?:人均|每[年月日天人户]){{0,2}}(?P<verb>{_CHANGE_VERBS})?$")
_LEAD = lazy_compile(
    r"^(?:——|—|-|[一二三四五六七八九十]+是|其中|同时|此外|另外|全年|今年以来|今年|去年|上年|"
    r"截至目前|截至|截止|目前|当前|我市|我国|我区|我县|我省|我们|共计|共|已经|已|均|并|又|还|也|再|要|拟|将|"
    r"先后|分别|合计|总计|一年来|过去一年|"
    r"\d{4}年(?:\d{1,2}月份?(?:\d{1,2}日)?)?(?:以来|底|末|度)?|\d{1,2}月(?:\d{1,2}日)?(?:以来)?|"
    r"\d+至\d+月份?|\d+\.(?!\d)|[一二三四五六七八九十]+、|[（(][^）)]*[）)])"
)
_TRAIL = lazy_compile(
    r"(?:稳定在|保持在|控制在|维持在|达到了|达到|高达|达|是|有|共计|共|累计|合计|分别为|分别|约|将近|拟按|按|"
    r"(?<![行作认成因])为|"
    r"接近|近|超过|突破|逾|至少|不少于|不低于|大约|的|了|计|在)$"
)
_DETERMINER_END = lazy_compile(r"(?:全市|全省|全国|全县|全区|各|每|所有|全部|上述|这|该|此)$")
_GENERIC = lazy_compile(
    rf"^(?:年均|平均每天|平均每年|平均|每天|每年|日均|五年|累计|同比)?"
    rf"(?:{_CHANGE_VERBS}|新增|新设|增速|增幅|总量|总额|规模|其中|比重|占比)?$"
)
_PREPOSITION_START = lazy_compile(r"^(?:占|对|比|较)")
_TARGET_WORDS = lazy_compile(
    r"预期目标|目标(?!任务)|力争|争取|预计|target|aim to|expected to", re.I
)
_AFTER_STOP_CHARS = set("在并及等的均已被将和与对于为是")
_AFTER_STOP_WORDS = frozenset([
    "大幅", "进行", "参加", "得到", "实现", "受益", "全部",
    "同比", "比", "较", "已经", "纳入", "通过",
])
_EN_TRAIL = frozenset(
    [
        "of", "by", "to", "at", "was", "were", "is", "are", "reached", "totalled", "totaled",
        "about", "around", "over", "nearly", "more", "than", "approximately", "some", "the", "a",
        "an", "from", "stood", "almost", "roughly", "up", "under", "least", "close", "with",
        "which", "and", "for", "in", "on", "be", "been", "being", "estimated", "expected",
        "projected", "budgeted", "forecast", "amount", "amounts", "amounted", "came", "will",
        "would", "is", "now", "stands", "total", "totalling", "totaling", "worth", "set",
        "increased", "rose", "fell", "grew", "declined", "decreased", "go", "goes", "went",
    ]
)
# Time phrases that say when, not what: dropped from an English label (spending in FY 85).
_EN_WHEN = lazy_compile(r"\s+(?:in|for|of|during)\s+(?:FY\s?\d+|(?:19|20)\d\d|the year)\b", re.I)
_EN_LEAD = frozenset([
    "and", "the", "a", "an", "with", "of", "by", "to", "in", "at", "for", "while", "which",
    "this", "that", "we", "our", "its", "there", "were", "was",
])
_EN_CHANGE = lazy_compile(
    r"\b(?:increased|rose|grew|fell|declined|decreased|dropped|increase|decrease|growth|rise|"
    r"decline|up|down)(?: by)?$",
    re.I,
)
_CONNECTORS = frozenset(("", "和", "及", "与", "或", "在", "有"))
_ENDS = lazy_compile("[" + re.escape("".join(sorted(SENTENCE_ENDS))) + "]")
_STOPS = lazy_compile("[" + re.escape("".join(sorted(FULL_STOPS))) + "]")
_LATIN_STOP = "[" + re.escape("".join(sorted(LATIN_ENDS))) + "](?= |$)"
_EN_ENDS = lazy_compile(_ENDS.pattern + "|" + _LATIN_STOP)
_EN_STOPS = lazy_compile(_STOPS.pattern + "|" + _LATIN_STOP)
_EN_CONNECTORS = frozenset(("", "or", "and", "plus", "to", "or about", "and about"))
_QUALIFIER = lazy_compile(r"（[^（）]*）$")
# A quoted name before a figure names it when nothing but these words stands between them
# (“…（项）”科目43.83万元); longer quotes are sayings, not names.
_NAME_NOUN = lazy_compile(r"^(?:科目|项目|款项|条目)?$")
_CLOSE_QUOTES = {"”": "“", "」": "「", "』": "『", "》": "《"}
_QUOTED_NAME_MAX = 80
# Words that name a figure only by its place in a budget: inside an item they mean the item
# (预算安排, 预算数: its budget; 当年预算执行数: its execution, kept as a suffix).
_ITEM_WORD = lazy_compile(r"^(?:(预算安排|预算数|安排)|(?:当年)?(?:预算)?(?:执行数|决算数))$")
# A naming phrase before a count longer than this is a clause (names in cn-gwr run to 13).
_NAME_MAX_CHARS = 16
# Classifiers of things counted, which a noun may follow (5家预算单位, 2个预算单位).
_COUNTERS = frozenset("个家项所座辆台套件条种批处")
# A paragraph that opens with a year (2024年，…) within this many characters speaks of it.
_OPENING_CHARS = 8
# Words that say where a document's "$" comes from: a Singapore budget means S$.
_DOLLAR = (("Singapore", "SGD"), ("S$", "SGD"), ("Hong Kong", "HKD"), ("United States", "USD"))


def strip_qualifier(label: str) -> str:
    """A label without a trailing （…） note (the label a chain of years is shown under)."""
    return _QUALIFIER.sub("", label) or label


def _blocks(section: Section) -> list[tuple[int, int, str]]:
    """(offset in the section's text, source line, text) of each block of a section."""
    out = []
    at = 0
    for k, part in enumerate(section.text.split("\n")):
        line = section.lines[k] if k < len(section.lines) else section.line + k
        out.append((at, line, part))
        at += len(part) + 1
    return out


def _digit_comma(text: str, i: int) -> bool:
    """A comma between digits (100,001) separates thousands, not clauses."""
    return text[i] == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and \
        text[i + 1].isdigit()


def _clause_start(text: str, pos: int) -> int:
    i = pos - 1
    while i >= 0:
        ch = text[i]
        if (ch in _DELIMS and not _digit_comma(text, i)) or (
                ch == "." and not (i + 1 < len(text) and text[i + 1].isdigit())):
            return i + 1
        if ch == "—" and i > 0 and text[i - 1] == "—":
            return i + 1
        i -= 1
    return 0


def _clause_end(text: str, pos: int) -> int:
    i = pos
    while i < len(text):
        ch = text[i]
        if (ch in _DELIMS and not _digit_comma(text, i)) or (
                ch == "." and not (i + 1 < len(text) and text[i + 1].isdigit())):
            return i
        i += 1
    return len(text)


def _strip_approx_before(raw: str) -> str:

    changed = True
    while changed:
        changed = False
        for word in APPROX_BEFORE:
            if raw.endswith(word):
                raw, changed = raw[: -len(word)], True
        low = raw.lower().rstrip()
        for word in EN_APPROX_BEFORE:
            if low.endswith(" " + word) or low == word:
                raw, changed = raw.rstrip()[: -len(word)], True
                low = raw.lower().rstrip()
    return raw


def _clean_cn(raw: str, year: int | None = None) -> tuple[str, bool]:
    """A clause prefix trimmed to its naming phrase; the flag says the count names what follows.
    ``year`` is the year the paragraph speaks of (a comparison base is written relative to it)."""
    label = raw.strip()
    if year is not None:
        label = _BASE_YEAR.sub(lambda m: relative_years(m.group(0), year), label)
    before = None
    while before != label:
        before = label
        label = _LEAD.sub("", label).strip()
        label = _TRAIL.sub("", label).strip()
    if "的" in label:
        tail = label.rsplit("的", 1)[1]
        # 出具书面的合法性审查意见 -> 合法性审查意见; but keep 消费对经济增长的贡献率(上升) whole
        if len(_CHANGE_END.sub("", tail)) >= 4:
            label = tail
    # 国内生产总值比上年增长: the comparison base is not part of the indicator's name.
    label = _BASE_BEFORE_VERB.sub("", label)
    needs_after = bool(_DETERMINER_END.search(label))
    label = _DETERMINER_END.sub("", label)
    return label, needs_after


def _clean_en(raw: str) -> str:
    words = _EN_WHEN.sub("", raw.replace("\u00a0", " ")).split()
    while words and words[-1].lower().strip(",") in _EN_TRAIL:
        words.pop()
    words = words[-8:]
    while words and words[0].lower() in _EN_LEAD:
        words.pop(0)
    return " ".join(words)


def _after_phrase(text: str, pos: int, t: MetricTuning) -> tuple[str, int]:
    """The noun phrase right after a number's unit (17种抗癌药大幅降价 -> 抗癌药), and its end."""
    paren = re.match(r"[（(][^）)]{0,30}[）)]", text[pos:])
    if paren:  # 45件(截止2019年9月30日)恩平市…: the noun stands after the aside
        pos += paren.end()
    end = _clause_end(text, pos)
    chunk = text[pos:end]
    if not chunk or not _CJK.match(chunk):
        words = chunk.split()[:4]
        return " ".join(w for w in words if w.isalpha()), pos
    out = ""
    for token in cut_words(chunk):
        if token[0] in _AFTER_STOP_CHARS or any(token.startswith(w) for w in _AFTER_STOP_WORDS):
            break
        if len(out) + len(token) > t.after_label_max:
            break
        out += token
    return out, pos + len(out)


def _quoted_name(text: str, start: int) -> tuple[str, int] | None:
    """The name in quotation marks right before a clause (“社会保障和就业支出（类）…（项）”7.66万元,
    “…”科目8.53万元): what the figure after it is a figure of, and where the name opens."""
    if start < 2 or text[start - 1] not in _CLOSE_QUOTES:
        return None
    opener = _CLOSE_QUOTES[text[start - 1]]
    at = text.rfind(opener, 0, start - 1)
    name = text[at + 1 : start - 1].strip() if at >= 0 else ""
    if not name or len(name) > _QUOTED_NAME_MAX or not _CJK.search(name):
        return None
    return name, at


def _is_verbish(label: str) -> bool:
    """True for a label that is only a verb or an adverb (设立, 组织, 先后): it names nothing."""
    tags = tag_words(label)
    return bool(tags) and len(label) <= 4 and all(t[0] in "vdtpcmqr" for _, t in tags)


@dataclass
class _Draft:
    number: Number
    line: int
    section: str
    label: str
    kind: str
    start: int  # clause start (quote start)
    is_from: bool  # opens a from-to statement (由9.8%降至7.5%: 9.8%)
    sentence: int  # index of the sentence in the line
    quote_end: int  # past the noun after the unit when the label was taken from it
    measure: str = "level"
    period: str = "year"
    qualifiers: tuple[str, ...] = ()
    start_point: bool = False  # a figure of an earlier time than the statement's (Metric.start)
    quote_from: int = 0  # where the quote starts: the clause, or the quoted name before it


def _kind(label: str, raw: str, number: Number, to_form: bool, target: bool) -> str:
    if target:
        return "target"
    english = not _CJK.search(raw + label)
    if not to_form:
        if english and _EN_CHANGE.search(raw.strip()):
            return "change"
        if not english and (_CHANGE_END.search(label) or _CHANGE_NOUN.search(label)
                            or number.unit in ("个百分点", "倍", "番")):
            return "change"
        if number.unit == "percentage point":
            return "change"
    if number.unit in ("%", "‰"):
        return "ratio"
    return "level"


def _subject(label: str) -> str:
    """The naming part of a previous label, change verb and qualifier removed."""
    label = _QUALIFIER.sub("", label)
    label = re.sub(rf"(?:年均|平均|同比)?(?:{_CHANGE_VERBS})了?$", "", label)
    return label


def _unit_for(number: Number, label: str) -> str:
    if number.unit:
        return number.unit
    if "人次" in label:
        return "人次"
    if re.search(r"人口|人员|人数|学生|劳动力|就业|人$", label):
        return "人"
    if re.search(r"户$|家庭|市场主体", label):
        return "户"
    return ""


def _line_drafts(
    text: str, line: int, section: str, role: PartRole, t: MetricTuning, year: int | None = None
) -> list[_Draft]:
    drafts: list[_Draft] = []
    numbers = scan_numbers(text)
    if not numbers:  # most lines of a long report: nothing below is needed
        return drafts
    item = ""  # the quoted subject a numbered item opened with (“…（项）”25.77万元)
    english = not _CJK.search(text)
    # The year the paragraph speaks of: the one it opens with (2024年，…), else its section's.
    opening = years_in(text[:_OPENING_CHARS])
    year = opening[0] if opening else year
    scope = part_scope(text)
    # Sentence ends and full stops found once per line, then looked up per number: counting them
    # again before every number made a 1 MB line with many numbers quadratic.
    # English sentences end at a stop followed by a space (3.5 and U.S. stay whole).
    ends = [m.start() for m in (_EN_ENDS if english else _ENDS).finditer(text)]
    stops = [m.start() for m in (_EN_STOPS if english else _STOPS).finditer(text)]
    for number in numbers:
        start = _clause_start(text, number.start)
        prev = drafts[-1] if drafts else None
        same_clause = prev is not None and prev.start == start
        raw_start = max(start, prev.number.end) if same_clause and prev else start
        raw = _strip_approx_before(text[raw_start : number.start])
        sentence = bisect_left(ends, number.start)
        # A target lead-in (预期目标是：) governs its whole list, whose items end in ；.
        before = bisect_left(stops, number.start)
        sent_start = stops[before - 1] + 1 if before else 0
        # The sentence up to the number, its last stretch only: a paragraph with no full stop
        # (a scraped page on one line) would otherwise be read again before every number.
        said = text[max(sent_start, number.start - t.sentence_window) : number.start]
        plan = role.kind == PLAN and not is_actual_in_plan(said)
        target = plan or bool(_TARGET_WORDS.search(said))
        to_form = bool(same_clause and prev and prev.is_from and _TO_END.search(raw.strip())
                       and len(raw.strip()) <= 5)
        is_from = False
        quote_from = start
        inherited = to_form
        quote_end = approx_end(text, number.end)
        level_to = to_form  # 由A提高到B: B is a level; 由上年下降A转为增长B: B is a change
        if to_form and prev:
            verb = _CHANGE_END.search(raw.strip())
            label = _subject(prev.label) + verb.group(0) if verb else prev.label
            level_to = not verb
        elif english:
            label = _clean_en(raw)
            if label.lower() in _EN_CONNECTORS and prev and prev.sentence == sentence:
                label = prev.label  # $2.35 billion or 14%: the same indicator, two ways
                inherited = True
            elif not label or label.lower() in _EN_CONNECTORS:
                label = _after_phrase(text, number.end, t)[0] or number.unit
        else:
            stripped = raw.strip()
            from_m = _FROM_END.search(stripped)
            if from_m:
                is_from = True
                stripped = stripped[: from_m.start()] + (from_m.group("verb") or "")
            if _TO_END.search(stripped) and not is_from:
                to_form = level_to = True
                stripped = _TO_END.sub("", stripped)
                stripped = _CHANGE_END.sub("", stripped)
            label, needs_after = _clean_cn(stripped, year)
            quoted = _quoted_name(text, start) if _NAME_NOUN.match(label) else None
            if quoted is not None:
                label, quote_from = quoted
                item = label
            elif item and (word := _ITEM_WORD.match(label)):
                # 2024年预算安排25.77万元 inside the item: the item's own figure, said again;
                # 2023年当年预算执行数为60.13万元: the item's figure of last year.
                label = item + ("" if word.group(1) else label)
            elif not label or needs_after or _is_verbish(label) or (
                    len(label) > _NAME_MAX_CHARS and number.unit in _COUNTERS):
                # A clause too long to be a name (…部门预算是包括万里街道本部以及下属5家预算单位):
                # the noun counted after the number names the figure, where one follows.
                after_at = approx_end(text, number.end)
                after, after_end = _after_phrase(text, after_at, t)
                if after:
                    label = after
                    quote_end = after_end
            if (_GENERIC.match(label) or _PREPOSITION_START.match(label)) and prev and \
                    prev.sentence == sentence:
                inherited = not _PREPOSITION_START.match(label)
                if label:
                    label = _subject(prev.label) + label
                else:
                    label = _subject(prev.label) if level_to else prev.label
            if label in _CONNECTORS and prev and prev.sentence == sentence:
                label = prev.label  # 分别下降23%、15%和18%: a list under one label
                inherited = True
            if not label:
                label = _after_phrase(text, approx_end(text, number.end), t)[0] or number.unit
        plain = _kind(label, raw, number, level_to, False)
        measure = measure_of(plain, number.unit, plain == "change")
        # The starting value of a from-to in a plan is where things stand now: last year's actual.
        kind = plain if is_from and target else _kind(label, raw, number, level_to, target)
        qualifiers = read_qualifiers(text[start : number.start], label)
        if inherited and prev is not None:
            qualifiers = tuple(dict.fromkeys(prev.qualifiers + qualifiers))
        if scope and scope not in qualifiers:
            qualifiers = (*qualifiers, scope)
        period = read_period(
            said, text[:24], role, clause=text[start : number.start], label=label, kind=kind,
            end_point=to_form,
            after=text[number.end : _clause_end(text, number.end)][:40] if english else "",
        )
        if is_from:
            period = "year"
        drafts.append(_Draft(number, line, section, label, kind, start, is_from, sentence,
                             quote_end, measure, period, qualifiers, is_from and not target,
                             quote_from))
    return drafts


def _dollar(sections: Sequence[Section]) -> str:
    """What a bare "$" means in these sections: SGD in a Singapore budget, else "$"."""
    for s in sections:
        for word, code in _DOLLAR:
            if word in s.text:
                return code
    return "$"


def extract_metrics(
    sections: Sequence[Section], *, tuning: MetricTuning = DEFAULT.metrics
) -> tuple[Metric, ...]:
    """Every metric of ``sections`` in reading order (see the module docstring)."""
    t = tuning
    roles = part_roles(sections)
    dollar = _dollar(sections)
    out: list[Metric] = []
    for section in sections:
        role = roles.get(section.path, NO_ROLE)
        year = max(years_in(section.title), default=None)
        for at, line, original in _blocks(section):
            if is_row(original):
                continue  # a table row: its numbers are read by compare.metrics.tables
            original = original.rstrip("\r")
            # Zero-width characters left by scraping (74.4\u200b万亿元) and spaces inside a number
            # (8 ．8 ％) are dropped before scanning; ``keep`` maps each offset of the scanned text
            # back to ``original``.
            gaps = set(number_gaps(original))
            keep: Sequence[int]
            if gaps or has_invisible(original):
                kept = [i for i, ch in enumerate(original)
                        if ch not in ZERO_WIDTH and i not in gaps]
                folded = fold_line("".join(original[i] for i in kept))
                keep = [*kept, len(original)]
            else:  # nothing to drop (the usual line): offsets map to themselves
                keep = range(len(original) + 1)
                folded = fold_line(original)
            for draft in _line_drafts(folded, line, section.path, role, t, year):
                out.append(_metric(draft, original, keep, section, at, line, dollar, t))
        out.extend(table_metrics(section, tuning=t))
    return tuple(out)


def _metric(
    draft: _Draft, original: str, keep: Sequence[int], section: Section, at: int, line: int,
    dollar: str, t: MetricTuning,
) -> Metric:
    number = draft.number
    value = format_decimal(number.value)
    if number.high is not None:
        value = f"{value}-{format_decimal(number.high)}"
    start, end = keep[number.start], keep[number.end - 1] + 1
    before = number.start - t.quote_max_before
    quote_start = keep[max(draft.quote_from, before)]
    quote_end = keep[draft.quote_end - 1] + 1 if draft.quote_end else 0
    quote = original[quote_start:quote_end].strip() or original[start:quote_end]
    # The line where the number itself stands, inside a wrapped paragraph too.
    page, own_line = section.locate(at + start) if section.starts else (section.page, line)
    unit = _unit_for(number, draft.label)
    quantity = Quantity(
        value=value,
        unit=dollar if unit == "$" else unit,
        text=original[start:end],
        line=own_line,
        quote=quote,
        page=page,
    )
    metric = Metric(draft.label, draft.kind, number.approx, draft.section, quantity)
    return replace(
        metric, period=draft.period, qualifiers=draft.qualifiers, approx_word=number.approx_word,
        measure=draft.measure, start=draft.start_point,
    )
