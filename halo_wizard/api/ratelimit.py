"""A rolling-window request budget and the retry back-off, shared by every request of one client."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import random
import time
import weakref
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Final

from halo_wizard.api.constants import RATE_LIMIT_REQUESTS, RATE_LIMIT_WINDOW_SECONDS

log = logging.getLogger(__name__)


class RollingWindowLimiter:
    """At most `requests` requests in any `window` seconds, as the server counts them.

    A request occupies the budget from the moment it is sent until `window` seconds after its
    answer came back: the server saw it arrive somewhere in between, so no window of arrivals
    can ever hold more than the budget, whatever the network's jitter. After a 429 everyone
    pauses together.
    """

    def __init__(
        self,
        requests: int = RATE_LIMIT_REQUESTS,
        window: float = RATE_LIMIT_WINDOW_SECONDS,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if requests < 1 or window <= 0:
            raise ValueError("a rate limit needs at least one request in a positive window")
        self.requests = requests
        self.window = window
        self._clock = clock
        self._finished: collections.deque[float] = collections.deque()
        self._in_flight = 0
        self._paused_until = 0.0
        self._released = asyncio.Event()
        self._held = 0  # requests waiting for a place to come free (or for a pause to end)
        self.label = ""
        """The instance as the admin knows it, for telling whose budget holds them back."""
        self.learned = False
        """The budget was lowered after a 429 showed a smaller one than documented."""
        self.waited = 0.0
        """Seconds requests have spent held back by this budget, all together (logs, benchmarks)."""

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one request's place in the budget while it is under way."""
        await self.acquire()
        try:
            yield
        finally:
            self.release()

    async def acquire(self) -> None:
        while True:
            now = self._clock()
            while self._finished and now - self._finished[0] >= self.window:
                self._finished.popleft()
            wait = max(0.0, self._paused_until - now)
            if not wait and self._in_flight + len(self._finished) < self.requests:
                self._in_flight += 1
                return
            if not wait and self._finished:
                wait = self._finished[0] + self.window - now
            self._released.clear()
            if wait:
                self._held += 1
                try:
                    await asyncio.sleep(wait)
                finally:
                    self._held -= 1
                    self.waited += max(0.0, self._clock() - now)
            else:  # every place is held by a request still under way
                await self._released.wait()

    def release(self) -> None:
        self._in_flight -= 1
        self._finished.append(self._clock())
        self._released.set()

    def pause(self, seconds: float) -> None:
        """Hold every request back for `seconds` (after the server said 429)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def throttled(self, seconds: float) -> None:
        """The server said 429: pause everyone for `seconds`; and when this side had used a good
        part of the budget in the window (THROTTLED_EVIDENCE), the instance's budget is smaller
        than the one assumed (an older tenant's 300), so from now on stay below what was in the
        window when it said so. A 429 while this side used little is someone else's traffic on the
        same tenant, or a passing limit: the pause covers it, the budget stays."""
        self.pause(seconds)
        used = self.in_window()
        if used < self.requests * THROTTLED_EVIDENCE:
            log.info(
                "429 with %d of %d requests in the window: pausing %.1f s",
                used,
                self.requests,
                seconds,
            )
            return
        lower = max(1, int(used * THROTTLED_SHARE))
        if lower < self.requests:
            log.info(
                "429 with %d of %d requests in the window: slowing to %d per %.0f s",
                used,
                self.requests,
                lower,
                self.window,
            )
            self.requests = lower
            self.learned = True

    def in_window(self) -> int:
        now = self._clock()
        return self._in_flight + sum(1 for t in self._finished if now - t < self.window)

    def hold(self) -> Hold | None:
        """The requests this budget holds back right now, and when the last of them can go
        (with nothing else arriving meanwhile); None when nothing waits on it."""
        held = self._held
        if not held:
            return None
        now = self._clock()
        expired = sum(1 for t in self._finished if now - t >= self.window)
        paused = max(0.0, self._paused_until - now)
        # Places come free as the requests in the window age out, oldest first: the held
        # requests need as many of them as exceed the budget's free places.
        needed = held - max(0, self.requests - self._in_flight - len(self._finished) + expired)
        ageing = list(self._finished)[expired:]
        if 0 < needed <= len(ageing):
            last = ageing[needed - 1] + self.window - now
        elif needed > 0 and ageing:
            last = ageing[-1] + self.window - now  # more wait than the window holds: at least
        else:
            last = 0.0
        return Hold(
            held,
            max(paused, last),
            self.requests,
            self.window,
            paused > 0,
            self.learned,
            self.label,
        )


@dataclass(frozen=True, slots=True)
class Hold:
    """Requests an instance's budget holds back, as the admin is told of them."""

    waiting: int
    seconds: float
    """Until the last of them can go, as far as the budget shows now."""
    requests: int
    window: float
    after_429: bool
    """Held by the pause after the instance said 429, not (only) by a full budget."""
    learned: bool
    """`requests` is what a 429 showed, not the documented budget."""
    label: str

    def words(self) -> str:
        """What the admin is told while it lasts (the window's task panel, a command's stderr)."""
        waiting = f"{self.waiting} request{' waits' if self.waiting == 1 else 's wait'}"
        when = _wait_words(self.seconds)
        if self.after_429:
            return (
                f"{self.label} said it has had too many requests (its rate limit): {waiting}; "
                f"the work goes on by itself in about {when}."
            )
        allows = "1 request" if self.requests == 1 else f"{self.requests} requests"
        minutes = f"{self.window / 60:g}"
        allowed = (
            f"{self.label} answers about {allows} per {minutes} minutes (learned from its 429)"
            if self.learned
            else f"Halo allows {allows} per {minutes} minutes to {self.label}"
        )
        return (
            f"{allowed}, and the wizard has used them: {waiting}; the work goes on by itself, the "
            f"last of them in about {when}."
        )


def _wait_words(seconds: float) -> str:
    whole = max(1, round(seconds))
    if whole < 60:
        return f"{whole} s"
    return f"{whole // 60} min {whole % 60:02d} s"


HOLD_WORTH_TELLING: Final = 1.0
"""Seconds of waiting left below which a hold is not worth telling the admin about."""


def holds() -> list[Hold]:
    """What the budgets of this event loop's instances hold back right now for a second or more
    (api.ratelimit's shared budgets: everything the window sends to an instance draws on one)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return []
    return [
        h
        for limiter in _shared.get(loop, {}).values()
        if (h := limiter.hold()) is not None and h.seconds >= HOLD_WORTH_TELLING
    ]


THROTTLED_SHARE = 0.9
"""After a 429 that shows a smaller budget, the share of the requests then in the window that the
budget keeps."""
THROTTLED_EVIDENCE = 1 / 3
"""The share of the budget this side must have used in the window for a 429 to lower the budget
(700 assumed, 300 allowed: 43%)."""

_shared: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, RollingWindowLimiter]] = (
    weakref.WeakKeyDictionary()
)


def shared_limiter(instance: str, label: str = "") -> RollingWindowLimiter:
    """The one budget of `instance` (its API address and tenant) for everything that talks to
    it from this event loop: the window's pages, a drift check, a test run. Halo counts one
    budget per tenant, whichever client sends."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return RollingWindowLimiter()  # no loop: nothing to share it with
    budgets = _shared.setdefault(loop, {})
    limiter = budgets.get(instance)
    if limiter is None:
        limiter = budgets[instance] = RollingWindowLimiter()
        limiter.label = label
    return limiter


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Capped exponential back-off with full jitter."""

    attempts: int = 5
    throttled_attempts: int = 12
    """How many 429 answers in a row one request waits out before giving up."""
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = 300.0

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """Seconds to wait before retry number `attempt` (1 for the first retry)."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return (rng or random).uniform(ceiling / 2, ceiling)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), None when absent/bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
