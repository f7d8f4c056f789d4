"""Tests for compare.align.roles and its use by the alignment: parts pair within their role, and
a task of last year reported in this year's review is a relation of its own."""

from __future__ import annotations

from compare.align import align
from compare.align.roles import compatible, part_role, section_roles
from compare.models import Section


def sec(path: str, title: str, body: str = "") -> Section:
    level = 0 if path == "0" else path.count("/") + 1
    return Section(path=path, level=level, title=title, text=title + ("\n" + body if body else ""),
                   line=1)


INNOVATE = ("加快科技创新，支持企业研发投入，建设创新平台和实验室，培育高新技术企业和科技型中小"
            "企业，完善科技成果转化机制，扩大创业投资，推动大众创业万众创新。")
FARM = ("稳定粮食生产，建设高标准农田，发展现代农业，培育新型农业经营主体，改善农村人居环境，"
        "推进农村道路和供水建设，增加农民收入。")
EXPORT = ("稳定外贸外资，优化营商环境，扩大进口，推进自由贸易试验区建设，完善口岸通关，鼓励企业"
          "开拓国际市场。")


class TestPartRole:
    def test_titles_name_their_roles(self) -> None:
        """The State Council and city report titles map to their roles."""
        assert part_role("一、2016年工作回顾") == "review"
        assert part_role("一、过去五年工作回顾") == "review_term"
        assert part_role("二、2018年经济社会发展总体要求和政策取向") == "targets"
        assert part_role("二、“十三五”时期主要目标任务和重大举措") == "term_plan"
        assert part_role("三、对2018年政府工作的建议") == "tasks"
        assert part_role("二、存在的问题和不足") == "problems"
        assert part_role("三、下一步工作设想") == "tasks"
        assert part_role("四、协调推动经济稳定增长和结构优化") == ""

    def test_sections_take_their_part_role(self) -> None:
        """Children take the part's role; an unnamed part after a task part is a task part."""
        secs = [sec("0", ""), sec("1", "一、工作回顾"), sec("1/1", "（一）创新"),
                sec("2", "二、2015年工作总体部署"), sec("3", "三、把改革开放扎实推向纵深"),
                sec("3/1", "（一）开放")]
        assert section_roles(secs) == ("", "review", "review", "targets", "tasks", "tasks")

    def test_families(self) -> None:
        """A year's review faces a term's review; a review never faces a task list freely."""
        assert compatible("review", "review_term")
        assert compatible("targets", "tasks")
        assert not compatible("tasks", "review_term")
        assert compatible("", "tasks")


class TestRoleAwareAlignment:
    def test_task_pairs_with_the_task_not_the_review_echo(self) -> None:
        """Last year's task pairs with this year's task, not with the term review of its title."""
        old = [sec("1", "一、2017年工作回顾", FARM), sec("2", "二、2018年工作任务"),
               sec("2/1", "（一）坚持创新引领发展。", INNOVATE),
               sec("2/2", "（二）稳定外贸。", EXPORT)]
        new = [sec("1", "一、过去五年工作回顾", FARM[:30]),
               sec("1/1", "（一）坚持创新引领发展。", INNOVATE[:60]),
               sec("2", "二、2019年工作任务"),
               sec("2/1", "（一）推动高质量发展。", INNOVATE[20:] + EXPORT[:10]),
               sec("2/2", "（二）扩大开放。", EXPORT)]
        pairs = {(p.old.path if p.old else None, p.new.path if p.new else None): p.status
                 for p in align(old, new) if not p.relation}
        assert ("2/1", "2/1") in pairs
        assert ("2/1", "1/1") not in pairs
        assert pairs[(None, "1/1")] == "added"

    def test_reported_done_is_a_relation(self) -> None:
        """A task whose paragraphs read as this year's review is related to it, status kept."""
        old = [sec("1", "一、2017年工作回顾", EXPORT), sec("2", "二、2018年工作任务"),
               sec("2/1", "（一）加快科技创新。", INNOVATE), sec("2/2", "（二）发展农业。", FARM)]
        new = [sec("1", "一、2018年工作回顾", EXPORT + "\n" + INNOVATE),
               sec("2", "二、2019年工作任务"), sec("2/1", "（一）发展农业。", FARM)]
        got = align(old, new)
        done = [p for p in got if p.relation]
        assert [(p.old.path, p.new.path, p.relation, p.status) for p in done
                if p.old and p.new] == [("2/1", "1", "reported_done", "changed")]
        main = [p for p in got if not p.relation and p.old is not None and p.old.path == "2/1"]
        assert [p.status for p in main] == ["removed"]
