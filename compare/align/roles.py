"""The role of each part of a report: what kind of text a section is, whatever its title says.

Public API: ROLES, FAMILIES, part_role, section_roles, compatible, family.

A recurring report is built of parts with roles: the review of last year (``review``), the review
of a whole government term (``review_term``: 过去五年工作回顾), the year's targets and overall
requirements (``targets``), a plan for a five-year term (``term_plan``: "十三五"时期主要目标任务),
the tasks for the coming year (``tasks``: 重点工作, 工作任务, 下一步工作设想) and the problems
(``problems``: 存在的问题和不足). Two sections of different roles that share vocabulary (a task
"以创新引领实体经济转型升级" and a five-year review "坚持创新引领发展") are different things, so the
alignment pairs within a role family unless the evidence across families is strong, and a task of
last year that this year's review reports on is a relation of its own ("reported done").

The role of a top-level part comes from cue words of its title; a part without a cue that follows
a forward-looking part (targets, tasks) is a task part (cn-gwr 2015 三…六 after 二、总体部署).
Sections below a part take its role. An unknown role is ``""`` and constrains nothing: reports
whose parts say nothing of their role (most English budget statements) align as before.

The same roles say what period a figure covers (a five-year total stands in a term review), which
is why they live in a module of their own that other stages can import.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from compare.models import Section
from compare.textkit.chars import fold

__all__ = ["FAMILIES", "ROLES", "compatible", "family", "part_role", "section_roles"]

ROLES = ("review", "review_term", "targets", "term_plan", "tasks", "problems")

# Families: roles of one family may stand for each other across years (a year's review faces a
# five-year review; a year's targets are folded into the task part the next year).
FAMILIES = {
    "review": "past",
    "review_term": "past",
    "targets": "future",
    "term_plan": "future",
    "tasks": "future",
    "problems": "problems",
}

# Title cues, tried in this order; the first that matches names the role. Taken from the level-1
# titles of cn-gwr 1994-2019 and the enping reports, plus their common synonyms.
_TERM = re.compile(r"过去五年|五年来|本届政府|十[一二三四五六七八九]五|五年规划")
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("problems", re.compile(r"问题|不足|困难|差距|短板")),
    ("term_plan", re.compile(r"(十[一二三四五六七八九]五|五年规划).*(目标|任务|举措|规划)")),
    ("review", re.compile(r"回顾|基本情况|工作情况|主要成效|取得的成效|工作总结|总结|成绩")),
    ("targets", re.compile(r"总体部署|总体要求|政策取向|预期目标|主要目标|指导思想")),
    ("tasks", re.compile(r"任务|重点工作|建议|设想|计划|安排|打算|思路|下一步|举措|工作要点")),
)


def part_role(title: str) -> str:
    """The role a top-level part's title names, or ``""`` when it names none."""
    text = fold(title)
    for role, cue in _CUES:
        if cue.search(text):
            if role == "review" and _TERM.search(text):
                return "review_term"
            return role
    return ""


def family(role: str) -> str:
    """The family of a role (``past``, ``future``, ``problems``), ``""`` for an unknown role."""
    return FAMILIES.get(role, "")


def compatible(a: str, b: str) -> bool:
    """True when sections of roles ``a`` and ``b`` may face each other without strong evidence."""
    return not a or not b or family(a) == family(b)


def section_roles(sections: Sequence[Section]) -> tuple[str, ...]:
    """The role of every section, in order: its top-level part's (``""`` for the preamble and
    where the part names none)."""
    index = {s.path: k for k, s in enumerate(sections)}
    top: dict[str, str] = {}
    previous = ""
    for s in sections:
        if s.level != 1:
            continue
        role = part_role(s.title)
        if not role and family(previous) == "future":
            role = "tasks"
        top[s.path] = role
        previous = role
    out = []
    for s in sections:
        path: str | None = s.path
        while path is not None and path in index and path not in top:
            path = sections[index[path]].parent
        out.append(top.get(path, "") if path is not None else "")
    return tuple(out)
