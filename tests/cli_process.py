"""`compare` run as a real process by a test, without paying the interpreter start-up each time.

Public API: ``run_cli``, ``SPAWN_ENV``.

``run_cli(args, cwd=..., env=...)`` returns what ``subprocess.run([python, "-m", "compare.cli",
*args], capture_output=True, ...)`` returns: a real process's exit status, stdout and stderr
(their own pipes, decoded as ``subprocess`` decodes them). The process is forked from a server
(``tests/cli_server.py``, two per xdist worker, used in turn) that has imported the package
once, instead of being started from nothing: that saves 0.05-0.2 CPU s of the 0.1-0.4 a run
costs, over the ~200 runs of the suite. Each process starts from the server's just-imported
state, never from an earlier run's; consecutive runs come from the two servers in turn, so two
runs a test compares have different hash seeds, as two fresh processes do.

A fresh ``subprocess.run`` is used instead when the environment changes how an interpreter
starts (``PYTHON*``, ``LC_*``, ``LANG``, ``TZ`` differ from the servers'), and everywhere when
``COMPARE_TESTS_SPAWN=1`` or where there is no fork (Windows). Tests whose point is the start
itself (imports, start-up time, hash seeds), signals sent to the process, or two processes at
once run ``subprocess`` themselves.
"""

from __future__ import annotations

import atexit
import io
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from support import cli_env

import compare.cli

__all__ = ["SPAWN_ENV", "run_cli"]

SPAWN_ENV = "COMPARE_TESTS_SPAWN"
SERVER = Path(__file__).with_name("cli_server.py")
# What `python -m compare.cli` has as sys.argv[0].
MODULE_ARGV0 = str(Path(compare.cli.__file__).with_name("__main__.py"))


def _start_key(env: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The environment variables that shape an interpreter as it starts."""
    return tuple(sorted(
        (k, v) for k, v in env.items() if k.startswith(("PYTHON", "LC_")) or k in ("LANG", "TZ")
    ))


class _Server:
    """One running cli_server.py and our end of its socket."""

    def __init__(self, env: dict[str, str]) -> None:
        ours, theirs = socket.socketpair()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVER.read_text(encoding="utf-8"), str(theirs.fileno())],
            pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
        theirs.close()
        self.sock = ours
        self.replies = ours.makefile("rb")

    def close(self) -> None:
        self.replies.close()
        self.sock.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def run(self, request: dict[str, Any], timeout: float) -> tuple[int, bytes, bytes]:
        """Fork one process for ``request``: its exit code, stdout and stderr."""
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        null = os.open(os.devnull, os.O_RDONLY)
        header = json.dumps(request).encode()
        try:
            socket.send_fds(self.sock, [len(header).to_bytes(8, "big")], [null, out_w, err_w])
            self.sock.sendall(header)
        finally:
            for fd in (null, out_w, err_w):
                os.close(fd)
        pid = int(self.replies.readline())
        try:
            out, err = _drain(out_r, err_r, time.monotonic() + timeout)
        except subprocess.TimeoutExpired:
            os.kill(pid, signal.SIGKILL)
            self.replies.readline()
            raise
        status = int(self.replies.readline())
        return os.waitstatus_to_exitcode(status), out, err


def _drain(out_fd: int, err_fd: int, deadline: float) -> tuple[bytes, bytes]:
    """Both pipes read to their end (closing them), as ``communicate`` does."""
    chunks: dict[int, list[bytes]] = {out_fd: [], err_fd: []}
    with selectors.DefaultSelector() as sel:
        for fd in chunks:
            sel.register(fd, selectors.EVENT_READ)
        try:
            while sel.get_map():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise subprocess.TimeoutExpired("compare", 0)
                for key, _ in sel.select(left):
                    data = os.read(key.fd, 65536)
                    if data:
                        chunks[key.fd].append(data)
                    else:
                        sel.unregister(key.fd)
        finally:
            os.close(out_fd)
            os.close(err_fd)
    return b"".join(chunks[out_fd]), b"".join(chunks[err_fd])


_servers: dict[tuple[tuple[str, str], ...], list[_Server]] = {}
_turn = [0]


def _servers_for(env: dict[str, str]) -> list[_Server] | None:
    """The two servers, started on first use, when ``env`` starts an interpreter as
    ``support.cli_env()`` does (the tests' usual environment); None for any other (a fresh
    process is cheaper than a server for the few runs that change them)."""
    base = cli_env()
    key = _start_key(env)
    if key != _start_key(base):
        return None
    if key not in _servers:
        _servers[key] = [_Server(base), _Server(base)]
    return _servers[key]


def _close_all() -> None:
    for servers in _servers.values():
        for server in servers:
            server.close()


atexit.register(_close_all)


def _decode(data: bytes, encoding: str | None) -> str:
    """Bytes as ``subprocess.run(text=True)`` gives them (universal newlines)."""
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=None).read()


def run_cli(
    *args: str,
    cwd: Path | str,
    env: dict[str, str],
    patch: str | None = None,
    max_bytes: int | None = None,
    text: bool = True,
    encoding: str | None = "utf-8",
    timeout: float = 120,
) -> subprocess.CompletedProcess[Any]:
    """``compare ARGS`` as a real process in ``cwd`` with exactly ``env``: ``python -m
    compare.cli``, or ``python -c PATCH; main()`` when a ``patch`` (Python source) is to run
    first; ``max_bytes`` limits the size of any file it writes (writes past it fail with EFBIG,
    no signal)."""
    if patch is None:
        argv = [sys.executable, "-m", "compare.cli", *args]
    else:
        argv = [sys.executable, "-c", patch + "\nfrom compare.cli import main\nmain()\n", *args]
    forks = hasattr(os, "fork") and hasattr(socket, "send_fds")  # not on Windows
    servers = _servers_for(env) if forks and os.environ.get(SPAWN_ENV) != "1" else None
    if servers is None:
        return _spawn(argv, cwd, env, max_bytes, text, encoding, timeout)
    server = servers[_turn[0] % len(servers)]
    _turn[0] += 1
    request = {"args": list(args), "cwd": str(cwd), "env": env, "patch": patch or "",
               "max_bytes": max_bytes, "argv0": "-c" if patch is not None else MODULE_ARGV0}
    code, out, err = server.run(request, timeout)
    if text:
        return subprocess.CompletedProcess(argv, code, _decode(out, encoding),
                                           _decode(err, encoding))
    return subprocess.CompletedProcess(argv, code, out, err)


def _limit(max_bytes: int) -> Any:
    def apply() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return apply


def _spawn(argv: list[str], cwd: Path | str, env: dict[str, str], max_bytes: int | None,
           text: bool, encoding: str | None, timeout: float) -> subprocess.CompletedProcess[Any]:
    return subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=text,
        encoding=encoding if text else None, timeout=timeout,
        preexec_fn=_limit(max_bytes) if max_bytes is not None else None,
        restore_signals=max_bytes is None,
    )
