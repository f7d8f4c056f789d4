"""Tests for compare.textkit.lazyre: patterns compiled on first use."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.textkit import lazyre
from compare.textkit.lazyre import lazy_compile


class TestLazyCompile:
    def test_not_compiled_until_used(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Making the pattern compiles nothing; the first search compiles it once."""
        calls: list[str] = []
        real = re.compile

        def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
            calls.append(pattern)
            return real(pattern, flags)

        monkeypatch.setattr(lazyre.re, "compile", counting)
        p = lazy_compile(r"(\d+)件")
        assert calls == [] and p.pattern == r"(\d+)件"
        assert p.search("共76件").group(1) == "76"  # type: ignore[union-attr]
        assert p.findall("1件 2件") == ["1", "2"]
        assert calls == [r"(\d+)件"]

    @settings(max_examples=200, deadline=None)
    @given(text=st.text(alphabet="ab1２件 \n", max_size=30))
    def test_same_answers_as_compiled(self, text: str) -> None:
        """Every method answers as the compiled pattern does."""
        source, flags = r"(?P<n>[0-9２]+)(件)?|b+", re.IGNORECASE
        lazy, real = lazy_compile(source, flags), re.compile(source, flags)
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
        assert lazy.sub("#", text) == real.sub("#", text)
        assert lazy.split(text) == real.split(text)
        assert lazy.findall(text) == real.findall(text)
        assert bool(lazy.match(text)) == bool(real.match(text))
        assert bool(lazy.fullmatch(text)) == bool(real.fullmatch(text))
        assert (lazy.groups, dict(lazy.groupindex)) == (real.groups, dict(real.groupindex))
        assert lazy.flags == real.flags

    def test_bytes_pattern(self) -> None:
        """A bytes pattern works on bytes."""
        assert lazy_compile(rb"\xef\xbb\xbf").match(b"\xef\xbb\xbfx") is not None

    def test_bad_pattern_fails_on_first_use(self) -> None:
        """A pattern that does not compile raises re.error where it is first used."""
        p = lazy_compile(r"(")
        with pytest.raises(re.error):
            p.search("x")

    def test_compare_imports_compile_few_patterns(self) -> None:
        """Importing what a warm compare imports compiles fewer than 60 of our patterns (it
        compiled 169 before they were lazy)."""
        code = (
            "import re, sys\n"
            "real = re._compile\n"
            "seen = set()\n"
            "def counting(pattern, flags):\n"
            "    caller = sys._getframe(1)\n"
            "    while caller and caller.f_code.co_filename.endswith(('re/__init__.py',)):\n"
            "        caller = caller.f_back\n"
            "    if caller and caller.f_globals.get('__name__', '').startswith('compare'):\n"
            "        seen.add((pattern, flags))\n"
            "    return real(pattern, flags)\n"
            "re._compile = counting\n"
            "import compare.pipeline, compare.render, compare.series.expressions\n"
            "print(len(seen))\n"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        assert int(out.stdout) < 60
