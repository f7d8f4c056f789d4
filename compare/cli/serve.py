"""``compare serve``: the read-only web app over a store (``compare.web.app``), run by uvicorn.

starlette and uvicorn are imported inside the command, so ``compare --help`` does not load them.

At start-up a hot journal left by a crashed writer is rolled back through one read-write read
(SQLite's own recovery, which changes no committed row); after that the server only reads. On
SIGTERM or Ctrl+C every request's work is stopped and the server exits within seconds.
"""

from __future__ import annotations

import socket
from typing import Annotated, Any

import typer

from compare.cli.common import DbOption, app, handle_errors, make_console
from compare.errors import InputError
from compare.tuning import (
    SERVE_HOST,
    SERVE_PORT,
    SERVE_REQUEST_BUDGET_S,
    SERVE_SHUTDOWN_GRACE_S,
)

__all__ = ["serve_cmd"]


def _check_free(host: str, port: int) -> None:
    """Fail with a message, before starting anything, when the address cannot be listened on."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise InputError(
            f"Cannot resolve --host {host}: {exc}.", "Pass an address such as 127.0.0.1."
        ) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise InputError(
                f"Cannot listen on {host}:{port}: {exc.strerror or exc}.",
                "Pick another --port, or stop the program that uses this one.",
            ) from None


@app.command("serve")
def serve_cmd(
    db: DbOption = None,
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on; the default serves this machine only."),
    ] = SERVE_HOST,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = SERVE_PORT,
    budget: Annotated[
        float,
        typer.Option(
            "--budget", min=0.1, help="Seconds a request may work before it is stopped (503)."
        ),
    ] = SERVE_REQUEST_BUDGET_S,
) -> None:
    """Serve the stored reports as pages and JSON in a browser (read-only)."""
    import threading

    from compare.store.db import Store, default_db_path

    stop = threading.Event()
    with handle_errors():
        path = db or default_db_path()
        from compare.web.app import answered_hosts, check_store, create_app, is_loopback

        if path.is_file():
            Store(path).recover()  # a hot journal: the one read-write read, before serving
        check_store(path)
        _check_free(host, port)
        local = is_loopback(host)
        web = create_app(
            path, allowed_hosts=answered_hosts(host), budget=budget, stopping=stop.is_set
        )
        console = make_console()
        shown = f"[{host}]" if ":" in host else host
        console.print(f"Serving {path} (read-only) at http://{shown}:{port}/", markup=False)
        if not local:
            console.print(
                f"Warning: listening on {host}, so anyone who can reach this machine on port "
                f"{port} can read the store.",
                markup=False,
            )
        console.print("Press Ctrl+C to stop.", markup=False)
        console.file.flush()
    import uvicorn

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            stop.set()  # running requests stop their work at once
            super().handle_exit(sig, frame)

    config = uvicorn.Config(
        web,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=int(SERVE_SHUTDOWN_GRACE_S),
    )
    Server(config).run()
