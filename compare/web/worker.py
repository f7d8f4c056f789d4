"""Bounded work for ``compare serve``: each request runs in a worker thread that is stopped when
its time budget runs out, its client leaves, or the server shuts down.

Public API: Worker, WorkerPool, RequestStopped, Outcome.

A comparison is pure Python that checks no flag, so a thread cannot be asked to stop; instead
``Worker.stop`` raises ``RequestStopped`` inside the thread (CPython's
``PyThreadState_SetAsyncExc``), which lands at the thread's next bytecode and unwinds it through
its ``with`` blocks (the store connection is closed). ``RequestStopped`` derives from
``BaseException``, so no ``except Exception`` on the way catches it. At most one stop is sent per
worker, and the worker waits for a stop that was sent to land before it reports back, so the stop
never lands in the bookkeeping. Workers are daemon threads: a stop that cannot land at once (a
thread inside a long C call) never holds up the process's exit.

``WorkerPool`` bounds how many requests work at once (``SERVE_WORKERS``); a request that finds
every worker busy waits for one within its own budget.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Callable
from typing import Any

__all__ = ["Outcome", "RequestStopped", "Worker", "WorkerPool"]

# (result, None) when the work returned, (None, error) when it raised, None when it was stopped.
Outcome = tuple[Any, BaseException | None] | None


class RequestStopped(BaseException):  # noqa: N818 (a signal to unwind, not an error)
    """Raised inside a worker thread to stop its request's work."""


class Worker:
    """One request's work in a daemon thread; ``on_done`` gets its ``Outcome`` once, last."""

    def __init__(self, work: Callable[[], Any], on_done: Callable[[Outcome], None]) -> None:
        self._work = work
        self._on_done = on_done
        self._lock = threading.Lock()
        self._in_work = True
        self._sent = False
        self.thread = threading.Thread(target=self._main, daemon=True, name="compare-request")

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> bool:
        """Stop the work if it is still running; True when a stop was sent."""
        with self._lock:
            if not self._in_work or self._sent or self.thread.ident is None:
                return False
            import ctypes  # CPython's own API; loaded only when a request is stopped

            self._sent = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(self.thread.ident), ctypes.py_object(RequestStopped)
            )
            return True

    def _main(self) -> None:
        outcome: Outcome = None
        landed = False
        try:
            try:
                outcome = (self._work(), None)
            except RequestStopped:
                landed = True
            except BaseException as exc:  # reported to the request, which answers for it
                outcome = (None, exc)
            with self._lock:
                self._in_work = False
                sent = self._sent
            while sent and not landed:  # a stop is on its way: let it land here, not below
                pass
        except RequestStopped:
            outcome = None
        self._on_done(outcome)


class WorkerPool:
    """At most ``size`` workers at once, for the requests of one event loop."""

    def __init__(self, size: int) -> None:
        self.size = size
        # A thread semaphore, released by the worker itself when it ends: a stopped worker
        # holds its slot until it has really stopped, whatever became of the event loop.
        self._slots = threading.BoundedSemaphore(size)

    async def run(
        self,
        work: Callable[[], Any],
        *,
        budget: float,
        poll: float,
        give_up: Callable[[], Awaitable[str | None]],
    ) -> tuple[str, Outcome]:
        """Run ``work`` in a worker within ``budget`` seconds (waiting for a free worker
        included); every ``poll`` seconds ``give_up()`` may name a reason to stop.

        Returns ``("done", outcome)``, or ``(reason, None)`` when the work was stopped: "busy"
        (no free worker within the budget), "budget", or what ``give_up`` said.
        """
        loop = asyncio.get_running_loop()
        slots = self._slots
        deadline = loop.time() + budget
        while not slots.acquire(blocking=False):
            if loop.time() >= deadline:
                return "busy", None
            reason = await give_up()
            if reason is not None:
                return reason, None
            await asyncio.sleep(poll)
        done: asyncio.Future[Outcome] = loop.create_future()

        def settle(outcome: Outcome) -> None:
            if not done.done():
                done.set_result(outcome)

        def report(outcome: Outcome) -> None:
            slots.release()
            with contextlib.suppress(RuntimeError):  # a closed loop: the server has gone
                loop.call_soon_threadsafe(settle, outcome)

        worker = Worker(work, report)
        worker.start()
        try:
            while True:
                try:
                    return "done", await asyncio.wait_for(asyncio.shield(done), timeout=poll)
                except asyncio.TimeoutError:
                    pass
                reason = await give_up()
                if reason is None and loop.time() >= deadline:
                    reason = "budget"
                if reason is not None:
                    worker.stop()
                    return reason, None
        except asyncio.CancelledError:  # the server cancelled the request (shutdown)
            worker.stop()
            raise
