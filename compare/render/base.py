"""Shared pieces of the render stage: visible control characters and the jinja2 environment.

Public API: template_dir, visible, environment, page_script, page_csp, served_csp.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from compare import __version__
from compare.errors import CompareError
from compare.render.labels import STATUS_LABELS, labels

if TYPE_CHECKING:
    import jinja2

__all__ = ["environment", "page_csp", "page_script", "served_csp", "template_dir", "visible"]

# Bidi embeddings/overrides/isolates and marks: harmless-looking, but they reorder the text
# around them, so a report could make "increase" read as "decrease". Shown as <U+202E>.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _visible_char(ch: str) -> str:
    code = ord(ch)
    if ch in "\n\t\r":
        return ch
    if code < 0x20:
        return chr(0x2400 + code)  # Control Pictures block: NUL -> U+2400 SYMBOL FOR NULL
    if code == 0x7F:
        return "\u2421"
    if 0x80 <= code <= 0x9F or ch in _BIDI:
        return f"<U+{code:04X}>"
    return ch


_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(sorted(_BIDI)) + "]")


def visible(text: str) -> str:
    """Report text with control and bidi characters replaced by visible placeholders."""
    return _INVISIBLE.sub(lambda m: _visible_char(m.group()), text)


def template_dir() -> Path:
    """The templates folder: inside the installed package first, else the repository's own."""
    here = Path(__file__).resolve()
    candidates = (here.parents[1] / "templates", here.parents[2] / "templates")
    for candidate in candidates:
        if (candidate / "pair.html.j2").is_file():
            return candidate
    raise CompareError(
        "The page templates were not found in " + " or ".join(str(c) for c in candidates) + ".",
        "Reinstall compare-reports (the wheel ships them as compare/templates).",
    )


@lru_cache(maxsize=4)
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (compiling them is a third of a warm compare).

    Under ``$XDG_CACHE_HOME`` (or ``~/.cache``)``/compare/jinja2``; jinja2 keys each entry by the
    template's source checksum, so an edited template is recompiled. Where the folder cannot be
    made (read-only home), templates are compiled each run, as without a cache.
    """
    import jinja2

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "compare" / "jinja2"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def environment(folder: str) -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pct"] = lambda value: f"{value * 100:.1f}%"
    env.filters["num"] = lambda value: f"{value:,}"
    env.globals["generator"] = f"compare {__version__}"  # every page names the version
    return env


# The words page.js writes on the view button, by the key of their translation in labels.
_SCRIPT_WORDS = (("side-by-side view", "view_sbs"), ("inline view", "view"))


@lru_cache(maxsize=4)
def page_script(lang: str = "en") -> str:
    """The pair page's script (templates/page.js), exactly as the page carries it inline; in a
    page of another language than English, the words it writes on the view button are that
    language's (as JSON string literals, so the script stays ASCII)."""
    text = (template_dir() / "page.js").read_text(encoding="utf-8")
    words = labels(lang)
    if words["lang"] == "en":
        return text
    for english, key in _SCRIPT_WORDS:
        literal = json.dumps(english)
        if literal not in text:
            raise CompareError(
                f"templates/page.js no longer writes {literal} on the view button.",
                "Keep render.base._SCRIPT_WORDS in step with the words page.js writes.",
            )
        text = text.replace(literal, json.dumps(words[key]))
    return text


def _script_source(lang: str) -> str:
    digest = hashlib.sha256(page_script(lang).encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def page_csp(lang: str = "en") -> str:
    """The pages' Content-Security-Policy: nothing may be fetched, inline style is allowed, and
    the one script that may run is the page's own (in ``lang``), named by its sha256 (so no
    inline event handler or injected script could run even if report text ever escaped)."""
    return (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src {_script_source(lang)}; "
        "img-src data:"
    )


def served_csp() -> str:
    """The policy ``compare serve`` sends with every response: the pair page's, with its script
    in every language a page may speak named (a header's policy applies on top of the page's
    own, so it must allow the script of a Chinese page too)."""
    sources = " ".join(dict.fromkeys(_script_source(lang) for lang in STATUS_LABELS))
    return (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src {sources}; "
        "img-src data:"
    )
