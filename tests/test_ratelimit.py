"""The rolling-window limiter and the back-off policy (real event-loop clock, lower bounds only)."""

from __future__ import annotations

import asyncio
import io
import random

from halo_wizard.api.ratelimit import (
    Hold,
    RetryPolicy,
    RollingWindowLimiter,
    holds,
    parse_retry_after,
    shared_limiter,
)
from halo_wizard.commands._session import run_work


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


def test_pause_holds_everyone_back_and_the_time_held_is_counted() -> None:
    async def run() -> tuple[float, float, float]:
        limiter = RollingWindowLimiter(requests=100, window=1.0)
        loop = asyncio.get_running_loop()
        async with limiter.slot():
            free = limiter.waited  # a place was free: nothing held
        limiter.pause(0.15)
        start = loop.time()
        async with limiter.slot():
            return loop.time() - start, free, limiter.waited

    elapsed, free, waited = asyncio.run(run())
    assert elapsed >= 0.14
    assert free == 0.0
    assert 0.14 <= waited <= elapsed + 0.01


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
        assert busy.learned and not quiet.learned
        return busy.requests, quiet.requests, busy._paused_until, quiet._paused_until

    busy, quiet, busy_pause, quiet_pause = asyncio.run(run())
    assert busy == 270  # 90% of what was in the window
    assert quiet == 700
    assert busy_pause == quiet_pause == 2.0


async def _held(limiter: RollingWindowLimiter, count: int) -> list[asyncio.Task[None]]:
    """`count` requests started on a budget with no free place, once each is held back."""

    async def one() -> None:
        async with limiter.slot():
            pass

    tasks = [asyncio.create_task(one()) for _ in range(count)]
    while (hold := limiter.hold()) is None or hold.waiting < count:
        await asyncio.sleep(0)  # each task runs up to its wait
    return tasks


async def _stop(tasks: list[asyncio.Task[None]]) -> None:
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def test_a_full_budget_says_how_many_wait_and_when_the_last_can_go() -> None:
    now = [0.0]

    async def run() -> tuple[object, object, object]:
        limiter = RollingWindowLimiter(requests=3, window=10.0, clock=lambda: now[0])
        before = limiter.hold()
        for t in (0.0, 1.0, 2.0):  # three answers, one a second: the budget is used
            now[0] = t
            async with limiter.slot():
                pass
        now[0] = 2.5
        tasks = await _held(limiter, 2)
        hold = limiter.hold()
        await _stop(tasks)
        return before, hold, limiter.hold()

    before, hold, after = asyncio.run(run())
    assert before is None and after is None  # nothing waits before, nor once they stopped
    assert isinstance(hold, Hold)
    assert (hold.waiting, hold.requests, hold.window, hold.after_429) == (2, 3, 10.0, False)
    # The second waiter needs the second-oldest place: answered at 1.0, free at 11.0.
    assert hold.seconds == 8.5


def test_a_pause_after_429_says_so_and_how_long() -> None:
    now = [100.0]

    async def run() -> object:
        limiter = RollingWindowLimiter(requests=700, window=300.0, clock=lambda: now[0])
        limiter.pause(30.0)
        tasks = await _held(limiter, 1)
        hold = limiter.hold()
        await _stop(tasks)
        return hold

    hold = asyncio.run(run())
    assert isinstance(hold, Hold)
    assert hold.after_429 and hold.waiting == 1 and hold.seconds == 30.0


def test_the_loops_shared_budgets_report_their_holds_by_host() -> None:
    async def run() -> tuple[list[Hold], list[Hold]]:
        limiter = shared_limiter("https://halo.example/api|tenant-a", label="halo.example")
        quiet = shared_limiter("https://other.example/api|tenant-b", label="other.example")
        limiter.pause(60.0)
        tasks = await _held(limiter, 1)
        seen = holds()
        await _stop(tasks)
        assert quiet.hold() is None
        return seen, holds()

    seen, after = asyncio.run(run())
    assert [(h.label, h.waiting, h.after_429) for h in seen] == [("halo.example", 1, True)]
    assert after == []


def test_a_command_held_back_by_a_budget_says_so_on_stderr_then_goes_on() -> None:
    said = io.StringIO()

    async def work() -> str:
        limiter = shared_limiter("https://slow.example/api|t", label="slow.example")
        limiter.pause(600.0)  # the instance said 429 with a long Retry-After
        request = asyncio.create_task(_one(limiter))
        while "waiting:" not in said.getvalue():
            await asyncio.sleep(0.05)
        request.cancel()
        await asyncio.gather(request, return_exceptions=True)
        return "done"

    assert run_work(work(), said) == "done"
    lines = said.getvalue().splitlines()
    assert len(lines) == 1  # said once; the next would come HOLD_NOTE_EVERY seconds later
    assert lines[0].startswith("waiting: slow.example said it has had too many requests")
    assert "1 request waits" in lines[0] and "min" in lines[0]


async def _one(limiter: RollingWindowLimiter) -> None:
    async with limiter.slot():
        pass


def test_what_a_hold_says_names_the_budget_it_comes_from() -> None:
    documented = Hold(273, 250.4, 700, 300.0, False, False, "northwind.halopsa.com")
    assert documented.words() == (
        "Halo allows 700 requests per 5 minutes to northwind.halopsa.com, and the wizard has used "
        "them: 273 requests wait; the work goes on by itself, the last of them in about 4 min 10 s."
    )
    learned = Hold(1, 42.0, 270, 300.0, False, True, "old.halopsa.com")
    assert learned.words().startswith(
        "old.halopsa.com answers about 270 requests per 5 minutes (learned from its 429), and"
    )
    assert "1 request waits" in learned.words() and "about 42 s" in learned.words()
    paused = Hold(5, 9.6, 700, 300.0, True, False, "busy.halopsa.com")
    assert paused.words() == (
        "busy.halopsa.com said it has had too many requests (its rate limit): 5 requests wait; "
        "the work goes on by itself in about 10 s."
    )
