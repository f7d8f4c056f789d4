"""Each command imports only what it uses (issue 17: start-up time of every command).

The modules a command loaded are read from ``sys.modules`` of a real process that ran it, so a
top-level import added anywhere on the command's path shows up here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import REPORTS

from compare.pipeline import ingest
from compare.store.db import Store

# Loaded by no command that does not need them: pydantic (typer >= 0.29 only), the page
# renderer, the segmenter, the number-word parser, the fuzzy matcher, rich's tables.
HEAVY = ("pydantic", "jinja2", "rjieba", "cn2an", "rapidfuzz", "rich", "sqlite_utils")

PROBE = (
    "import sys\nfrom compare.cli import main\n"
    "try:\n    main(sys.argv[1:])\nexcept SystemExit as exc:\n    code = exc.code\n"
    "else:\n    code = 0\n"
    "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    "print(code, file=sys.stderr)\n"
)


def loaded(*args: str, cwd: Path, env: dict[str, str] | None = None) -> set[str]:
    """Top-level names of the modules a ``compare`` process imported running ``args``."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd, timeout=120,
        env=env,
    )
    lines = done.stderr.strip().splitlines()
    assert lines and lines[-1] == "0", done.stderr
    return {name.split(".")[0] for name in lines[:-1]} | set(lines[:-1])


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two sample reports stored once for this module."""
    path = tmp_path_factory.mktemp("imports") / "s.db"
    with Store(path) as store:
        ingest(store, [REPORTS])
    return path


class TestCommandImports:
    def test_help_loads_nothing_heavy(self, tmp_path: Path) -> None:
        """`compare --help` loads none of the heavy libraries nor the pipeline."""
        mods = loaded("--help", cwd=tmp_path)
        assert not mods & {*HEAVY, "compare.pipeline", "compare.store"}

    def test_list_json_loads_no_renderer(self, sample_db: Path) -> None:
        """`compare list --format json` loads no jinja2, rjieba, rich, pydantic or rapidfuzz."""
        mods = loaded("list", "--db", str(sample_db), "--format", "json", cwd=sample_db.parent)
        assert "compare.store.db" in mods
        assert not mods & set(HEAVY)

    def test_list_loads_no_metric_modules(self, sample_db: Path) -> None:
        """`compare list` (table and JSON) loads neither the pipeline nor the metric modules."""
        for extra in ((), ("--format", "json")):
            mods = loaded("list", "--db", str(sample_db), *extra, cwd=sample_db.parent)
            assert "compare.jsondocs" in mods
            assert not mods & {"compare.pipeline", "compare.metrics", "compare.export"}

    def test_warm_compare_loads_no_segmenter(self, sample_db: Path) -> None:
        """A compare of two stored years loads neither rjieba, cn2an nor pydantic."""
        out = sample_db.parent / "p.html"
        mods = loaded(
            "2018", "2019", "--no-ingest", "--db", str(sample_db), "-o", str(out),
            cwd=sample_db.parent,
        )
        assert out.is_file() and "jinja2" in mods
        assert not mods & {"rjieba", "cn2an", "pydantic", "sqlite_utils"}

    def test_json_compare_loads_no_rich(self, sample_db: Path) -> None:
        """`compare OLD NEW -f json` prints only JSON: it loads neither rich nor jinja2."""
        mods = loaded(
            "2018", "2019", "--no-ingest", "--db", str(sample_db), "-f", "json",
            cwd=sample_db.parent,
        )
        assert "compare.export" in mods
        assert not mods & {"rich", "jinja2", "rjieba"}

    def test_compare_of_unchanged_folder_loads_no_segmenter(self, tmp_path: Path) -> None:
        """`compare 2018 2019` beside ./reports, stored before: the files are read and found
        unchanged, nothing is segmented again."""
        shutil.copytree(REPORTS, tmp_path / "reports")
        env = {k: v for k, v in os.environ.items() if k != "COMPARE_DB"}
        first = loaded("2018", "2019", cwd=tmp_path, env=env)
        assert "rjieba" in first and (tmp_path / "store.db").is_file()
        again = loaded("2018", "2019", cwd=tmp_path, env=env)
        assert "compare.ingest" in again and "rjieba" not in again
