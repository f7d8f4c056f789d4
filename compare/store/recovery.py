"""What the store does when a write fails: roll back safely, say "disk full" plainly, and
recover a hot journal that a crashed writer left.

Public API: rollback, write_error, recover_journal, DamagedValue, schema_number, decoded,
damaged, store_error.

SQLite rolls a transaction back by itself when a write meets a full disk or an I/O error; a
second ``ROLLBACK`` then fails with "cannot rollback - no transaction is active", which used to
hide the real error. A writer killed mid-transaction (or one whose rollback failed) leaves a *hot
journal* (``store.db-journal``): SQLite rolls it back on the next read through a read-write
connection, but a read-only one (``mode=ro``, what ``compare serve`` uses) cannot and refuses the
file. ``recover_journal`` gives it that one read-write read at start-up; it changes no committed
row (the rollback restores the pages as they were before the crashed transaction).

A store whose SQLite file is sound can still hold a damaged value (a ``schema_version`` that is
not a number, a JSON column that does not parse, edited by hand or by another program): reading
it raises ``DamagedValue``, which the store reports as a corrupt store, never a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from compare.errors import StoreError

__all__ = [
    "DamagedValue",
    "damaged",
    "decoded",
    "recover_journal",
    "rollback",
    "schema_number",
    "store_error",
    "write_error",
]

_F = TypeVar("_F", bound=Callable[..., Any])


class DamagedValue(sqlite3.DatabaseError):
    """A value read from a sound SQLite file that compare cannot decode."""


def schema_number(value: object) -> int:
    """The stored ``schema_version`` as an int; DamagedValue when it is not a whole number."""
    try:
        return int(str(value))
    except ValueError:
        raise DamagedValue(f"its schema_version is {value!r}, not a whole number") from None


def decoded(method: _F) -> _F:
    """A ``Store`` read that decodes stored JSON: a value that does not decode (ValueError,
    TypeError) becomes the corrupt-store error instead of a traceback."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (ValueError, TypeError) as exc:
            raise damaged(self.path, f"a stored value cannot be read: {exc}") from None

    return wrapper  # type: ignore[return-value]


def damaged(path: Path, why: str) -> StoreError:
    """The corrupt-store message for a value that does not decode."""
    return StoreError(
        f"The store {path} is corrupt ({why}).",
        "Move it aside and ingest the reports again into a new --db.",
    )

# SQLite's extended codes for a write that the file system refused (a full disk gives
# SQLITE_FULL with ENOSPC; a file-size limit, EFBIG, gives SQLITE_IOERR_WRITE).
_WRITE_FAILURES = frozenset(
    (
        "SQLITE_FULL",
        "SQLITE_IOERR_WRITE",
        "SQLITE_IOERR_FSYNC",
        "SQLITE_IOERR_TRUNCATE",
        "SQLITE_IOERR_DIR_FSYNC",
        "SQLITE_IOERR_DELETE",
    )
)


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction unless SQLite already did; a rollback that fails leaves
    the journal to the next open (which rolls it back), and never hides the first error."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.DatabaseError):
            conn.execute("ROLLBACK")


def write_error(path: Path, exc: sqlite3.DatabaseError) -> StoreError | None:
    """The message for a write the disk refused (full, or failing), or for a hot journal that a
    read-only open cannot roll back; else None."""
    text = str(exc)
    name = getattr(exc, "sqlite_errorname", "")
    if name == "SQLITE_READONLY_ROLLBACK":
        return StoreError(
            f"The store {path} has a journal left by a writer that crashed, which a read-only "
            "open cannot roll back.",
            f"Run any compare command on it once (e.g. `compare list --db {path}`), or restart "
            "compare serve, which rolls it back at start-up.",
        )
    if name in _WRITE_FAILURES or "disk is full" in text:
        return StoreError(
            f"The store {path} could not be written ({text}); what this command was writing "
            "was rolled back.",
            "Free space on its disk (or check the disk), then run the command again.",
        )
    return None


def recover_journal(path: Path, *, timeout: float) -> None:
    """Roll back the hot journal of the store at ``path``, if there is one, through one
    read-write read; nothing happens without a journal file, or when the store cannot be opened
    for writing (a read-only open then reports why)."""
    journal = path.with_name(path.name + "-journal")
    if not journal.exists() or not path.is_file():
        return
    try:
        conn = sqlite3.connect(str(path), timeout=timeout)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return


def store_error(path: Path, exc: sqlite3.DatabaseError, waited: float) -> StoreError:
    """The error a user sees for a SQLite error on the store at ``path`` (``waited``: the busy
    timeout it waited out): what happened and what to do about it."""
    text = str(exc)
    if isinstance(exc, DamagedValue):
        return damaged(path, text)
    full = write_error(path, exc)
    if full is not None:
        return full
    if "locked" in text or "busy" in text:
        return StoreError(
            f"The store {path} is locked by another compare process "
            f"(waited {waited:g} s).",
            "Wait for the other process to finish, then run the command again.",
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"The store {path} is read-only.",
            "Make the file and its folder writable, or pass another --db.",
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(
            f"The store {path} is not a compare store or is corrupt ({text}).",
            "Move it aside and ingest the reports again into a new --db.",
        )
    if "unable to open" in text:
        return StoreError(
            f"The store {path} cannot be opened ({text}).",
            "Check that its folder exists and is writable, or pass another --db.",
        )
    return StoreError(f"The store {path} could not be used ({text}).", "Pass another --db.")
