"""Bad inputs, store failures, concurrent ingests and pathological diffs, through a real process.

Each row of the bad-input matrix (``tests/cases/robust_matrix.md``) that ``test_cli.py`` does not
already cover is tested here: the exact message, the exit code of CONTRACT.md (2 input, 3 store),
no traceback, and the store unchanged. Where the tests run as root (CI), file modes do not stop
anyone; those rows then use an immutable file (``chattr +i``) or make SQLite itself open the store
read-only, and say so.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from cli_process import run_cli
from support import cli_env
from test_cli import REPORTS, SERIES, listing, proc

from compare.ingest.reader import parse_document
from compare.pipeline import build_report, ingest
from compare.render.pairwords import note_text
from compare.store.db import Store

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
# Patches a -c wrapper applies before running the CLI (a real process, still no traceback).
SHORT_BUSY = "import compare.store.db as s; s.STORE_BUSY_TIMEOUT_S = 0.5"
SQLITE_READONLY = textwrap.dedent(
    """
    import sqlite3
    _connect = sqlite3.connect
    def _ro(path, *a, **k):
        k.pop('uri', None)
        if not str(path).startswith('file:'):
            path = 'file:' + str(path) + '?mode=ro'
        return _connect(path, *a, uri=True, **k)
    sqlite3.connect = _ro
    """
)
LOCKED = (
    "The store s.db is locked by another compare process (waited 0.5 s). "
    "Wait for the other process to finish, then run the command again."
)
# A sentence with its closing mark (。 or ；), or the unclosed rest of a line.
SENTENCE = re.compile(r"[^。；]*[。；]|[^。；]+$")
READ_ONLY = (
    "The store s.db is read-only. Make the file and its folder writable, or pass another --db."
)


def env() -> dict[str, str]:
    return cli_env(COLUMNS="200")


def proc_patched(patch: str, *args: str, cwd: Path, timeout: float = 60
                 ) -> subprocess.CompletedProcess[str]:
    """The CLI as a real process after ``patch`` (Python source) has run in it."""
    return run_cli(*args, cwd=cwd, env=env(), patch=patch, timeout=timeout)


def check_error(done: subprocess.CompletedProcess[str], code: int, message: str) -> None:
    """Exit code, exact one-line message on stderr, no traceback anywhere."""
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert done.returncode == code, done.stderr
    assert done.stderr.strip() == f"Error: {message}"


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def sample(year: int = 2019) -> str:
    return (REPORTS / f"{year}.txt").read_text(encoding="utf-8")


@pytest.fixture()
def work(tmp_path: Path, sample_db: Path) -> Path:
    """A working folder with s.db (the sample 2018 and 2019) and nothing else."""
    shutil.copy(sample_db, tmp_path / "s.db")
    return tmp_path


def shown(work: Path, year: str, *extra: str) -> list[dict[str, Any]]:
    done = proc("show", year, "--db", "s.db", "--format", "json", *extra, cwd=work)
    assert done.returncode == 0, done.stderr
    sections: list[dict[str, Any]] = json.loads(done.stdout)["sections"]
    return sections


# --- the bad-input matrix: files ---------------------------------------------------------------


class TestBadFiles:
    def test_undecodable_bytes(self, work: Path) -> None:
        """Bytes no supported encoding reads for certain: exit 2, offset named, store unchanged."""
        write(work / "in" / "2020.txt", "一、总体情况\n".encode() + b"\x80\xff\xfe\x80 text\n")
        before = (work / "s.db").read_bytes()
        done = proc("ingest", "in/2020.txt", "--db", "s.db", cwd=work)
        check_error(done, 2, "in/2020.txt is not UTF-8, UTF-16, GB18030, Big5, Shift-JIS, "
                    "EUC-KR or Latin-1 text that can be read for certain (undecodable byte at "
                    "offset 19). Save it as UTF-8 and ingest it again.")
        assert (work / "s.db").read_bytes() == before

    def test_broken_utf16(self, work: Path) -> None:
        """A UTF-16 byte-order mark over bytes that are not UTF-16 (a lone surrogate): exit 2."""
        data = b"\xff\xfe" + "二〇二〇年报告\n".encode("utf-16-le") + b"\x00\xd8\x41\x00"
        write(work / "in" / "2020.txt", data)
        before = (work / "s.db").read_bytes()
        done = proc("ingest", "in/2020.txt", "--db", "s.db", cwd=work)
        check_error(done, 2, "in/2020.txt starts with a utf-16-le byte-order mark but is not "
                    "valid utf-16-le (undecodable byte at offset 16). "
                    "Save it as UTF-8 and ingest it again.")
        assert (work / "s.db").read_bytes() == before

    def test_png_renamed_txt(self, work: Path) -> None:
        """A PNG renamed .txt is named for what it is, however it is called."""
        write(work / "in" / "2020.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
        before = listing(work / "s.db")
        done = proc("ingest", "in", "--db", "s.db", cwd=work)
        check_error(done, 2, "in/2020.txt looks like a PNG image, not a text file. "
                    "Convert it to plain text or HTML first and ingest that file.")
        assert listing(work / "s.db") == before

    def test_utf16_bom_accepted(self, work: Path) -> None:
        """UTF-16 LE and BE with BOM read to the same sections, on the same lines, as UTF-8."""
        text = sample()
        write(work / "le" / "2019.txt", b"\xff\xfe" + text.encode("utf-16-le"))
        write(work / "be" / "2019.txt", b"\xfe\xff" + text.encode("utf-16-be"))
        want = shown(work, "2019")
        for name in ("le", "be"):
            done = proc("ingest", f"{name}/2019.txt", "--series", name, "--db", "s.db", cwd=work)
            assert done.returncode == 0, done.stderr
            assert shown(work, "2019", "--series", name) == want

    def test_50mb_report_accepted(self, tmp_path: Path) -> None:
        """A 50 MB report (the sample, then its prose repeated) is stored whole: nothing read is
        dropped, and every figure of the sample is read as from the sample alone."""
        text = sample() if sample().endswith("\n") else sample() + "\n"
        # Past the sample, the file grows by the sample's paragraphs less their sentences that
        # hold a figure: every stage still reads all 50 MB (most of it in one section), but the
        # figures are the sample's 51 (the sample repeated whole gave 98,000 metrics and took
        # 26 s; figures on long input are test_1mb_single_line_accepted's and test_htmlparse's).
        prose = "".join(
            "".join(x for x in SENTENCE.findall(line) if not re.search(r"\d", x)) + "\n"
            for line in text.split("\n", 3)[3].splitlines()
        ).encode()
        data = text.encode()
        path = write(tmp_path / "big" / "2019.txt",
                     data + prose * ((50 * 2**20 - len(data)) // len(prose) + 1))
        assert path.stat().st_size >= 50 * 2**20
        started = time.perf_counter()
        done = proc("ingest", "big/2019.txt", "--db", "s.db", cwd=tmp_path)
        elapsed = time.perf_counter() - started
        assert done.returncode == 0, done.stderr
        report = Store(tmp_path / "s.db").get_report(SERIES, 2019)
        assert report is not None
        # Nothing read is dropped: every non-space character of the file is in a section or in
        # the front/back matter (only whitespace between lines is not kept).
        kept = [s.text for s in report.sections] + [b.text for b in report.front + report.back]
        file_chars = len("".join(path.read_text(encoding="utf-8").split()))
        assert sum(len("".join(t.split())) for t in kept) == file_chars
        assert len(report.sections) > 20
        alone = build_report(parse_document(text.encode(), path="big/2019.txt"))
        assert alone.metrics and report.metrics == alone.metrics
        print(f"50 MB ingest: {elapsed:.1f} s, {len(report.sections)} sections, "
              f"{len(report.metrics)} metrics")

    def test_1mb_single_line_accepted(self, tmp_path: Path) -> None:
        """One 1 MB line of prose with numbers is ingested, not hung (60 s guard; ~6 s here)."""
        body = sample().split("\n", 3)[3]
        sentences = [s + "。" for s in body.replace("\n", "").split("。") if s]
        parts: list[str] = []
        size = chars = 0  # bytes and characters so far, counted as they grow (not re-encoded)
        while size < 2**20:
            parts.append(random.Random(chars).choice(sentences))
            size += len(parts[-1].encode())
            chars += len(parts[-1])
        line = "".join(parts)
        write(tmp_path / "one" / "2019.txt", line.encode())
        done = proc_timeout(("ingest", "one/2019.txt", "--db", "s.db"), tmp_path, 60)
        assert done is not None and done.returncode == 0
        report = Store(tmp_path / "s.db").get_report("one", 2019)
        assert report is not None and "".join(s.text for s in report.sections) == line

    def test_long_first_paragraph_is_not_furniture(self) -> None:
        """A long first paragraph that mentions 首页 > stays in the body, not the front matter."""
        para = "本报告回顾了网站首页 > 专栏的建设，" + "各项工作有序推进，" * 40 + "成效明显。"
        doc = parse_document(para.encode(), path="r/2019.txt")
        assert doc.front == () and [b.text for b in doc.blocks] == [para]

    def test_no_headings(self, work: Path) -> None:
        """A report with no headings is stored one unit per paragraph, each at its line."""
        paras = [
            "会议听取了政府工作报告，同意报告提出的目标。",
            "会议认为，过去一年各项工作取得新进展，办理案件91件。",
            "会议号召，全市上下团结一心，为完成全年任务而努力。",
        ]
        write(work / "flat" / "2019.txt", "\n\n".join(paras).encode())
        done = proc("ingest", "flat/2019.txt", "--db", "s.db", cwd=work)
        assert done.returncode == 0, done.stderr
        got = [(s["line"], s["title"]) for s in shown(work, "2019", "--series", "flat")]
        assert got == [(1, paras[0]), (3, paras[1]), (5, paras[2])]

    def test_duplicate_headings(self, work: Path) -> None:
        """Two headings with the same words are two sections, each paired with itself."""
        text = (
            "# 某市2019年工作报告\n\n## 工作措施\n\n加强制度建设，完善规章。\n\n"
            "## 存在问题\n\n基层力量不足。\n\n## 工作措施\n\n推进执法改革，落实责任制。\n"
        )
        write(work / "dup" / "2019.md", text.encode())
        write(work / "dup" / "2018.md", text.replace("2019", "2018").encode())
        done = proc("ingest", "dup", "--db", "s.db", cwd=work)
        assert done.returncode == 0, done.stderr
        got = [(s["line"], s["title"]) for s in shown(work, "2019", "--series", "某市工作报告")]
        assert got == [(3, "工作措施"), (7, "存在问题"), (11, "工作措施")]
        pair = proc("2018", "2019", "--series", "某市工作报告", "--db", "s.db", "--no-ingest",
                    "-f", "json", cwd=work)
        assert pair.returncode == 0, pair.stderr
        entries = json.loads(pair.stdout)["sections"]
        assert [(e["status"], e["old"]["line"], e["new"]["line"]) for e in entries] == [
            ("unchanged", 3, 3), ("unchanged", 7, 7), ("unchanged", 11, 11)]

    def test_headings_six_deep(self, work: Path) -> None:
        """Markdown headings nested six deep keep six levels, nested paths and their lines."""
        names = ["一级", "二级", "三级", "四级", "五级", "六级", "六级之二"]
        lines = ["某市2019年工作报告", ""]
        for depth, name in enumerate(names, 1):
            lines += ["#" * min(depth, 6) + " " + name, "", "正文。", ""]
        write(work / "deep" / "2019.md", "\n".join(lines).encode())
        done = proc("ingest", "deep/2019.md", "--db", "s.db", cwd=work)
        assert done.returncode == 0, done.stderr
        got = [(s["path"], s["level"], s["title"], s["line"]) for s in
               shown(work, "2019", "--series", "某市工作报告")]
        paths = ["/".join(["1"] * d) for d in range(1, 7)] + ["1/1/1/1/1/2"]
        levels = [1, 2, 3, 4, 5, 6, 6]
        assert got == [(p, lv, n, 3 + 4 * i)
                       for i, (p, lv, n) in enumerate(zip(paths, levels, names, strict=True))]

    def test_heading_right_after_title(self) -> None:
        """A marked-up heading just below the title is the first section, not a byline."""
        raw = "# 某市2019年工作报告\n\n## 工作措施\n\n加强制度建设。\n".encode()
        doc = parse_document(raw, path="x/2019.md")
        assert [b.text for b in doc.front] == ["某市2019年工作报告"]
        assert [(b.text, b.line, b.hint) for b in doc.blocks] == [
            ("工作措施", 3, 2), ("加强制度建设。", 5, 0)]

    def test_path_with_spaces_and_chinese(self, work: Path) -> None:
        """A path with spaces and Chinese is stored as given and named verbatim in errors."""
        folder = work / "我的 报告" / "恩平 市"
        write(folder / "恩平 2017.txt", sample().replace("2019", "2017").encode())
        done = proc("ingest", "我的 报告", "--db", "s.db", cwd=work)
        assert done.returncode == 0, done.stderr
        paths = {r["year"]: r["path"] for r in listing(work / "s.db")["reports"]}
        assert paths[2017] == "我的 报告/恩平 市/恩平 2017.txt"
        write(folder / "空 文件 2016.txt", b"\n")
        before = (work / "s.db").read_bytes()
        bad = proc("ingest", "我的 报告", "--db", "s.db", cwd=work)
        check_error(bad, 2, "我的 报告/恩平 市/空 文件 2016.txt is empty. "
                    "Give a file that holds the report's text.")
        assert (work / "s.db").read_bytes() == before


def proc_timeout(args: tuple[str, ...], cwd: Path, timeout: float
                 ) -> subprocess.CompletedProcess[str] | None:
    """``proc`` that returns None instead of raising when the process outlives ``timeout``."""
    try:
        return run_cli(*args, cwd=cwd, env=env(), timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


class TestUnreadable:
    def _folder(self, work: Path) -> Path:
        shutil.copytree(REPORTS, work / "in")
        (work / "in" / "2019.txt").write_bytes(sample().replace("2019", "2020").encode())
        return work / "in" / "2019.txt"

    def test_real_permission(self, work: Path) -> None:
        """A folder with a chmod 000 file: exit 2 naming it, nothing of the folder stored."""
        target = self._folder(work)
        target.chmod(0)
        try:
            if os.access(target, os.R_OK):
                pytest.skip("running as root: chmod 000 does not stop reading "
                            "(test_simulated covers this row)")
            before = (work / "s.db").read_bytes()
            done = proc("ingest", "in", "--db", "s.db", cwd=work)
            check_error(done, 2, "Cannot read in/2019.txt: Permission denied. "
                        "Check that the file exists and that you may read it.")
            assert (work / "s.db").read_bytes() == before
        finally:
            target.chmod(0o644)

    def test_simulated(self, work: Path) -> None:
        """The same, with the read refused by a patched Path.read_bytes (works as root too)."""
        self._folder(work)
        patch = textwrap.dedent(
            """
            import errno, pathlib
            _read = pathlib.Path.read_bytes
            def _refuse(self):
                if self.name == '2019.txt':
                    raise PermissionError(errno.EACCES, 'Permission denied', str(self))
                return _read(self)
            pathlib.Path.read_bytes = _refuse
            """
        )
        before = (work / "s.db").read_bytes()
        done = proc_patched(patch, "ingest", "in", "--db", "s.db", cwd=work)
        check_error(done, 2, "Cannot read in/2019.txt: Permission denied. "
                    "Check that the file exists and that you may read it.")
        assert (work / "s.db").read_bytes() == before


# --- the bad-input matrix: the store -----------------------------------------------------------


def _immutable(path: Path, on: bool) -> bool:
    """chattr +i / -i (root only, ext4/xfs); whether it worked."""
    if shutil.which("chattr") is None:
        return False
    done = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True)
    return done.returncode == 0


class TestStoreFailures:
    def test_read_only_sqlite(self, work: Path) -> None:
        """SQLite opening the store read-only: ingest exits 3 with the read-only message."""
        before = (work / "s.db").read_bytes()
        done = proc_patched(SQLITE_READONLY, "ingest", str(REPORTS / "2019.txt"), "--series",
                            "new", "--db", "s.db", cwd=work)
        check_error(done, 3, READ_ONLY)
        assert (work / "s.db").read_bytes() == before
        listed = proc_patched(SQLITE_READONLY, "list", "--db", "s.db", "-f", "json", cwd=work)
        assert listed.returncode == 0 and len(json.loads(listed.stdout)["reports"]) == 2

    def test_read_only_file(self, work: Path) -> None:
        """A read-only store file (chmod 444, or chattr +i as root): exit 3, list still works."""
        db = work / "s.db"
        before = db.read_bytes()
        db.chmod(0o444)
        locked = False
        if IS_ROOT:
            locked = _immutable(db, True)
            if not locked:
                db.chmod(0o644)
                pytest.skip("running as root without chattr: file modes do not stop root "
                            "(test_read_only_sqlite covers this row)")
        try:
            done = proc("ingest", str(REPORTS / "2019.txt"), "--series", "new", "--db", "s.db",
                        cwd=work)
            check_error(done, 3, READ_ONLY)
            assert len(listing(db)["reports"]) == 2
        finally:
            if locked:
                _immutable(db, False)
            db.chmod(0o644)
        assert db.read_bytes() == before

    def test_read_only_folder(self, work: Path) -> None:
        """A store whose folder is read-only (no journal can be made): exit 3, says so."""
        folder = work / "ro"
        folder.mkdir()
        shutil.copy(work / "s.db", folder / "s.db")
        before = (folder / "s.db").read_bytes()
        folder.chmod(0o555)
        locked = False
        if IS_ROOT:
            locked = _immutable(folder, True)
            if not locked:
                folder.chmod(0o755)
                pytest.skip("running as root without chattr: folder modes do not stop root")
        try:
            done = proc("ingest", str(REPORTS / "2019.txt"), "--series", "new", "--db", "s.db",
                        cwd=folder)
            check_error(done, 3, "The store s.db cannot be opened (unable to open database "
                        "file). Check that its folder exists and is writable, or pass another "
                        "--db.")
        finally:
            if locked:
                _immutable(folder, False)
            folder.chmod(0o755)
        assert (folder / "s.db").read_bytes() == before

    @pytest.mark.parametrize("args", [["list"], ["ingest", str(REPORTS / "2019.txt"),
                                                 "--series", "new"], ["2018", "2019"]],
                             ids=["list", "ingest", "pair"])
    def test_locked(self, work: Path, args: list[str]) -> None:
        """Another process holds an exclusive lock: after the busy timeout, exit 3, 'locked'."""
        before = (work / "s.db").read_bytes()
        holder = sqlite3.connect(work / "s.db", isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            started = time.perf_counter()
            extra = ["--no-ingest"] if args[0] == "2018" else []
            done = proc_patched(SHORT_BUSY, *args, *extra, "--db", "s.db", cwd=work)
            waited = time.perf_counter() - started
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        check_error(done, 3, LOCKED)
        assert waited >= 0.5
        assert (work / "s.db").read_bytes() == before

    def test_truncated(self, work: Path) -> None:
        """A store cut in half (a copy interrupted): exit 3, 'corrupt', file untouched."""
        db = work / "s.db"
        db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
        before = db.read_bytes()
        done = proc("2018", "2019", "--db", "s.db", "--no-ingest", cwd=work)
        check_error(done, 3, "The store s.db is not a compare store or is corrupt (database "
                    "disk image is malformed). Move it aside and ingest the reports again into "
                    "a new --db.")
        assert db.read_bytes() == before


# --- concurrency ----------------------------------------------------------------------------


def _start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "compare.cli", *args], cwd=cwd, env=env(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )


class TestConcurrency:
    def _two_folders(self, tmp_path: Path) -> None:
        shutil.copytree(REPORTS, tmp_path / "a")
        for year in (2018, 2019):
            write(tmp_path / "b" / f"{year}.txt", sample(year).encode())

    def _check(self, tmp_path: Path, procs: list[subprocess.Popen[str]]) -> None:
        for p in procs:
            out, err = p.communicate(timeout=60)
            assert p.returncode == 0, err
            assert "Traceback" not in err
        with Store(tmp_path / "s.db") as store:
            assert store.integrity() == "ok"
            got = sorted((i.series, i.year) for i in store.list_reports())
        assert got == [("A", 2018), ("A", 2019), ("B", 2018), ("B", 2019)]

    def test_two_ingests_at_once(self, tmp_path: Path) -> None:
        """Two ingests of different files into one new store both succeed; integrity ok."""
        self._two_folders(tmp_path)
        procs = [_start(["ingest", name, "--series", name.upper(), "--db", "s.db"], tmp_path)
                 for name in ("a", "b")]
        self._check(tmp_path, procs)

    def test_both_wait_for_a_held_lock(self, tmp_path: Path) -> None:
        """With the store locked for 1.5 s, two ingests wait (busy timeout) and then succeed."""
        self._two_folders(tmp_path)
        with Store(tmp_path / "s.db") as store:
            ingest(store, [tmp_path / "a" / "2018.txt"], series="A")
        holder = sqlite3.connect(tmp_path / "s.db", isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN EXCLUSIVE")
        release = threading.Timer(1.5, lambda: holder.execute("ROLLBACK"))
        procs = [_start(["ingest", name, "--series", name.upper(), "--db", "s.db"], tmp_path)
                 for name in ("a", "b")]
        release.start()
        try:
            self._check(tmp_path, procs)
        finally:
            release.join()
            holder.close()


# --- pathological diffs -----------------------------------------------------------------------

PATHOLOGICAL = textwrap.dedent(
    """
    import json, random, sys, time
    from compare.models import Report, Section
    from compare.pipeline import compare_reports
    from compare.render import render_html

    def report(year, parts):
        sections = tuple(
            Section(path=str(i + 1), level=1, title=t, text=t + "\\n" + b if b else t,
                    line=i + 1, lines=(i + 1,))
            for i, (t, b) in enumerate(parts))
        return Report(series="s", year=year, title=f"s{year}", sha256=str(year) * 16,
                      path=f"{year}.txt", sections=sections, metrics=())

    case, source = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
    sentences = [s + "。" for s in source.replace("\\n", "").split("。") if s]
    rng = random.Random(7)
    def paragraph(size):
        parts, got = [], 0  # bytes counted as they grow, not the text re-encoded each time
        while got < size:
            parts.append(rng.choice(sentences))
            got += len(parts[-1].encode())
        return "".join(parts)
    if case == "shuffled":
        text = paragraph(2 ** 20)
        words = [text[i:i + 7] for i in range(0, len(text), 7)]
        rng.shuffle(words)
        old, new = report(2018, [("一、总体", text)]), report(2019, [("一、总体", "".join(words))])
    elif case == "many":
        n = int(sys.argv[3])
        old = report(2018, [(f"（{i}）旧标题{i}", rng.choice(sentences)) for i in range(n)])
        new = report(2019, [(f"（{i}）新题目{i}", rng.choice(sentences)) for i in range(n)])
    else:
        old = report(2018, [("一、总体", paragraph(2 ** 20))])
        new = report(2019, [("一、总体", "")])
    started = time.perf_counter()
    comparison = compare_reports(old, new)
    page = render_html(comparison)
    print(json.dumps({
        "seconds": round(time.perf_counter() - started, 2),
        "notes": [d.note for d in comparison.diffs if d is not None and d.note],
        "statuses": sorted({p.status for p in comparison.sections}),
        "page": page,
    }, ensure_ascii=False))
    """
)


def pathological(case: str, *extra: str, timeout: float) -> dict[str, Any]:
    """Run one case in a subprocess; a hang fails the test at ``timeout`` instead of CI."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", PATHOLOGICAL, case, str(REPORTS / "2019.txt"), *extra],
            env=env(), capture_output=True, text=True, encoding="utf-8", timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case} {' '.join(extra)} did not finish within {timeout:g} s")
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    print(f"{case} {' '.join(extra)}: {result['seconds']} s")
    return result


class TestPathologicalDiffs:
    def test_shuffled_megabyte(self) -> None:
        """A 1 MB paragraph against its shuffled self finishes, with the fallback note shown (in
        Chinese, the report's language)."""
        result = pathological("shuffled", timeout=120)
        assert result["notes"], "the diff must say it fell back"
        note = result["notes"][0]
        assert "budget" in note
        page = result["page"]
        shown = note_text(note, "zh-Hans")
        assert shown != note
        escaped = shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert shown in page or escaped in page, "the note must be visible on the page"

    def test_huge_against_empty(self) -> None:
        """One 1 MB section against an empty one: a plain deletion within the diff's work
        budget (no fallback note), so its cost is the deletion's, not a search's."""
        result = pathological("empty", timeout=120)
        assert result["notes"] == []

    def test_ten_thousand_sections(self) -> None:
        """10,000 tiny sections against 10,000 others finish, the coarse alignment noted."""
        result = pathological("many", "10000", timeout=120)
        assert "超出对齐预算" in result["page"], "the coarse alignment must say so"
