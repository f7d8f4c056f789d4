"""The roles of a report's parts: which part reviews last year, which reviews a whole term, which
sets targets or lists the tasks ahead. One model, read from the headings, for every stage that
needs it: the metrics stage (a figure in 过去五年工作回顾 covers five years; a figure in
2019年工作任务 is a plan) and the alignment (a review part faces last year's plan).

Public API: PartRole, part_roles, title_role, REVIEW, PLAN, NO_ROLE.

``title_role(title)`` reads one heading: ``PartRole("review", 1)`` for 2018年工作回顾 or
"Economic performance", ``PartRole("review", 5)`` for 过去五年工作回顾, ``PartRole("plan", 1)``
for 2019年政府工作任务, 总体要求和政策取向 or "The FY 85 Budget", ``PartRole("plan", 5)`` for
“十三五”时期主要目标任务, ``NO_ROLE`` otherwise. ``part_roles(sections)`` gives every section its
role: its own heading's where that says one, else its parent's; a top-level part that says none
and follows a plan part is a plan too (the task parts of a work report: 三、把改革开放扎实推向纵深).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from compare.models import Section
from compare.textkit.lazyre import lazy_compile
from compare.textkit.numerals import numeral_int

__all__ = ["NO_ROLE", "PLAN", "REVIEW", "PartRole", "part_roles", "title_role"]

REVIEW = "review"
PLAN = "plan"


@dataclass(frozen=True)
class PartRole:
    """What a part of a report does: ``kind`` is "review", "plan" or "" (not known); ``years``
    is how many years its figures cover (1 for a year's review or plan, 5 for a term's)."""

    kind: str = ""
    years: int = 1


NO_ROLE = PartRole()

_COUNT = r"([两二三四五六七八九十]|(?<!\d)\d{1,2})"
_TERM = lazy_compile(
    rf"过去{_COUNT}年|{_COUNT}年来|近{_COUNT}年|本届政府|{_COUNT}年工作|"
    r"十[一二三四五六]五|(?:past|last) (\w+) years", re.I)
_PLAN_WORDS = lazy_compile(
    r"部署|安排|建议|计划|目标|任务|打算|思路|展望|要求|取向|设想|预算(?!执行)|"
    r"\b(?:plan|plans|outlook|targets?|budget|proposals?|recommendations?)\b", re.I)
_REVIEW_WORDS = lazy_compile(
    r"回顾|总结|情况|成绩|成效|进展|执行|决算|完成|"
    r"\b(?:review|performance|achievements?|outturn|retrospect)\b", re.I)
_FIVE_YEAR_PLAN = lazy_compile(r"十[一二三四五六]五")
_ONE_YEAR = lazy_compile(r"(?<!\d)(?:19|20)\d\d年(?!以来|来)|\b(?:FY ?)?(?:19|20)\d\d\b")
# A deeper heading (（一）…) says a role only when it is short: the long run-in headings of a work
# report's review (（三）坚持创新引领发展，着力…) speak of results in any words.
_DEEP_TITLE_MAX = 20


def _years(m: re.Match[str]) -> int:
    if _FIVE_YEAR_PLAN.fullmatch(m.group(0)):
        return 5
    if m.group(0) == "本届政府":
        return 5
    for g in m.groups():
        if g:
            n = numeral_int(g) or {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}.get(
                g.lower())
            if n:
                return n
    return 1


def title_role(title: str) -> PartRole:
    """The role one heading says its part has (see the module docstring)."""
    plan = _PLAN_WORDS.search(title)
    review = _REVIEW_WORDS.search(title)
    term = _TERM.search(title)
    if review and not plan:
        return PartRole(REVIEW, _years(term) if term else 1)
    if plan and not review:
        return PartRole(PLAN, _years(term) if term else 1)
    if plan and review and plan.group(0) == "预算" and review.group(0) in ("执行", "完成"):
        return PartRole(REVIEW, 1)
    return NO_ROLE


def part_roles(sections: Sequence[Section]) -> dict[str, PartRole]:
    """Every section's role by path (see the module docstring)."""
    roles: dict[str, PartRole] = {}
    previous_top = NO_ROLE
    for s in sections:
        own = NO_ROLE
        if s.level <= 1 or len(s.title) <= _DEEP_TITLE_MAX:
            own = title_role(s.title)
        if own.kind:
            role = own
        elif s.parent is not None and s.parent in roles:
            role = roles[s.parent]
        elif s.level == 1 and previous_top.kind == PLAN:
            role = PartRole(PLAN, 1 if _ONE_YEAR.search(s.title) else previous_top.years)
        else:
            role = NO_ROLE
        roles[s.path] = role
        if s.level == 1:
            previous_top = role
    return roles
