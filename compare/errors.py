"""The one error type of ``compare`` and its subclasses.

Public API: CompareError, InputError, StoreError, EXIT_INPUT, EXIT_STORE, EXIT_CHANGED.

Every message says what happened and how to fix it, in two sentences a user can act on. The CLI
maps ``InputError`` to exit code 2 and ``StoreError`` to exit code 3 (CONTRACT.md) and prints the
message without a traceback.
"""

from __future__ import annotations

__all__ = ["CompareError", "EXIT_CHANGED", "EXIT_INPUT", "EXIT_STORE", "InputError", "StoreError"]

EXIT_CHANGED = 1
EXIT_INPUT = 2
EXIT_STORE = 3


class CompareError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""

    exit_code = EXIT_INPUT

    def __init__(self, what: str, fix: str = "") -> None:
        self.what = what
        self.fix = fix
        super().__init__(f"{what} {fix}".strip())


class InputError(CompareError):
    """The user's input was wrong: a file, a year, a series or a flag."""

    exit_code = EXIT_INPUT


class StoreError(CompareError):
    """The store could not be used: locked, corrupt, read-only or of a newer schema."""

    exit_code = EXIT_STORE
