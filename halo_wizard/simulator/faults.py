"""Faults a simulated Halo instance can inject, changeable while it runs."""

from __future__ import annotations

import logging
import random
import threading
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_ERROR_CODES: tuple[int, ...] = (500, 502, 503, 504)


@dataclass
class Faults:
    """What goes wrong on one simulated instance; every fault is off by default.

    Faults apply to `/auth/token` and `/api/*`, never to `/api/authinfo`. Rates are shares of
    requests between 0 and 1. Assigning `seed` re-seeds the random source, so a test can replay
    the same sequence of faults.
    """

    latency: float = 0.0
    """Seconds added to each request before it is answered."""
    error_rate: float = 0.0
    """Share of requests answered with one of `error_codes` before they are processed."""
    error_codes: tuple[int, ...] = DEFAULT_ERROR_CODES
    drop_rate: float = 0.0
    """Share of requests whose connection is closed without any response, before processing."""
    drop_after_write_rate: float = 0.0
    """Share of successful record writes (POST /api/<Entity>) that are saved, then dropped
    without an answer: the case that tempts a client into creating a record twice."""
    malformed_rate: float = 0.0
    """Share of 200 JSON answers sent with a truncated body."""
    burst_429: int = 0
    """The next N requests are answered 429 (counts down as they are answered)."""
    retry_after: float | None = None
    """When set, 429 answers carry `Retry-After` with this many seconds."""
    token_lifetime: float | None = None
    """When set, tokens stop working this many seconds after issue, whatever expires_in said."""
    seed: int | None = None
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )
    _random: random.Random = field(
        default_factory=random.Random, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._random.seed(self.seed)

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        # Re-seed whenever the seed changes so a running test can replay a fault sequence.
        if name == "seed" and "_random" in self.__dict__:
            with self._lock:
                self._random.seed(value)

    def roll(self, rate: float) -> bool:
        """True with probability `rate` (thread-safe; no random draw when the rate is 0)."""
        if rate <= 0.0:
            return False
        if rate >= 1.0:
            return True
        with self._lock:
            return self._random.random() < rate

    def pick_error_code(self) -> int:
        """One of `error_codes`, chosen at random."""
        codes = self.error_codes or DEFAULT_ERROR_CODES
        with self._lock:
            return self._random.choice(codes)

    def take_burst(self) -> bool:
        """True when this request belongs to the 429 burst (and uses one of its places)."""
        with self._lock:
            if self.burst_429 > 0:
                super().__setattr__("burst_429", self.burst_429 - 1)
                return True
            return False

    def clear(self) -> None:
        """Turn every fault off (the random source keeps its state)."""
        self.latency = 0.0
        self.error_rate = 0.0
        self.error_codes = DEFAULT_ERROR_CODES
        self.drop_rate = 0.0
        self.drop_after_write_rate = 0.0
        self.malformed_rate = 0.0
        self.burst_429 = 0
        self.retry_after = None
        self.token_lifetime = None
