"""``compare serve``: the read-only web app over a store (``compare.web.app``), run by uvicorn.

starlette and uvicorn are imported inside the command, so ``compare --help`` does not load them.
"""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from compare.cli.common import DbOption, app, handle_errors, make_console
from compare.errors import InputError
from compare.tuning import SERVE_HOST, SERVE_PORT

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
) -> None:
    """Serve the stored reports as pages and JSON in a browser (read-only)."""
    from compare.store.db import default_db_path

    with handle_errors():
        path = db or default_db_path()
        from compare.web.app import LOCAL_HOSTS, check_store, create_app

        check_store(path)
        _check_free(host, port)
        local = host in ("127.0.0.1", "localhost", "::1")
        web = create_app(path, allowed_hosts=LOCAL_HOSTS if local else ["*"])
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

    uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False)
