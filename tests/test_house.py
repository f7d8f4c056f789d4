"""The architecture holds: imports point down the pipeline, nothing takes another module's private
names, project imports sit at the top of modules (the CLI alone imports per command), and each
module says what it exports. The same facts as ../shared/tools/house.py, without ../shared."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections import defaultdict
from pathlib import Path

import compare

ROOT = Path(compare.__file__).resolve().parent


def _modules() -> dict[str, Path]:
    mods = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = path
    return mods


def _imports(name: str, path: Path) -> list[tuple[str, str, bool]]:
    """(imported module, imported name, inside a function) of each project import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("compare"):
            continue
        n, in_func, in_typecheck = node, False, False
        while n in parents:
            n = parents[n]
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                in_func = True
            if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test):
                in_typecheck = True
        if in_typecheck:
            continue
        out.extend((node.module or "", a.name, in_func) for a in node.names)
    return out


class TestHouse:
    def test_no_import_cycles(self) -> None:
        """The project's import graph has no cycle (a package and its own modules aside)."""
        mods = _modules()
        edges: dict[str, set[str]] = defaultdict(set)
        for name, path in mods.items():
            for module, imported, _ in _imports(name, path):
                target = f"{module}.{imported}" if f"{module}.{imported}" in mods else module
                if target != name and target in mods:
                    edges[name].add(target)

        def reaches(start: str, goal: str) -> bool:
            seen, todo = set(), [start]
            while todo:
                cur = todo.pop()
                for nxt in edges.get(cur, ()):
                    if nxt == goal:
                        return True
                    if nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
            return False

        cycles = [
            (a, b)
            for a in mods
            for b in edges.get(a, ())
            if reaches(b, a) and not (a.startswith(b + ".") or b.startswith(a + "."))
        ]
        assert cycles == []

    def test_no_private_names_across_modules(self) -> None:
        """No module imports a name starting with '_' from another module."""
        taken = [
            (name, module, imported)
            for name, path in _modules().items()
            for module, imported, _ in _imports(name, path)
            if imported.startswith("_") and not imported.startswith("__") and module != name
        ]
        assert taken == []

    def test_project_imports_at_the_top(self) -> None:
        """Outside the CLI, project modules import each other at module level, never inside a
        function, so the dependency graph is what the top of each file says."""
        inner = [
            (name, module)
            for name, path in _modules().items()
            if not name.startswith("compare.cli")
            for module, _imported, in_func in _imports(name, path)
            if in_func
        ]
        assert inner == []

    def test_every_module_declares_all(self) -> None:
        """Every module has ``__all__``, and every name in it exists."""
        for info in pkgutil.walk_packages(compare.__path__, "compare."):
            if info.name.endswith("__main__"):
                continue
            module = importlib.import_module(info.name)
            assert hasattr(module, "__all__"), info.name
            missing = [n for n in module.__all__ if not hasattr(module, n)]
            assert missing == [], info.name

    def test_textkit_is_the_ground_floor(self) -> None:
        """The text toolkit imports nothing of the project but itself."""
        outside = [
            (name, module)
            for name, path in _modules().items()
            if name.startswith("compare.textkit")
            for module, _imported, _ in _imports(name, path)
            if not module.startswith("compare.textkit")
        ]
        assert outside == []

    def test_store_imports_no_text_stage(self) -> None:
        """The store only writes and reads: it imports no text-processing stage or toolkit."""
        used = {
            module
            for name, path in _modules().items()
            if name.startswith("compare.store")
            for module, _imported, _ in _imports(name, path)
        }
        stages = ("compare.textkit", "compare.align", "compare.diff", "compare.metrics",
                  "compare.sections", "compare.ingest")
        assert not [m for m in used if m.startswith(stages)]

    def test_one_place_cuts_words(self) -> None:
        """Only textkit.words imports the segmenter: every stage's Chinese words come from one
        segmenter whose version the stored segmentation is stamped with."""
        importers = sorted(
            name
            for name, path in _modules().items()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, (ast.Import, ast.ImportFrom))
            and any(a.name.split(".")[0] == "rjieba" for a in node.names)
            or isinstance(node, ast.ImportFrom) and (node.module or "").startswith("rjieba")
        )
        assert set(importers) == {"compare.textkit.words"}
