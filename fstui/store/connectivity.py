"""Online/offline state, learned from the outcomes of real requests.

The app never pings just to find out whether it is online: every request it makes anyway is
evidence. A few network failures in a row mean offline (one can be a blip); any success means
online. While offline a background prober retries one cheap GET with growing pauses, and when
it gets through, the restore callbacks run (the outbox flushes what queued up meanwhile).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import TypeVar

from fstui.api import NetworkError, RequestTimeout, backoff_delay

log = logging.getLogger(__name__)

T = TypeVar("T")

Listener = Callable[["ConnectivityState"], None]
Probe = Callable[[], Awaitable[object]]
RestoreCallback = Callable[[], Awaitable[object]]


class ConnectivityState(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"


def is_connectivity_failure(exc: BaseException) -> bool:
    """Errors that say "cannot reach the server", as opposed to the server answering badly.

    A 5xx or a 429 proves the network works, so only transport failures and timeouts count.
    """
    return isinstance(exc, NetworkError | RequestTimeout)


class Backoff:
    """Exponential delays with jitter, so many clients coming back do not retry in lockstep."""

    def __init__(
        self,
        initial: float = 1.0,
        factor: float = 2.0,
        maximum: float = 60.0,
        jitter: float = 0.1,
    ) -> None:
        if initial <= 0 or factor < 1 or maximum < initial:
            raise ValueError("backoff needs 0 < initial <= maximum and factor >= 1")
        self.initial = initial
        self.factor = factor
        self.maximum = maximum
        self.jitter = jitter
        self._attempt = 0

    def next_delay(self) -> float:
        self._attempt += 1
        return backoff_delay(
            self._attempt,
            base=self.initial,
            maximum=self.maximum,
            factor=self.factor,
            jitter=self.jitter,
        )

    def reset(self) -> None:
        self._attempt = 0


PROBE_MAX_DELAY = 15.0
"""The longest wait between offline probes. A probe that is refused or times out never reached
the account, so it costs no credit; the one that gets through costs one. Waiting up to a minute
(the old cap) meant the way back was noticed up to 66 s after the network returned."""


class Connectivity:
    """The shared online/offline state machine.

    Feed it with `record_success()` / `record_failure(exc)` (or wrap calls in `track()`).
    Listeners are called synchronously on every state change, from the event loop thread.
    """

    def __init__(
        self,
        *,
        failure_threshold: int = 3,
        probe: Probe | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        self._threshold = failure_threshold
        self._probe = probe
        self._backoff = backoff or Backoff(maximum=PROBE_MAX_DELAY)
        self._state = ConnectivityState.ONLINE
        self._consecutive_failures = 0
        self._listeners: list[Listener] = []
        self._restore_callbacks: list[RestoreCallback] = []
        self._restore_tasks: set[asyncio.Task[None]] = set()
        self._prober: asyncio.Task[None] | None = None
        self._online = asyncio.Event()
        self._online.set()
        self._closed = False

    # -- state ------------------------------------------------------------------------------

    @property
    def state(self) -> ConnectivityState:
        return self._state

    @property
    def is_online(self) -> bool:
        return self._state is ConnectivityState.ONLINE

    @property
    def consecutive_failures(self) -> int:
        return self._consecutive_failures

    async def wait_online(self) -> None:
        await self._online.wait()

    # -- subscriptions ----------------------------------------------------------------------

    def add_listener(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(state)` on every change; returns a function that unsubscribes."""
        self._listeners.append(listener)

        def remove() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return remove

    def on_restore(self, callback: RestoreCallback) -> None:
        """Run `await callback()` every time the connection comes back (e.g. `outbox.flush`)."""
        self._restore_callbacks.append(callback)

    # -- evidence ---------------------------------------------------------------------------

    def record_success(self) -> None:
        self._consecutive_failures = 0
        if self._state is ConnectivityState.OFFLINE:
            self._set_state(ConnectivityState.ONLINE)
            self._backoff.reset()
            self._schedule_restore()

    def record_failure(self, exc: BaseException) -> None:
        """Count a failed request; only connectivity failures move towards offline."""
        if not is_connectivity_failure(exc):
            # The server answered, so the network is fine.
            self.record_success()
            return
        self._consecutive_failures += 1
        if (
            self._state is ConnectivityState.ONLINE
            and self._consecutive_failures >= self._threshold
        ):
            self._set_state(ConnectivityState.OFFLINE)
            self._start_prober()

    def mark_offline(self) -> None:
        """Go offline at once (the OS said the network is gone, or a test wants it)."""
        self._consecutive_failures = max(self._consecutive_failures, self._threshold)
        if self._state is ConnectivityState.ONLINE:
            self._set_state(ConnectivityState.OFFLINE)
            self._start_prober()

    async def track(self, call: Awaitable[T]) -> T:
        """Await `call`, record its outcome, and return or re-raise as it did."""
        try:
            result = await call
        except Exception as exc:
            self.record_failure(exc)
            raise
        self.record_success()
        return result

    # -- lifecycle --------------------------------------------------------------------------

    async def aclose(self) -> None:
        self._closed = True
        prober, self._prober = self._prober, None
        tasks = [t for t in (prober, *self._restore_tasks) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # -- internals --------------------------------------------------------------------------

    def _set_state(self, state: ConnectivityState) -> None:
        self._state = state
        if state is ConnectivityState.ONLINE:
            self._online.set()
        else:
            self._online.clear()
        log.info("connectivity: %s", state.value)
        for listener in list(self._listeners):
            try:
                listener(state)
            except Exception:
                log.exception("connectivity listener failed")

    def _start_prober(self) -> None:
        if self._probe is None or self._closed:
            return
        if self._prober is not None and not self._prober.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._prober = loop.create_task(self._probe_until_online(), name="fstui-connectivity-probe")

    async def _probe_until_online(self) -> None:
        assert self._probe is not None
        while self._state is ConnectivityState.OFFLINE and not self._closed:
            await asyncio.sleep(self._backoff.next_delay())
            if self.is_online:
                return
            try:
                await self._probe()
            except Exception as exc:
                if not is_connectivity_failure(exc):
                    # Reached the server; an error answer still proves we are online.
                    self.record_success()
                    return
                log.debug("connectivity probe failed: %s", type(exc).__name__)
                continue
            self.record_success()

    def _schedule_restore(self) -> None:
        if not self._restore_callbacks:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        for callback in list(self._restore_callbacks):
            task = loop.create_task(self._run_restore(callback))
            self._restore_tasks.add(task)
            task.add_done_callback(self._restore_tasks.discard)

    async def _run_restore(self, callback: RestoreCallback) -> None:
        try:
            await callback()
        except Exception:
            log.exception("connectivity restore callback failed")
