"""Align the sections of two years: which old section faces which new one.

Public API: align, over_budget, body_similarity, Scorer.

The alignment is hierarchical and order-aware. *Units* are the sections of the top
``provenance_max_level`` heading levels (the parts and sections at which reports reorganise);
deeper numbered sections are *items*, which pair only with items, inside their units'
counterparts:

1. the preambles (level 0) face each other;
2. units are aligned among siblings by an order-preserving dynamic programme (Needleman-Wunsch
   without gap costs: the largest total score of non-crossing pairs, each above ``pair_floor``),
   first the top parts, then the children of each matched pair, recursively; two sections that
   both have text pair only if their bodies clear ``pair_body_floor`` (a title word is no pair);
3. units left over anywhere are paired globally, best score first, one-to-one, as ``moved``
   when they clear ``move_floor`` and their bodies alone clear ``move_body_floor`` (a section that
   moved to another part is found here), and their children are then aligned in order below them;
4. a unit still unmatched whose body is mostly contained in a unit of the other year that is
   already matched (and shares words with it: ``split_body_floor``; a new unit that reads best as
   its own parent's counterpart stays there) becomes part of a ``split`` (one old, several new)
   or ``merged`` entry, and
   paragraph provenance (``compare.align.provenance``) adds the split and merge edges where a
   share of one unit's paragraphs found their topic in another;
5. items are aligned the same way inside each group of units joined by the steps above (the
   items of a split section follow it into each of its parts, in order), then left-over items are
   paired as moves or, on real evidence of shared text, as split or merged items;
6. a pair found out of order is ``moved`` only if it changed place among its siblings or left
   its parent's counterpart: an item that follows its moved parent is not itself moved.

Scores mix the similarity of masked titles (years, ordinals and punctuation removed, so
``一、2018年工作回顾`` equals ``一、2017年工作回顾``) and of bodies (TF-IDF cosine over the words of
the section with its descendants: rjieba words of two or more characters, Latin words; this
measures shared topic vocabulary rather than shared wording, so a rewritten section still finds
its counterpart). Words beat character bigrams on the dev gold (alignment F1 0.79 against 0.66):
bigrams that straddle word boundaries add noise shared by every section. Sections of parts of
different role families (a review against a task list, ``compare.align.roles``) score lower by
``cross_role_factor``.

A unit's status and similarity are of its own text with its items (what a reader sees under its
heading); a heading whose children are units is judged by its own text only.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from difflib import SequenceMatcher
from typing import TypeVar

from compare.align.entries import body_similarity, entries, entry_similarity
from compare.align.provenance import over_budget as provenance_over_budget
from compare.align.provenance import provenance_edges, reported_done
from compare.align.roles import compatible, section_roles
from compare.models import Section, SectionPair
from compare.textkit.chars import fold
from compare.textkit.headings import mask_title, masked_similarity, terms_similarity, title_terms
from compare.textkit.vectors import cosine, idf_weights, weigh
from compare.textkit.words import Terms, Words, paragraph_terms, section_terms
from compare.tuning import DEFAULT, AlignTuning

__all__ = ["Scorer", "align", "body_similarity", "over_budget"]

T = TypeVar("T", Counter[str], int)
Edge = tuple[int, int]


class Scorer:
    """Similarity of any old section to any new one, each taken with its descendants."""

    def __init__(
        self,
        old: Sequence[Section],
        new: Sequence[Section],
        terms: Terms = section_terms,
        *,
        tuning: AlignTuning = DEFAULT.align,
    ) -> None:
        self.old, self.new = list(old), list(new)
        self.tuning = tuning
        # Each section's own text is segmented once; a subtree's terms are the sum of its
        # sections' (segmenting the subtree texts would cut every child again for each ancestor).
        grams = [_subtree_sums(self.old, terms), _subtree_sums(self.new, terms)]
        self._size = [_subtree_sums(self.old, len), _subtree_sums(self.new, len)]
        idf = idf_weights(grams[0] + grams[1])
        self._vec = [[weigh(g, idf) for g in side] for side in grams]
        self._masked = [[mask_title(s.title) for s in side] for side in (self.old, self.new)]
        self._terms = [[title_terms(s.title) for s in side] for side in (self.old, self.new)]
        self.roles = (section_roles(self.old), section_roles(self.new))
        top = tuning.provenance_max_level
        self.unit = ([s.level <= top for s in self.old], [s.level <= top for s in self.new])
        self._cache: dict[tuple[int, int], float] = {}

    def body(self, i: int, j: int) -> float:
        """Cosine similarity of the two subtrees' TF-IDF word vectors, 0.0-1.0."""
        return cosine(self._vec[0][i], self._vec[1][j])

    def title(self, i: int, j: int) -> float:
        """Similarity of the masked titles, 0.0-1.0."""
        return masked_similarity(self._masked[0][i], self._masked[1][j])

    def title_score(self, i: int, j: int) -> float:
        """Similarity of the titles as scoring weighs it: by words for two English titles
        (``title_terms``), else ``title``. Letters shared by unrelated English titles gave every
        pair a title score near 0.3."""
        a, b = self._terms[0][i], self._terms[1][j]
        if a is None or b is None:
            return self.title(i, j)
        return terms_similarity(a, b)

    def bodied(self, i: int, j: int) -> bool:
        """Both subtrees hold text beyond their headings (``split_min_chars``): only then can
        their bodies be asked to agree."""
        least = self.tuning.split_min_chars
        return (
            self._size[0][i] - len(self.old[i].title) >= least
            and self._size[1][j] - len(self.new[j].title) >= least
        )

    def kind_ok(self, i: int, j: int) -> bool:
        """Units pair with units and items with items."""
        return self.unit[0][i] == self.unit[1][j]

    def role_ok(self, i: int, j: int) -> bool:
        """The two sections' parts have roles of one family (or an unknown role)."""
        return compatible(self.roles[0][i], self.roles[1][j])

    def score(self, i: int, j: int) -> float:
        """Titles and bodies weighed together, 0.0-1.0; lower across role families."""
        key = (i, j)
        if key not in self._cache:
            a, b = self.old[i], self.new[j]
            if not a.title and not b.title:
                value = self.body(i, j)
            else:
                w = self.tuning.title_weight
                value = w * self.title_score(i, j) + (1 - w) * self.body(i, j)
            if not compatible(self.roles[0][i], self.roles[1][j]):
                value *= self.tuning.cross_role_factor
            self._cache[key] = value
        return self._cache[key]

    def containment(self, part_side: int, part: int, whole: int) -> float:
        """Share of one subtree's weighted words that also occur in a subtree of the other side.

        ``part_side`` 1 asks how much of new section ``part`` is found in old subtree ``whole``
        (a split); 0 asks how much of old ``part`` is in new ``whole`` (a merge).
        """
        if self._size[part_side][part] < self.tuning.split_min_chars:
            return 0.0  # a bare heading is "contained" anywhere its few common words occur
        small = self._vec[part_side][part]
        big = self._vec[1 - part_side][whole]
        total = sum(w * w for w in small.values())
        if not total:
            return 0.0
        shared = sum(w * w for term, w in small.items() if term in big)
        return shared / total


def _children(sections: Sequence[Section]) -> dict[str | None, list[int]]:
    """Indexes of the direct children of each path (None: the top level)."""
    known = {s.path for s in sections}
    kids: dict[str | None, list[int]] = {}
    for i, s in enumerate(sections):
        parent = s.parent if s.parent in known else None
        kids.setdefault(parent, []).append(i)
    return kids


def _subtree_sums(sections: Sequence[Section], measure: Callable[[str], T]) -> list[T]:
    """``measure`` of each section's own text, summed over the section and its descendants."""
    own = [measure(s.text) for s in sections]
    sums = list(own)
    for i, s in enumerate(sections):
        prefix = s.path + "/"
        total = own[i]
        grown = False
        for k in range(i + 1, len(sections)):
            if not sections[k].path.startswith(prefix):
                break
            if isinstance(total, Counter):
                if not grown:  # a copy, summed in place: same keys in the same order as ``+``
                    total, grown = Counter(total), True
                total.update(own[k])
            else:
                total = total + own[k]
        sums[i] = total
    return sums


def _gate(
    olds: list[int],
    news: list[int],
    scorer: Scorer,
    against: tuple[list[int], list[int]] | None = None,
) -> dict[tuple[int, int], float]:
    """Scores of the (old, new) pairs that may be matched among these candidates.

    A pair must be of one kind (unit or item), clear ``pair_floor``, have bodies that clear
    ``pair_body_floor`` (where both have text) and come close to the best score of both its row
    and its column (``pair_relative``): reports of one kind share so much
    vocabulary that an absolute floor alone either lets unrelated sections pair or loses
    rewritten counterparts, while a section's true counterpart stands out against its neighbours.
    ``against`` widens the rows and columns to other sections (already paired ones): a leftover
    is not paired with a second-best when its best counterpart is taken.
    """
    ok = {(i, j) for i in olds for j in news if scorer.kind_ok(i, j)}
    row_of, col_of = against if against is not None else (olds, news)
    kind = scorer.kind_ok
    rows = {i: max((scorer.score(i, j) for j in col_of if kind(i, j)), default=0.0) for i in olds}
    cols = {j: max((scorer.score(i, j) for i in row_of if kind(i, j)), default=0.0) for j in news}
    allowed = {}
    t = scorer.tuning
    for i, j in ok:
        s = scorer.score(i, j)
        if s >= t.pair_floor and s >= t.pair_relative * max(rows[i], cols[j]):
            if scorer.body(i, j) < t.pair_body_floor and scorer.bodied(i, j):
                continue  # titles alike in a word or two, texts about other things
            allowed[(i, j)] = s
    return allowed


def _dp(olds: list[int], news: list[int], scorer: Scorer) -> list[tuple[int, int]]:
    """Non-crossing allowed pairs of (old, new) indexes with the largest total score."""
    allowed = _gate(olds, news, scorer)
    n, m = len(olds), len(news)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        row, below = best[a], best[a + 1]
        for b in range(m - 1, -1, -1):
            value = max(below[b], row[b + 1])
            s = allowed.get((olds[a], news[b]))
            if s is not None:
                value = max(value, s + below[b + 1])
            row[b] = value
    pairs = []
    a = b = 0
    while a < n and b < m:
        s = allowed.get((olds[a], news[b]))
        if s is not None and math.isclose(best[a][b], s + best[a + 1][b + 1]):
            pairs.append((olds[a], news[b]))
            a, b = a + 1, b + 1
        elif math.isclose(best[a][b], best[a + 1][b]):
            a += 1
        else:
            b += 1
    return pairs


def over_budget(
    old: Sequence[Section], new: Sequence[Section], *, tuning: AlignTuning = DEFAULT.align
) -> str:
    """The note to show when two reports are too large to align fully, else ``""``."""
    if len(old) * len(new) <= tuning.pair_budget:
        return ""
    return (
        f"The reports have {len(old):,} × {len(new):,} sections, more pairs than the alignment "
        f"budget ({tuning.pair_budget:,}), so sections were paired only where their titles "
        "match (ordinals and years aside), in order; renamed, moved, split and merged sections "
        "show as removed and added."
    )


def _align_by_titles(
    old: Sequence[Section], new: Sequence[Section], tuning: AlignTuning
) -> tuple[SectionPair, ...]:
    """The coarse alignment: equal masked titles (or equal text, for untitled units), in order."""

    def key(s: Section) -> str:
        return mask_title(s.title) if s.title else "\0" + fold(s.text)

    matcher = SequenceMatcher(None, [key(s) for s in old], [key(s) for s in new], autojunk=False)
    edges = {
        (block.a + k, block.b + k): "order"
        for block in matcher.get_matching_blocks()
        for k in range(block.size)
    }
    return entries(old, new, edges, lambda _i, _j: 1.0, tuning=tuning)


class _Pairing:
    """The edges found so far between two reports' sections, and the steps that add them."""

    def __init__(self, old: Sequence[Section], new: Sequence[Section], scorer: Scorer) -> None:
        self.old, self.new, self.scorer = old, new, scorer
        self.t = scorer.tuning
        self.kids = (_children(old), _children(new))
        self.index = (
            {s.path: k for k, s in enumerate(old)},
            {s.path: k for k, s in enumerate(new)},
        )
        self.matched: dict[int, int] = {}  # old index -> new index, one to one
        self.how: dict[int, str] = {}  # old index -> "order" or "moved"
        self.split_of: dict[int, int] = {}  # new index -> old index it was split from
        self.merge_into: dict[int, int] = {}  # old index -> new index it was merged into
        self.extra: set[Edge] = set()  # provenance edges beyond the above

    def parent(self, side: int, k: int) -> int | None:
        sections = self.old if side == 0 else self.new
        return self.index[side].get(sections[k].parent or "")

    def edges(self) -> set[Edge]:
        out = set(self.matched.items()) | self.extra
        out |= {(i, j) for j, i in self.split_of.items()}
        return out | set(self.merge_into.items())

    def descend(self, o_parent: str | None, n_parent: str | None, units: bool) -> None:
        """Align the unmatched children of a matched pair in order, and theirs below them."""
        unit = self.scorer.unit
        olds = [i for i in self.kids[0].get(o_parent, []) if i not in self.matched]
        taken = set(self.matched.values())
        news = [j for j in self.kids[1].get(n_parent, []) if j not in taken]
        self.order(
            [i for i in olds if unit[0][i] == units], [j for j in news if unit[1][j] == units]
        )

    def order(self, olds: list[int], news: list[int]) -> None:
        for i, j in _dp(olds, news, self.scorer):
            self.matched[i] = j
            self.how[i] = "order"
            units = self.scorer.unit[0][i]
            self.descend(self.old[i].path, self.new[j].path, units)

    def leftovers(self, units: bool) -> None:
        """Best global pairs first, one-to-one, among sections of one kind left unmatched."""
        unit, t = self.scorer.unit, self.t
        left_old = [
            i for i in range(len(self.old))
            if i not in self.matched and self.old[i].level > 0 and unit[0][i] == units
        ]
        taken = set(self.matched.values()) | set(self.split_of)
        left_new = [
            j for j in range(len(self.new))
            if j not in taken and self.new[j].level > 0 and unit[1][j] == units
        ]
        every = (
            [i for i in range(len(self.old)) if self.old[i].level > 0],
            [j for j in range(len(self.new)) if self.new[j].level > 0],
        )
        allowed = _gate(left_old, left_new, self.scorer, every)
        edges = self.edges()
        # Shallow pairs first, so a moved part is paired before its children, which follow it.
        ranked = sorted(
            allowed.items(),
            key=lambda kv: (min(self.old[kv[0][0]].level, self.new[kv[0][1]].level), -kv[1]),
        )
        for (i, j), score in ranked:
            if i in self.matched or j in set(self.matched.values()) or score < t.move_floor:
                continue
            if self.scorer.body(i, j) < t.move_body_floor:
                continue  # no order supports a move: a shared title word alone is no evidence
            po, pn = self.parent(0, i), self.parent(1, j)
            across = po is not None and pn is not None and (po, pn) not in edges
            if across and score < t.move_across_floor:
                continue
            self.matched[i] = j
            self.how[i] = "moved"
            self.descend(self.old[i].path, self.new[j].path, units)

    def containers(self, units: bool) -> None:
        """Unmatched sections mostly contained in a matched one of the other year: split parts
        and merged sources. Items need the evidence of shared text, not of a score."""
        old, new, scorer, unit = self.old, self.new, self.scorer, self.scorer.unit
        inverse = {j: i for i, j in self.matched.items()}
        sources = [i for i in self.matched if old[i].level > 0 and unit[0][i] == units]
        for j in range(len(new)):
            if j in inverse or j in self.split_of or new[j].level == 0 or unit[1][j] != units:
                continue
            # A section under its would-be source's counterpart is where that content lives; a
            # section of another role family is joined by paragraph provenance only.
            home = _ancestor_pairs(new, j, inverse | self.split_of)
            near = home | {i for i in sources if not scorer.role_ok(i, j)}
            source = _split_source(j, sources, scorer) if units else None
            if source in home:
                continue  # it reads best as its own parent's counterpart: nothing was split off
            if source is None or source in near:
                source = _best_container(1, j, sources, scorer, exclude=near)
            if source is not None and source not in _ancestor_pairs(new, j, self.split_of):
                self.split_of[j] = source
        targets = [j for j in inverse if new[j].level > 0 and unit[1][j] == units]
        for i in range(len(old)):
            if i in self.matched or i in self.merge_into or old[i].level == 0:
                continue
            if unit[0][i] != units:
                continue
            # A target whose own counterpart was split would make one entry both split and merged.
            near = _ancestor_pairs(old, i, self.matched | self.merge_into) | {
                self.matched[s] for s in self.split_of.values()
            }
            near |= {j for j in targets if not scorer.role_ok(i, j)}
            target = _best_container(0, i, targets, scorer, exclude=near)
            if target is not None:
                self.merge_into[i] = target

    def provenance(self, terms: Terms) -> None:
        """Split and merge edges between units from where their paragraphs went."""
        split_sources = set(self.split_of.values())
        merge_targets = set(self.merge_into.values())
        match = {
            i: j
            for i, j in self.matched.items()
            if i not in split_sources and j not in merge_targets
        }
        self.extra |= provenance_edges(self.old, self.new, match, terms=terms, tuning=self.t)

    def items(self) -> None:
        """Align the items of each group of joined units in order, in reading order."""
        unit = self.scorer.unit
        groups = _components(
            {(i, j) for i, j in self.edges() if unit[0][i] and unit[1][j]}
        )
        for olds_u, news_u in groups:
            taken = set(self.matched.values())
            olds = [
                i for i in range(len(self.old))
                if not unit[0][i] and i not in self.matched and self.parent(0, i) in olds_u
            ]
            news = [
                j for j in range(len(self.new))
                if not unit[1][j] and j not in taken and self.parent(1, j) in news_u
            ]
            self.order(olds, news)

    def settle(self) -> None:
        """A pair found out of order that kept its place among its siblings, under its parent's
        counterpart, is not moved (README: ``moved`` needs a change of order)."""
        edges = self.edges()
        for i, j in list(self.matched.items()):
            if self.how[i] != "moved":
                continue
            po, pn = self.parent(0, i), self.parent(1, j)
            if (po is None) != (pn is None) or (po is not None and (po, pn) not in edges):
                continue
            crossed = any(
                (k < i) != (m < j)
                for k, m in self.matched.items()
                if k != i and self.how[k] == "order"
                and (self.parent(0, k) == po or self.parent(1, m) == pn)
            )
            if not crossed:
                self.how[i] = "order"


def _components(edges: set[Edge]) -> list[tuple[set[int], set[int]]]:
    """The old and new sections of each connected group of edges."""
    root: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        while root.setdefault(x, x) != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    for i, j in edges:
        root[find((0, i))] = find((1, j))
    groups: dict[tuple[int, int], tuple[set[int], set[int]]] = {}
    for side, k in list(root):
        groups.setdefault(find((side, k)), (set(), set()))[side].add(k)
    return list(groups.values())


def align(
    old: Sequence[Section],
    new: Sequence[Section],
    *,
    terms: Terms = section_terms,
    words: Words | None = None,
    tuning: AlignTuning = DEFAULT.align,
) -> tuple[SectionPair, ...]:
    """Pair the sections of two reports; every section of both appears in at least one entry.

    ``terms`` gives a section text's scoring words (``section_terms``, or a lookup of them
    stored at ingest: it must return what ``section_terms`` would). ``words`` holds the diff's
    word cuts stored at ingest, from which the paragraphs of step 4 take their words. Entries
    with a ``relation`` (a task reported done in the review) follow the alignment's own.
    """
    t = tuning
    if over_budget(old, new, tuning=t):
        return _align_by_titles(old, new, t)
    scorer = Scorer(old, new, terms, tuning=t)
    p = _Pairing(old, new, scorer)
    pre_old = [i for i, s in enumerate(old) if s.level == 0]
    pre_new = [j for j, s in enumerate(new) if s.level == 0]
    if pre_old and pre_new:
        p.matched[pre_old[0]] = pre_new[0]
        p.how[pre_old[0]] = "order"
    p.descend(None, None, True)
    p.leftovers(True)
    p.containers(True)
    para_terms = _paragraph_terms(words)
    traced = not provenance_over_budget(old, new, tuning=t)
    if traced:
        p.provenance(para_terms)
    p.items()
    p.leftovers(False)
    p.containers(False)
    p.settle()
    edges = dict.fromkeys(p.edges(), "order")
    edges.update({(i, j): p.how[i] for i, j in p.matched.items()})
    pairs = entries(old, new, edges, scorer.title, tuning=t)
    if not traced:
        return pairs
    done = reported_done(old, new, pairs, terms=para_terms, roles=scorer.roles, tuning=t)
    return pairs + tuple(
        SectionPair("changed", old[i], new[j], entry_similarity(old, new, i, j, t), "reported_done")
        for i, j in done
    )


def _paragraph_terms(words: Words | None) -> Terms:
    # Provenance and the reported-done check score the same paragraphs: each is cut once.
    # Callers only read the counts (``weigh``, ``Counter.update`` of another), never change them.
    seen: dict[str, Counter[str]] = {}

    def terms(text: str) -> Counter[str]:
        found = seen.get(text)
        if found is None:
            found = seen[text] = paragraph_terms(text, words=words)
        return found

    return terms


def _ancestor_pairs(sections: Sequence[Section], k: int, pairs: dict[int, int]) -> set[int]:
    """Counterparts of the ancestors of section k: its content already lives there."""
    index = {s.path: n for n, s in enumerate(sections)}
    out = set()
    parent = sections[k].parent
    while parent is not None:
        n = index.get(parent)
        if n is not None and n in pairs:
            out.add(pairs[n])
        parent = sections[n].parent if n is not None else None
    return out


def _split_source(j: int, sources: list[int], scorer: Scorer) -> int | None:
    """The matched old section an unmatched new one was most likely split from, if one stands out.

    The best-scoring old section must clear ``split_floor`` and beat the runner-up by
    ``split_margin``: a new section that is near several old ones at once is new, not split. Its
    body must also clear ``split_body_floor``: a shared title word is no share of the text.
    """
    ranked = sorted(((scorer.score(i, j), i) for i in sources), reverse=True)
    t = scorer.tuning
    if not ranked or ranked[0][0] < t.split_floor:
        return None
    if len(ranked) > 1 and ranked[1][0] * t.split_margin > ranked[0][0]:
        return None
    if scorer.body(ranked[0][1], j) < t.split_body_floor:
        return None  # a title echo ("Fiscal position" / "Budget position") is no share of text
    return ranked[0][1]


def _best_container(
    side: int, k: int, candidates: Iterable[int], scorer: Scorer, *, exclude: set[int]
) -> int | None:
    """The candidate whose subtree holds most of section ``k``'s words (``split_containment``);
    their bodies must also clear ``split_body_floor``: a large part holds some of nearly every
    section's words."""
    t = scorer.tuning
    best, best_score = None, t.split_containment
    for c in candidates:
        if c in exclude:
            continue
        score = scorer.containment(side, k, c)
        if score < best_score:
            continue
        if scorer.body(*((c, k) if side == 1 else (k, c))) < t.split_body_floor:
            continue
        best, best_score = c, score
    return best
