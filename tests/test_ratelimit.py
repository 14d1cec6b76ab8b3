"""The rolling-window limiter and the back-off policy (real event-loop clock, lower bounds only)."""

from __future__ import annotations

import asyncio
import random

from halo_wizard.api.ratelimit import RetryPolicy, RollingWindowLimiter, parse_retry_after


def test_limiter_never_allows_more_than_the_budget_in_any_window() -> None:
    async def run() -> list[float]:
        limiter = RollingWindowLimiter(requests=5, window=0.2)
        loop = asyncio.get_running_loop()
        starts: list[float] = []

        async def one() -> None:
            async with limiter.slot():
                starts.append(loop.time())
                await asyncio.sleep(0.01)  # the request under way

        await asyncio.gather(*(one() for _ in range(17)))
        return starts

    starts = sorted(asyncio.run(run()))
    assert len(starts) == 17
    for i, t in enumerate(starts):
        in_window = [s for s in starts[: i + 1] if t - s < 0.2]
        assert len(in_window) <= 5


def test_pause_holds_everyone_back() -> None:
    async def run() -> float:
        limiter = RollingWindowLimiter(requests=100, window=1.0)
        loop = asyncio.get_running_loop()
        limiter.pause(0.15)
        start = loop.time()
        async with limiter.slot():
            return loop.time() - start

    assert asyncio.run(run()) >= 0.14


def test_a_request_under_way_holds_its_place_until_its_answer_plus_the_window() -> None:
    async def run() -> tuple[float, int]:
        limiter = RollingWindowLimiter(requests=1, window=0.1)
        loop = asyncio.get_running_loop()
        start = loop.time()
        async with limiter.slot():
            await asyncio.sleep(0.1)  # a slow request
            held = limiter.in_window()
        async with limiter.slot():
            return loop.time() - start, held

    elapsed, held = asyncio.run(run())
    assert held == 1
    assert elapsed >= 0.19  # 0.1 under way + the whole window after its answer


def test_backoff_is_capped_and_jittered() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=4.0)
    rng = random.Random(7)
    delays = [policy.delay(n, rng) for n in range(1, 12)]
    assert all(0 < d <= 4.0 for d in delays)
    assert delays[-1] >= 2.0  # capped ceiling reached, jitter keeps at least half
    assert len({round(d, 6) for d in delays}) == len(delays)


def test_retry_after_forms() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 2.5 ") == 2.5
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_a_429_lowers_the_budget_only_when_this_side_used_a_good_part_of_it() -> None:
    now = [0.0]

    def clock() -> float:
        return now[0]

    async def fill(limiter: RollingWindowLimiter, count: int) -> None:
        for _ in range(count):
            async with limiter.slot():
                pass

    async def run() -> tuple[int, int, float, float]:
        busy = RollingWindowLimiter(requests=700, window=300.0, clock=clock)
        await fill(busy, 300)  # an older tenant's 300 used up: its 429 is the real budget
        busy.throttled(2.0)
        quiet = RollingWindowLimiter(requests=700, window=300.0, clock=clock)
        await fill(quiet, 20)  # someone else's traffic on the tenant: pause, keep the budget
        quiet.throttled(2.0)
        return busy.requests, quiet.requests, busy._paused_until, quiet._paused_until

    busy, quiet, busy_pause, quiet_pause = asyncio.run(run())
    assert busy == 270  # 90% of what was in the window
    assert quiet == 700
    assert busy_pause == quiet_pause == 2.0
