"""A rolling-window request budget and the retry back-off, shared by every request of one client."""

from __future__ import annotations

import asyncio
import collections
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from halo_wizard.api.constants import RATE_LIMIT_REQUESTS, RATE_LIMIT_WINDOW_SECONDS


class RollingWindowLimiter:
    """At most `requests` request starts in any `window` seconds, plus a shared pause after a 429.

    A slot is taken when a request is about to be sent; waiting happens outside the lock so one
    sleeper never blocks the others' bookkeeping.
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
        self._starts: collections.deque[float] = collections.deque()
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        while True:
            async with self._lock:
                now = self._clock()
                while self._starts and now - self._starts[0] >= self.window:
                    self._starts.popleft()
                wait = max(0.0, self._paused_until - now)
                if not wait and len(self._starts) < self.requests:
                    self._starts.append(now)
                    return
                if not wait:
                    # A small margin keeps us clear of the server's own clock rounding.
                    wait = self._starts[0] + self.window - now + 0.01
            await asyncio.sleep(wait)

    def pause(self, seconds: float) -> None:
        """Hold every request back for `seconds` (after the server said 429)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def in_window(self) -> int:
        now = self._clock()
        return sum(1 for t in self._starts if now - t < self.window)


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
