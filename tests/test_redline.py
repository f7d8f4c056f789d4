"""The Word redline (compare.render.redline, compare.render.docx and ``--format docx``).

The document is checked by walking its XML as Word does when every change is accepted (drop
``w:del`` and ``w:moveFrom``, keep the rest) or rejected (drop ``w:ins`` and ``w:moveTo``): the
text that remains must be the new report, or the old one, after whitespace folding. A paragraph
mark tracked as deleted (or inserted) joins its paragraph to the next when it goes; a style
separator (``w:specVanish``) joins a run-in heading to its text.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fixtures_render import basic_comparison, hostile_comparison
from hypothesis import given, settings
from hypothesis import strategies as st
from support import CORPUS, REPORTS, need
from test_cli import proc, run

from compare.ingest.reader import parse_document
from compare.models import Comparison, Report
from compare.pipeline import build_report, compare_reports
from compare.render.docx import render_docx, revision_date
from compare.render.redline import redline

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DROP = {"accept": {W + "del", W + "moveFrom"}, "reject": {W + "ins", W + "moveTo"}}
CHANGES = ("ins", "del", "moveFrom", "moveTo")


def _report(path: Path, **kw: Any) -> Report:
    return build_report(parse_document(path.read_bytes(), path=str(path), **kw))


@pytest.fixture(scope="module")
def sample() -> Comparison:
    return compare_reports(_report(REPORTS / "2018.txt"), _report(REPORTS / "2019.txt"))


@pytest.fixture(scope="module")
def gwr() -> Comparison:
    folder = need(CORPUS / "cn-gwr")
    return compare_reports(
        _report(folder / "2018.txt", series="cn-gwr"), _report(folder / "2019.txt", series="cn-gwr")
    )


def body(data: bytes) -> Any:
    from lxml import etree

    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    return etree.fromstring(xml).find(W + "body")


def report_paragraphs(data: bytes) -> list[Any]:
    """The report's paragraphs: everything before the metric-changes heading."""
    out = []
    for p in body(data).iter(W + "p"):
        if any(b.get(W + "name") == "metric_changes" for b in p.iter(W + "bookmarkStart")):
            break
        out.append(p)
    return out


def inner_text(el: Any, drop: set[str]) -> str:
    parts = []
    for child in el:
        if child.tag in drop or child.tag == W + "pPr":
            continue
        if child.tag in (W + "t", W + "delText"):
            parts.append(child.text or "")
        elif child.tag == W + "tab":
            parts.append("\t")
        else:
            parts.append(inner_text(child, drop))
    return "".join(parts)


def walk(data: bytes, mode: str) -> str:
    """The report's text once every change is accepted (or rejected)."""
    drop = DROP[mode]
    out = []
    for p in report_paragraphs(data):
        out.append(inner_text(p, drop))
        mark = p.find(f"{W}pPr/{W}rPr")
        gone = mark is not None and any(c.tag in drop for c in mark)
        run_in = mark is not None and mark.find(W + "specVanish") is not None
        if not gone and not run_in:
            out.append("\n")
    return "".join(out)


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def whole(report: Report) -> str:
    """A report as the redline must give it back: its title, then its sections' text."""
    return "\n".join([report.title, *(s.text for s in report.sections)])


def plain_text(data: bytes) -> str:
    """The text of runs outside every tracked change (direct children of a paragraph)."""
    return "".join(
        t.text or "" for p in report_paragraphs(data) for r in p.findall(W + "r")
        for t in r.findall(W + "t")
    )  # fmt: skip


def shared_text(comparison: Comparison) -> int:
    """Characters the diffs found unchanged: for each new section, its best entry's equal text."""
    best: dict[str, int] = {}
    for pair, diff in zip(comparison.sections, comparison.diffs, strict=True):
        if diff is not None and pair.new is not None:
            same = sum(j2 - j1 for tag, _, _, j1, j2 in diff.opcodes if tag == "equal")
            best[pair.new.path] = max(best.get(pair.new.path, 0), same)
    return sum(best.values())


class TestRedline:
    def test_every_status_round_trips(self) -> None:
        """The hand-built comparison (every status) gives back both reports from its pieces."""
        comp = basic_comparison()
        lines = redline(comp)
        for mode, report in (("accept", comp.new), ("reject", comp.old)):
            drop = {"del", "from"} if mode == "accept" else {"ins", "to"}
            text = ""
            for para in lines.paras:
                text += "".join(p.text for p in para.pieces if p.kind not in drop)
                if para.mark.kind not in drop and not para.mark.runin:
                    text += "\n"
            assert fold(text) == fold(whole(report)), mode

    def test_moved_sections_are_moves(self, sample: Comparison) -> None:
        """The sample's section moved from the start of part 一 to its end is a Word move, with the
        four items it carries (not "moved" themselves: they moved with their parent)."""
        lines = redline(sample)
        moved = [sample.sections[k] for k in lines.moved]
        head = moved[0]
        assert head.old is not None and head.old.title == "(一)组织保障和机制落实情况。"
        assert len(moved) == 5 and head.status == "moved"
        assert all(p.status != "moved" for p in moved[1:])
        assert all(
            p.old is not None and p.old.path.startswith(head.old.path + "/") for p in moved[1:]
        )
        assert all(p.new is not None and p.new.path.startswith("1/8") for p in moved)

    def test_rewritten_section_is_not_a_move(self, gwr: Comparison) -> None:
        """cn-gwr's two 'moved' sections are 83% and 96% rewritten: deleted and inserted."""
        lines = redline(gwr)
        assert lines.moved == ()
        assert {gwr.sections[k].status for k in range(len(gwr.sections))} >= {"moved"}

    def test_sentence_moves_kept(self, sample: Comparison) -> None:
        """Every moved section and moved sentence of the sample is a Word move."""
        lines = redline(sample)
        inside = sum(len(d.moves) for d in sample.diffs if d is not None)
        assert lines.moves == len(lines.moved) + len(sample.moves) + inside
        assert inside >= 1 and lines.moves >= 6

    def test_chain_keeps_both_orders(self, sample: Comparison) -> None:
        """The entries shown in place stand in the same order in both reports."""
        lines = redline(sample)
        old_at = {s.path: k for k, s in enumerate(sample.old.sections)}
        new_at = {s.path: k for k, s in enumerate(sample.new.sections)}
        placed = sorted(
            (old_at[p.old.path], new_at[p.new.path])
            for k in lines.in_place
            if (p := sample.sections[k]).old is not None and p.new is not None
        )
        assert [n for _, n in placed] == sorted(n for _, n in placed)
        assert len(placed) == 35


class TestRenderDocx:
    @pytest.mark.parametrize("which", ["sample", "gwr", "basic"])
    def test_accept_and_reject(self, which: str, request: pytest.FixtureRequest) -> None:
        """Accepting every change gives the new report, rejecting every change the old one."""
        comp = basic_comparison() if which == "basic" else request.getfixturevalue(which)
        data = render_docx(comp)
        assert fold(walk(data, "accept")) == fold(whole(comp.new))
        assert fold(walk(data, "reject")) == fold(whole(comp.old))

    @pytest.mark.parametrize("which", ["sample", "gwr"])
    def test_unchanged_text_in_plain_runs(self, which: str, request: pytest.FixtureRequest) -> None:
        """Text the diff found unchanged stands in plain runs, outside w:ins/w:del."""
        comp = request.getfixturevalue(which)
        plain = plain_text(render_docx(comp))
        # sample: 4,401 of 5,240 shared characters plain (the rest moved with its sections or
        # folded into a replacement as a lone 的); cn-gwr: 1,606 of 1,981.
        assert len(plain) >= 0.75 * shared_text(comp)
        folded = fold(plain)
        for k in redline(comp).in_place:
            pair = comp.sections[k]
            # Entries shown in place whose text is the same (a renumber-only "unchanged" differs in
            # its ordinal; a section moved whole is a Word move, not plain text).
            if pair.old is not None and pair.new is not None and fold(pair.old.text) == fold(
                pair.new.text
            ):
                assert all(fold(block) in folded for block in pair.new.text.split("\n"))

    def test_sample_mostly_plain(self, sample: Comparison) -> None:
        """Over two fifths of the sample's 2019 text is unchanged, in plain runs (46%)."""
        assert len(plain_text(render_docx(sample))) >= 0.4 * len(whole(sample.new))

    def test_revisions_well_formed(self, sample: Comparison) -> None:
        """Revisions: unique ids, author and date; deleted text in w:delText; moves paired."""
        root = body(render_docx(sample))
        changes = [el for name in CHANGES for el in root.iter(W + name)]
        ids = [el.get(W + "id") for el in changes]
        assert len(ids) == len(set(ids)) > 300
        assert {(el.get(W + "author"), el.get(W + "date")) for el in changes} == {
            ("compare", "2019-01-01T00:00:00Z")
        }
        for t in root.iter(W + "delText"):
            assert any(a.tag == W + "del" for a in t.iterancestors())
        for t in root.iter(W + "t"):
            assert not any(a.tag == W + "del" for a in t.iterancestors())
        names = {}
        for side in ("moveFrom", "moveTo"):
            starts = list(root.iter(f"{W}{side}RangeStart"))
            ends = {e.get(W + "id") for e in root.iter(f"{W}{side}RangeEnd")}
            assert {s.get(W + "id") for s in starts} == ends
            names[side] = Counter(s.get(W + "name") for s in starts)
        assert names["moveFrom"] == names["moveTo"]
        assert len(names["moveTo"]) == redline(sample).moves
        assert set(names["moveTo"].values()) == {1}

    def test_opens_with_python_docx(self, sample: Comparison) -> None:
        """python-docx reads it: headings in heading styles, the metrics in one table."""
        import docx

        data = render_docx(sample)
        document = docx.Document(io.BytesIO(data))
        styles = Counter(p.style.name for p in document.paragraphs)
        assert styles["Title"] == 1 and styles["Heading 1"] >= 4 and styles["Heading 2"] >= 10
        table = document.tables[0]
        assert len(table.rows) == len(sample.metrics) + 1
        assert [c.text for c in table.rows[0].cells][:4] == ["#", "label", "2018", "2019"]
        changed = next(r for r in table.rows[1:] if r.cells[7].text == "changed")
        assert changed.cells[2].text != changed.cells[3].text

    def test_headings_styled(self, sample: Comparison) -> None:
        """Each 2019 heading starts a paragraph in the Heading style of its level."""
        styled: dict[int, list[str]] = {}
        for p in report_paragraphs(render_docx(sample)):
            style = p.find(f"{W}pPr/{W}pStyle")
            if style is not None and style.get(W + "val", "").startswith("Heading"):
                level = int(style.get(W + "val")[len("Heading") :])
                styled.setdefault(level, []).append(inner_text(p, DROP["accept"]))
        for section in sample.new.sections:
            if section.level:
                assert any(t.startswith(section.title) for t in styled[section.level]), section

    def test_run_in_heading(self, sample: Comparison) -> None:
        """A heading that runs on into its text ends in a style separator, not a line break."""
        paras = report_paragraphs(render_docx(sample))
        run_in = [p for p in paras if p.find(f"{W}pPr/{W}rPr/{W}specVanish") is not None]
        at = [inner_text(p, DROP["accept"]) for p in run_in].index(
            "1.深化行政审批改革,统筹推进“数字政府”综合改革。"
        )
        after = paras[paras.index(run_in[at]) + 1]
        assert inner_text(after, DROP["accept"]).startswith("一是开展政务服务事项目录梳理")

    def test_deterministic_and_dated(self, sample: Comparison) -> None:
        """Same bytes each time; every revision dated 1 January of the new year, or as asked."""
        first = render_docx(sample)
        assert render_docx(sample) == first
        dates = {el.get(W + "date") for el in body(first).iter(W + "ins")}
        assert dates == {revision_date(sample)} == {"2019-01-01T00:00:00Z"}
        later = render_docx(sample, date=dt.date(2020, 3, 5))
        assert {el.get(W + "date") for el in body(later).iter(W + "del")} == {
            "2020-03-05T00:00:00Z"
        }
        infos = zipfile.ZipFile(io.BytesIO(first)).infolist()
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in {i.filename for i in infos}

    def test_hostile_text(self) -> None:
        """NUL, bidi overrides and markup in report text reach the XML as visible text."""
        text = "<w:p>\x00\u202e]]>&amp;"
        data = render_docx(hostile_comparison(text))
        accepted = walk(data, "accept")
        assert "<w:p>␀<U+202E>]]>&amp;" in accepted
        assert "\x00" not in accepted and "\u202e" not in accepted


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """LibreOffice, and a profile folder its runs share (making one takes most of a run)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    return found, tmp_path_factory.mktemp("office-profile")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the sample reports."""
    path = tmp_path_factory.mktemp("docx") / "s.db"
    result = run("ingest", str(REPORTS / "2018.txt"), str(REPORTS / "2019.txt"), "--db", str(path))
    assert result.exit_code == 0, result.output
    return path


class TestLibreOffice:
    def convert(self, office: tuple[str, Path], files: list[Path], to: str, tmp: Path) -> str:
        done = subprocess.run(
            [office[0], f"-env:UserInstallation={office[1].as_uri()}", "--headless",
             "--convert-to", to, "--outdir", str(tmp / "out"), *map(str, files)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout + done.stderr

    def test_converts_to_pdf(
        self, office: tuple[str, Path], sample: Comparison, tmp_path: Path
    ) -> None:
        """LibreOffice loads the sample's redline (no repair, no error) and prints it to PDF."""
        import pypdfium2

        path = tmp_path / "sample.docx"
        path.write_bytes(render_docx(sample))
        said = self.convert(office, [path], "pdf", tmp_path)
        assert "Error" not in said
        # Read back with PDFium (the project's PDF reader; pypdf took 0.8 s over these pages).
        pdf = pypdfium2.PdfDocument(tmp_path / "out" / "sample.pdf")
        try:
            text = "".join(page.get_textpage().get_text_bounded() for page in pdf)
        finally:
            pdf.close()
        # Shown with its changes: a section only in 2018 and one only in 2019 are both there.
        assert "深入开展法治宣传教育" in text and "加强部门联动" in text

    def test_reads_tracked_changes(
        self, office: tuple[str, Path], sample: Comparison, gwr: Comparison, tmp_path: Path
    ) -> None:
        """LibreOffice loads both redlines, the sample's and cn-gwr 2018 → 2019's (no repair, no
        error), and takes their revisions as tracked changes (insertions and deletions)."""
        files = []
        for name, comp in (("sample", sample), ("gwr", gwr)):
            files.append(tmp_path / f"{name}.docx")
            files[-1].write_bytes(render_docx(comp))
        # ODT, not PDF, for cn-gwr: the same import of the document, without laying out and
        # printing its 35 pages (3 of the 8 CPU s this class took); the sample is printed above.
        said = self.convert(office, files, "odt", tmp_path)
        assert "Error" not in said
        for name in ("sample", "gwr"):
            content = zipfile.ZipFile(tmp_path / "out" / f"{name}.odt").read("content.xml")
            text = content.decode()
            assert text.count("<text:insertion") > 100 and text.count("<text:deletion") > 100


class TestDocxCommand:
    def test_writes_docx(self, db: Path, tmp_path: Path, sample: Comparison) -> None:
        """`compare 2018 2019 --format docx -o F` writes the redline the library renders."""
        out = tmp_path / "r.docx"
        result = run("2018", "2019", "--db", str(db), "--no-ingest", "--format", "docx",
                     "-o", str(out))  # fmt: skip
        assert result.exit_code == 0, result.output
        assert f"Wrote {out}" in result.output
        assert fold(walk(out.read_bytes(), "accept")) == fold(whole(sample.new))

    def test_default_path_and_date(self, db: Path, tmp_path: Path) -> None:
        """Without -o: out/<series>-2018-2019.docx; --date sets every revision's date."""
        done = proc("2018", "2019", "--db", str(db), "--no-ingest", "-f", "docx",
                    "--date", "2019-03-05", cwd=tmp_path)  # fmt: skip
        assert done.returncode == 0, done.stderr
        path = tmp_path / "out" / "恩平市法治政府建设情况报告-2018-2019.docx"
        dates = {el.get(W + "date") for el in body(path.read_bytes()).iter(W + "ins")}
        assert dates == {"2019-03-05T00:00:00Z"}

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--date", "2019-3-5", "-f", "docx"],
             "Error: --date must be a date written YYYY-MM-DD, got '2019-3-5'. Write it like "
             "2019-03-05.\n"),
            (["--date", "2019-03-05", "-f", "json"],
             "Error: --date dates the tracked changes of a Word document; it needs --format "
             "docx. Add --format docx, or leave out --date.\n"),
        ],
    )  # fmt: skip
    def test_bad_date(self, db: Path, tmp_path: Path, args: list[str], message: str) -> None:
        """A malformed --date, or one without --format docx, exits 2 with the message."""
        done = proc("2018", "2019", "--db", str(db), "--no-ingest", *args, cwd=tmp_path)
        assert done.returncode == 2
        assert done.stderr == message
        assert not (tmp_path / "out").exists()


SENTENCES = (
    "今年以来，我市加强法治政府建设，完善行政决策程序。",
    "全面推行行政执法公示制度，规范执法行为。",
    "组织全市行政执法人员参加培训，提高执法水平。",
    "下一步，我们将继续深化改革，提高依法行政水平。",
    "办理行政复议案件76件，纠错率达到12.5%。",
    "建立健全重大行政决策合法性审查机制。",
    "全年共出具法律意见书120份，审查规范性文件35件。",
    "深入开展宪法学习宣传，营造浓厚法治氛围。",
)
NUMBERS = "一二三四五六七八九"


@st.composite
def report_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """Two years of a small report: parts and run-in sub-headings, some moved, dropped, added,
    retitled or reworded, and sentences moved between sections."""
    topics = draw(st.permutations(["法治政府", "行政执法", "依法决策", "监督制约", "普法宣传"]))
    parts = []
    for topic in topics[: draw(st.integers(1, 4))]:
        subs = []
        for n in range(draw(st.integers(0, 3))):
            body = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3))
            subs.append([f"加强{topic}第{n + 1}项工作。", body])
        parts.append([f"{topic}工作情况", draw(st.lists(st.sampled_from(SENTENCES), max_size=2)),
                      subs])
    new_parts = copy.deepcopy(parts)
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["move", "drop", "add", "retitle", "reword", "carry"]))
        subs = [s for p in new_parts for s in p[2]]
        if action == "move" and len(new_parts) > 1:
            new_parts.insert(draw(st.integers(0, len(new_parts) - 1)), new_parts.pop(0))
        elif action == "drop" and len(new_parts) > 1:
            new_parts.pop(draw(st.integers(0, len(new_parts) - 1)))
        elif action == "add":
            new_parts.append(["新增工作情况", [draw(st.sampled_from(SENTENCES))], []])
        elif action == "retitle" and new_parts:
            new_parts[0][0] = "全面" + new_parts[0][0]
        elif action == "reword" and subs:
            sub = subs[draw(st.integers(0, len(subs) - 1))]
            sub[1] = [s.replace("提高", "全面提升").replace("76件", "91件") for s in sub[1]]
        elif action == "carry" and len(subs) > 1 and subs[0][1]:
            subs[-1][1].append(subs[0][1].pop(0))

    def text(year: int, parts: list[Any]) -> str:
        lines = [f"某市{year}年工作报告", "各位代表："]
        for k, (title, body, subs) in enumerate(parts):
            lines += [f"{NUMBERS[k]}、{title}", *body]
            lines += [f"（{NUMBERS[n]}）{head}{''.join(b)}" for n, (head, b) in enumerate(subs)]
        return "\n".join(lines) + "\n"

    return text(2018, parts), text(2019, new_parts)


class TestRoundTripProperty:
    @settings(max_examples=40, deadline=None)
    @given(pair=report_pairs())
    def test_any_two_years(self, pair: tuple[str, str]) -> None:
        """For reports with moved, dropped, added, retitled and reworded parts, accepting every
        change gives the new text and rejecting every change the old one."""
        old, new = (
            build_report(parse_document(t.encode(), path=f"r/{y}.txt", year=y, series="s"))
            for y, t in ((2018, pair[0]), (2019, pair[1]))
        )
        comp = compare_reports(old, new)
        data = render_docx(comp)
        assert fold(walk(data, "accept")) == fold(whole(comp.new))
        assert fold(walk(data, "reject")) == fold(whole(comp.old))
        root = body(data)
        starts = Counter(s.get(W + "name") for s in root.iter(W + "moveFromRangeStart"))
        assert starts == Counter(s.get(W + "name") for s in root.iter(W + "moveToRangeStart"))
