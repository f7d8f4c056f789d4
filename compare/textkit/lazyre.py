"""Regular expressions compiled the first time they are used.

Public API: lazy_compile.

A module-level pattern is compiled at import, and a command imports many modules whose patterns
it never runs: a warm ``compare OLD NEW`` imported 169 patterns of ours and used 45 of them,
spending about 20 ms compiling the rest (``docs/speed.md``, "Session 6"). ``lazy_compile``
returns an object that stands for the compiled pattern and compiles it on its first use; from
then on its methods are the compiled pattern's own bound methods, so a call costs what it costs
on a ``re.Pattern``. It has ``pattern`` and ``flags`` at once (a pattern built from another's
``pattern`` does not compile that one). Module-level functions (``re.sub(PATTERN, ...)``) do not
accept it: call the pattern's methods.
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast

__all__ = ["lazy_compile"]

# What a compiled pattern offers; copied onto the stand-in on first use.
_MEMBERS = (
    "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
    "groups", "groupindex",
)


class _LazyPattern:
    """Stands for ``re.compile(pattern, flags)`` until an attribute other than these two is
    asked for."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:  # only called for what the instance lacks
        compiled = re.compile(self.pattern, self.flags)
        for member in _MEMBERS:
            setattr(self, member, getattr(compiled, member))
        self.flags = compiled.flags
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self.flags!r})"


def lazy_compile(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, done on first use (see the module's docstring)."""
    return cast("re.Pattern[AnyStr]", _LazyPattern(pattern, flags))
