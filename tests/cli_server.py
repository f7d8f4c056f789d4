"""A process that has imported `compare` once and forks a real `compare` process per request.

Started by ``support.run_cli`` (never imported by the tests): ``python -c <this file's source>
FD``, in the environment a `python -m compare.cli` process of the tests gets, FD being its end of
a socket pair. It imports every module of the package (the command modules in the order ``main``
registers them) and the libraries the commands import inside their functions, then serves one
request at a time: a JSON header (argv, cwd, environment, patch, file-size limit) with the
child's stdin, stdout and stderr as file descriptors. It forks; the child takes the working
folder, environment and descriptors, runs ``patch`` (Python source, as ``python -c`` would before
``main()``), then ``compare.cli.main()`` with ``sys.argv`` set, and exits as the interpreter
would (SystemExit's code; an uncaught exception printed with its traceback, exit 1; atexit
handlers run; streams flushed). The server answers the child's pid, then its wait status.

What the child does not do that a fresh process does: start the interpreter and import the
package (0.05-0.2 CPU s a run). Nothing else is shared: each child starts from the same
just-imported state, never from an earlier child's.
"""

import contextlib
import importlib
import json
import os
import pkgutil
import resource
import signal
import socket
import sys
import traceback

# Imported by the commands inside their functions (the house style), loaded here once.
LIBRARIES = ("rjieba", "jinja2", "rapidfuzz", "rapidfuzz.process", "pypdfium2", "sqlite3",
             "csv", "zipfile", "xml.etree.ElementTree", "multiprocessing", "concurrent.futures")


def preload() -> None:
    import compare
    import compare.cli

    compare.cli._full_app()
    for info in pkgutil.walk_packages(compare.__path__, "compare."):
        if info.name.rsplit(".", 1)[-1] != "__main__":
            importlib.import_module(info.name)
    for name in LIBRARIES:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def _exit_code(exc: SystemExit) -> int:
    """What the interpreter exits with for ``exc`` (printing a non-integer code, as it does)."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def child(request: dict, fds: list) -> None:
    """Become the requested `compare` process; never returns."""
    code = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        if request.get("max_bytes") is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            limit = request["max_bytes"]
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        sys.argv = [request["argv0"], *request["args"]]
        try:
            namespace = {"__name__": "__main__", "__builtins__": __builtins__}
            exec(compile(request.get("patch", ""), "<string>", "exec"), namespace)
            from compare.cli import main

            main()
            code = 0
        except SystemExit as exc:
            code = _exit_code(exc)
        except BaseException:
            traceback.print_exc()
            code = 1
        try:
            import atexit

            atexit._run_exitfuncs()
        except BaseException:
            traceback.print_exc()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                code = code or 120  # as the interpreter does when flushing fails at exit
    finally:
        os._exit(code)


def _receive(sock: socket.socket) -> tuple[dict, list] | None:
    """The next request and its three descriptors, or None once the worker has closed."""
    data, fds, _, _ = socket.recv_fds(sock, 8, 3)
    while data and len(data) < 8:
        more = sock.recv(8 - len(data))
        if not more:
            return None
        data += more
    if not data:
        return None
    size = int.from_bytes(data, "big")
    data = b""
    while len(data) < size:
        more = sock.recv(size - len(data))
        if not more:
            return None
        data += more
    return json.loads(data), fds


def serve(fd: int) -> None:
    sock = socket.socket(fileno=fd)
    preload()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    while True:
        got = _receive(sock)
        if got is None:  # the test worker has gone: so does the server
            return
        request, fds = got
        pid = os.fork()
        if pid == 0:
            sock.close()
            child(request, fds)
        for fd_ in fds:
            os.close(fd_)
        sock.sendall(f"{pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        sock.sendall(f"{status}\n".encode())


if __name__ == "__main__":
    serve(int(sys.argv[1]))
