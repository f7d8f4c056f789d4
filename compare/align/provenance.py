"""Part of the align stage: split and merge edges found from where each paragraph's topic went.

Public API: provenance_edges, add_provenance, reported_done, units, over_budget.

Section-to-section scores cannot see that one old task section was spread over three new ones:
each new part shares only a third of the old vocabulary, so it loses to whatever else is near.
Paragraphs can: a paragraph keeps its topic when it moves. The *units* are the sections of the top
``provenance_max_level`` heading levels; a part's lead-in text belongs to the part, deeper items
travel with their unit. Each paragraph of a unit is compared, by TF-IDF cosine over its words,
with every candidate unit of the other year, and counts for the best one when that one stands out
(``provenance_margin`` over the runner-up, at least ``provenance_floor``). When the paragraphs so
given to one unit of the other year make up ``provenance_share`` of a unit's text, in either
direction, the two are joined by an edge, provided text also went the other way and the old unit
sent at least ``provenance_least_share`` of its text (one stray paragraph is an incidental topic).

Candidates are kept where the alignment already put the unit's parent: the units inside the
counterpart of its nearest ancestor matched to a section with units below it (everything, under
the root). A new unit without units below it, matched to an old one with some (the new year lost
a level of headings), takes no edges: gold labels call the old sub-sections removed. An old unit
without units below it, matched to a new one with some (the new year divided it under
sub-headings), may send its paragraphs to that counterpart and its sub-sections, and is split into
those that send ``provenance_least_share`` of their own text back.

``reported_done`` uses the same paragraph votes across parts: a task section of last year whose
paragraphs read best as this year's review (among every section of the new report) was reported
done; that is a relation, not an alignment edge.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from compare.align.roles import family
from compare.models import Section, SectionPair
from compare.textkit.sentences import is_salutation
from compare.textkit.vectors import cosine, idf_weights, weigh
from compare.textkit.words import Terms
from compare.tuning import DEFAULT, AlignTuning

__all__ = ["add_provenance", "over_budget", "provenance_edges", "reported_done", "units"]


def units(
    sections: Sequence[Section], *, tuning: AlignTuning = DEFAULT.align
) -> tuple[list[int], dict[int, int], set[int]]:
    """The units of a report, the unit owning each section, and the units with unit children."""
    top = tuning.provenance_max_level
    found = [k for k, s in enumerate(sections) if 1 <= s.level <= top]
    index = {s.path: k for k, s in enumerate(sections)}
    chosen = set(found)
    parents = {index[s.parent] for s in sections if 1 <= s.level <= top and s.parent in index}
    owner: dict[int, int] = {}
    for k, s in enumerate(sections):
        path: str | None = s.path
        while path is not None and path in index:
            if index[path] in chosen:
                owner[k] = index[path]
                break
            path = sections[index[path]].parent
    return found, owner, parents & chosen


def over_budget(
    old: Sequence[Section], new: Sequence[Section], *, tuning: AlignTuning = DEFAULT.align
) -> str:
    """The note to show when the paragraph comparisons would pass ``provenance_budget``, else
    ``""``: every paragraph is scored against every unit of the other year at worst."""
    found_old, owner_old, _ = units(old, tuning=tuning)
    found_new, owner_new, _ = units(new, tuning=tuning)
    min_chars = tuning.provenance_min_para_chars
    sal = tuning.salutation_max_chars
    work = len(_paragraphs(old, owner_old, min_chars, sal)) * len(found_new) + len(
        _paragraphs(new, owner_new, min_chars, sal)
    ) * len(found_old)
    if work <= tuning.provenance_budget:
        return ""
    return (
        f"The reports have too many paragraphs × sections ({work:,}, budget "
        f"{tuning.provenance_budget:,}) to trace where each paragraph went, so sections split or "
        "merged across several others may show as fewer split and merged entries."
    )


def _paragraphs(
    sections: Sequence[Section], owner: dict[int, int], min_chars: int, salutation_chars: int
) -> list[tuple[int, str]]:
    out = []
    for k, s in enumerate(sections):
        if k not in owner:
            continue
        for n, para in enumerate(s.body.split("\n")):
            if n and is_salutation(para, salutation_chars):
                break  # "各位代表！" at the end of a part's last section: the speech goes on
            if len(para.strip()) >= min_chars:
                out.append((owner[k], para))
    return out


class _Side:
    """One report's units, their paragraphs and where each unit may send its paragraphs."""

    def __init__(self, sections: Sequence[Section], terms: Terms, tuning: AlignTuning) -> None:
        self.sections = sections
        self.units, self.owner, self.parents = units(sections, tuning=tuning)
        self.paras = _paragraphs(
            sections, self.owner, tuning.provenance_min_para_chars, tuning.salutation_max_chars
        )
        self.terms = [terms(p) for _, p in self.paras]
        self.index = {s.path: k for k, s in enumerate(sections)}

    def ancestors(self, k: int) -> list[int]:
        out = []
        parent = self.sections[k].parent
        while parent is not None and parent in self.index:
            out.append(self.index[parent])
            parent = self.sections[self.index[parent]].parent
        return out


def _candidates(
    k: int, side: _Side, other: _Side, match: dict[int, int], *, old: bool
) -> list[int]:
    if k in match and match[k] in other.parents and k not in side.parents:
        if not old:
            return []
        # An old part the new year divided into sub-sections was split into them: its text
        # stays inside its counterpart, which now has headings for it.
        return [match[k], *_inside(other, match[k])]
    for a in side.ancestors(k):
        # An ancestor matched to a section without units below it (the other year has no
        # headings there) says nothing about where the children went: look further up.
        if a in match and match[a] in other.parents:
            root = other.sections[match[a]].path + "/"
            return [u for u in other.units if other.sections[u].path.startswith(root)]
    return list(other.units)


def _shares(
    side: _Side,
    other: _Side,
    match: dict[int, int],
    vecs: list[dict[str, float]],
    unit_vecs: dict[int, dict[str, float]],
    tuning: AlignTuning,
    *,
    old: bool,
) -> dict[tuple[int, int], float]:
    """(unit, other unit) -> share of the unit's paragraph text whose topic went there;
    ``old``: the units are the old year's."""
    candidates = {u: _candidates(u, side, other, match, old=old) for u in side.units}
    given: Counter[tuple[int, int]] = Counter()
    total: Counter[int] = Counter()
    for (unit, para), vec in zip(side.paras, vecs, strict=True):
        total[unit] += len(para)
        ranked = sorted(((cosine(vec, unit_vecs[c]), c) for c in candidates[unit]), reverse=True)
        if not ranked or ranked[0][0] < tuning.provenance_floor:
            continue
        if len(ranked) > 1 and ranked[0][0] < tuning.provenance_margin * ranked[1][0]:
            continue
        given[(unit, ranked[0][1])] += len(para)
    return {key: mass / total[key[0]] for key, mass in given.items()}


def provenance_edges(
    old: Sequence[Section],
    new: Sequence[Section],
    match: dict[int, int],
    *,
    terms: Terms,
    tuning: AlignTuning = DEFAULT.align,
) -> set[tuple[int, int]]:
    """(old index, new index) edges between units whose paragraphs went to each other.

    ``match`` is the one-to-one alignment already made (old index -> new index).
    """
    sides = (_Side(old, terms, tuning), _Side(new, terms, tuning))
    idf = idf_weights(sides[0].terms + sides[1].terms, smooth=False)
    vecs = [[weigh(t, idf) for t in side.terms] for side in sides]
    unit_vecs = []
    for side in sides:
        acc: dict[int, Counter[str]] = {u: Counter() for u in side.units}
        for (unit, _), t in zip(side.paras, side.terms, strict=True):
            acc[unit].update(t)
        unit_vecs.append({u: weigh(c, idf) for u, c in acc.items()})
    inverse = {j: i for i, j in match.items()}
    forward = _shares(sides[0], sides[1], match, vecs[0], unit_vecs[1], tuning, old=True)
    backward = _shares(sides[1], sides[0], inverse, vecs[1], unit_vecs[0], tuning, old=False)
    edges = {key for key, share in forward.items() if share >= tuning.provenance_share}
    edges |= {(i, j) for (j, i), share in backward.items() if share >= tuning.provenance_share}
    # A section is often near some other topic in one direction only (a risk paragraph of this
    # year's battles that reads like a sentence of last year's finance reform); two sections are
    # joined only when text also went the other way. The old section must send a real share
    # (one stray paragraph is an incidental topic); a new section merged from several old ones
    # sends each of them only a little back, so any share will do that way, except where an
    # old part the new year divided into sub-sections (``_candidates``) is joined to one of
    # them: that sub-section must read in good part as the old part.
    least = tuning.provenance_least_share
    divided = {
        (i, u)
        for i, j in match.items()
        if i in sides[0].units and i not in sides[0].parents and j in sides[1].parents
        for u in _inside(sides[1], j)
    }

    def returned(i: int, j: int) -> bool:
        if (i, j) in divided:
            return backward.get((j, i), 0.0) >= least
        return (j, i) in backward

    return {
        (i, j) for i, j in edges if forward.get((i, j), 0.0) >= least and returned(i, j)
    }


def _inside(side: _Side, k: int) -> list[int]:
    """The units below unit ``k``."""
    root = side.sections[k].path + "/"
    return [u for u in side.units if side.sections[u].path.startswith(root)]


def reported_done(
    old: Sequence[Section],
    new: Sequence[Section],
    pairs: Sequence[SectionPair],
    *,
    terms: Terms,
    roles: tuple[Sequence[str], Sequence[str]],
    tuning: AlignTuning = DEFAULT.align,
) -> list[tuple[int, int]]:
    """(old task unit, new review unit) where this year's review reports on last year's task.

    Each paragraph of an old task unit (one without units below it) votes for the unit of the new
    report, among all of them, that shares its words best (``reported_done_floor``, by
    ``provenance_margin`` over the runner-up); where the votes for one review unit make up
    ``reported_done_share`` of the task's text, the two are related. Pairs already in ``pairs``
    are left out. ``roles`` are ``compare.align.roles.section_roles`` of both reports.
    """
    sides = (_Side(old, terms, tuning), _Side(new, terms, tuning))
    tasks = {u for u in sides[0].units if roles[0][u] == "tasks" and u not in sides[0].parents}
    leaves = [u for u in sides[1].units if u not in sides[1].parents]
    review = {u for u in leaves if family(roles[1][u]) == "past"}
    if not tasks or not review:
        return []
    idf = idf_weights(sides[0].terms + sides[1].terms, smooth=False)
    acc: dict[int, Counter[str]] = {u: Counter() for u in leaves}
    for (unit, _), t in zip(sides[1].paras, sides[1].terms, strict=True):
        if unit in acc:
            acc[unit].update(t)
    unit_vecs = {u: weigh(c, idf) for u, c in acc.items()}
    given: Counter[tuple[int, int]] = Counter()
    total: Counter[int] = Counter()
    for (unit, para), t in zip(sides[0].paras, sides[0].terms, strict=True):
        if unit not in tasks:
            continue
        total[unit] += len(para)
        vec = weigh(t, idf)
        ranked = sorted(((cosine(vec, unit_vecs[c]), c) for c in leaves), reverse=True)
        if not ranked or ranked[0][0] < tuning.reported_done_floor or ranked[0][1] not in review:
            continue
        if len(ranked) > 1 and ranked[0][0] < tuning.provenance_margin * ranked[1][0]:
            continue
        given[(unit, ranked[0][1])] += len(para)
    index_old = {s.path: k for k, s in enumerate(old)}
    index_new = {s.path: k for k, s in enumerate(new)}
    have = {
        (index_old[p.old.path], index_new[p.new.path])
        for p in pairs
        if p.old is not None and p.new is not None
    }
    return sorted(
        (key for key, mass in given.items()
         if mass >= tuning.reported_done_share * total[key[0]] and key not in have),
        key=lambda e: (e[1], e[0]),
    )


def add_provenance(
    old: Sequence[Section],
    new: Sequence[Section],
    pairs: Sequence[SectionPair],
    *,
    terms: Terms,
    similarity: Callable[[Section, Section], float],
    tuning: AlignTuning = DEFAULT.align,
) -> tuple[SectionPair, ...]:
    """``pairs`` with the provenance edges they lack added as split/merged entries.

    An added or removed entry whose section gained an edge is dropped; every entry of an old
    section with several counterparts becomes ``split``, else every entry of a new section with
    several becomes ``merged``. A new entry stands after the last entry of its new section or of
    one before it, so the reading order of the new report holds.
    """
    index_old = {s.path: k for k, s in enumerate(old)}
    index_new = {s.path: k for k, s in enumerate(new)}
    match = {
        index_old[p.old.path]: index_new[p.new.path]
        for p in pairs
        if p.old is not None and p.new is not None and p.status not in ("split", "merged")
    }
    have = {
        (index_old[p.old.path], index_new[p.new.path])
        for p in pairs
        if p.old is not None and p.new is not None
    }
    found = provenance_edges(old, new, match, terms=terms, tuning=tuning)
    extra = sorted(found - have, key=lambda e: (e[1], e[0]))
    if not extra:
        return tuple(pairs)
    edges = have | set(extra)
    out_degree = Counter(i for i, _ in edges)
    in_degree = Counter(j for _, j in edges)
    gained_old = {i for i, _ in extra}
    gained_new = {j for _, j in extra}

    def restate(p: SectionPair) -> SectionPair:
        if p.old is None or p.new is None:
            return p
        i, j = index_old[p.old.path], index_new[p.new.path]
        if out_degree[i] > 1:
            return SectionPair("split", p.old, p.new, p.similarity)
        if in_degree[j] > 1:
            return SectionPair("merged", p.old, p.new, p.similarity)
        return p

    out: list[SectionPair] = []
    for p in pairs:
        if p.status == "added" and p.new is not None and index_new[p.new.path] in gained_new:
            continue
        if p.status == "removed" and p.old is not None and index_old[p.old.path] in gained_old:
            continue
        out.append(restate(p))
    for i, j in extra:
        # Degree one on both sides: a one-to-one pair the order-preserving pass could not make.
        entry = restate(SectionPair("moved", old[i], new[j], similarity(old[i], new[j])))
        at = max(
            (k for k, q in enumerate(out) if q.new is not None and index_new[q.new.path] <= j),
            default=-1,
        )
        out.insert(at + 1, entry)
    return tuple(out)
