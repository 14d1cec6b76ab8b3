"""Benchmark: auto_map against a plain baseline mapper on 5,000, 20,000 and 50,000 names a side.

Run with `python benchmarks/bench_automap.py [--sizes 5000,20000,50000] [--runs R] [--runs-50k R]
[--novel SHARE]`. The names come from word lists with a fixed seed: Halo-style statuses, actions,
category paths and custom fields. Most sources are an exact or near-exact copy of a target (case,
plural, prefix, word order, "&", hyphen, path spacing, British spelling, a typo); a share (8% by
default) has no counterpart. For each size both mappers run in this process, alternately, R times
(once at 50,000 unless --runs-50k says otherwise), and one line gives auto_map's median time, the
baseline's (see automap_baseline.py), their ratio and the accuracy of both against the target each
source was made from. Targets: ours within 1.3 x the baseline at every size, 20,000 x 20,000 under
1 s, accuracy at least the baseline's.
"""

from __future__ import annotations

import argparse
import gc
import logging
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from automap_baseline import baseline_map

from halo_wizard.plan.automap import Choice, auto_map

logger = logging.getLogger(__name__)

RATIO_TARGET = 1.3
"""auto_map's median time over the baseline's, at most."""
TIME_TARGETS = {20_000: 1.0}
"""Seconds auto_map's median time must stay under, by size."""
SEED = 20240601


def listed(text: str) -> tuple[str, ...]:
    """A word list written as one comma-separated string."""
    return tuple(text.split(", "))


STATUS_FIRST = listed(
    "Awaiting, Waiting on, With, Pending, On Hold, Escalated to, Assigned to, Passed to, "
    "Returned to, Scheduled with, Blocked by, Reviewed by"
)
STATUS_SECOND = listed(
    "Customer, Supplier, Third Party, Approval, Engineer, Change Board, Manager, Service "
    "Desk, Field Team, Procurement, Security, Finance, Vendor, Client"
)
ACTION_VERBS = listed(
    "Email, Log, Send, Update, Resolve, Close, Assign, Escalate, Schedule, Approve, "
    "Reject, Request, Notify, Review, Record, Forward, Chase, Confirm"
)
ACTION_OBJECTS = listed(
    "User, Supplier, Customer, Note, Private Note, Internal Note, Third Party Ticket, "
    "Approval, Appointment, Change, Invoice, Quote, Order, Callback, Survey, Engineer "
    "Visit, Site Visit, Asset, Licence, Contract, Problem, Incident"
)
CATEGORY_AREAS = listed(
    "Hardware, Software, Network, Access, Security, Email, Telephony, Printing, Accounts, "
    "Facilities, Cloud, Backup, Mobile, Database, Web"
)
CATEGORY_ITEMS = listed(
    "Laptop, Desktop, Monitor, Printer, Router, Switch, Firewall, Mailbox, Licence, "
    "Password, VPN, Wi-Fi, Phone, Headset, Server, Storage, Tablet, Scanner, Docking "
    "Station, Keyboard, Mouse, Projector, Camera, Certificate"
)
CATEGORY_DETAILS = listed(
    "Fault, Request, Replacement, Setup, Upgrade, Removal, Repair, Query, Colour "
    "Settings, Organisation Policy, Configuration, Performance"
)
FIELD_QUALIFIERS = listed(
    "Cost, Asset, Customer, Supplier, Contract, Project, Purchase, Approval, Service, "
    "Billing, Site, Region, Department, Warranty, Renewal, Budget"
)
FIELD_NOUNS = listed(
    "Centre, Tag, Reference, Code, Date, Owner, Number, Category, Level, Contact, "
    "Manager, Region, Type, Notes, Organisation, Colour, Licence"
)
NOVEL_WORDS = listed(
    "Quarantine, Harvest, Lantern, Orbit, Meadow, Granite, Velvet, Compass, Thunder, "
    "Saffron, Pylon, Juniper, Cobalt, Marble, Falcon, Ember, Tundra, Willow, Zephyr, "
    "Quartz"
)
PREFIXES = ("Status: ", "Action: ", "CF ", "Category: ")
BRITISH = {
    "Centre": "Center",
    "Colour": "Color",
    "Organisation": "Organization",
    "Licence": "License",
}


def target_names(rng: random.Random, size: int) -> list[str]:
    """size distinct Halo-style names: statuses, actions, category paths, custom fields."""
    names: dict[str, None] = {}
    while len(names) < size:
        kind = rng.random()
        if kind < 0.15:
            name = f"{rng.choice(STATUS_FIRST)} {rng.choice(STATUS_SECOND)}"
        elif kind < 0.45:
            name = f"{rng.choice(ACTION_VERBS)} {rng.choice(ACTION_OBJECTS)}"
            if rng.random() < 0.3:
                name += f" {rng.choice(('Now', 'Later', 'Urgently', 'Internally', 'by Email'))}"
        elif kind < 0.80:
            levels = [rng.choice(CATEGORY_AREAS), rng.choice(CATEGORY_ITEMS)]
            if rng.random() < 0.6:
                levels.append(rng.choice(CATEGORY_DETAILS))
            name = ">".join(levels)
        else:
            name = f"{rng.choice(FIELD_QUALIFIERS)} {rng.choice(FIELD_NOUNS)}"
            if rng.random() < 0.4:
                name = f"{rng.choice(FIELD_QUALIFIERS)} {name}"
        if rng.random() < 0.05:
            name += f" {rng.randint(1, 9)}"
        names[name] = None
    return list(names)


def typo(rng: random.Random, name: str) -> str:
    """The name with one slip in its longest word: a dropped, doubled or swapped letter."""
    words = list(re.finditer(r"[A-Za-z]+", name))
    longest = max(words, key=lambda m: len(m.group()))
    word = longest.group()
    if len(word) < 5:
        return name
    p = rng.randint(1, len(word) - 2)
    slip = rng.randint(0, 2)
    if slip == 0:
        word = word[:p] + word[p + 1 :]
    elif slip == 1:
        word = word[:p] + word[p] + word[p:]
    else:
        word = word[:p] + word[p + 1] + word[p] + word[p + 2 :]
    return name[: longest.start()] + word + name[longest.end() :]


def plural(name: str) -> str:
    """The name with its last word singular if it was plural, plural if it was singular."""
    last = list(re.finditer(r"[A-Za-z]+", name))[-1]
    word = last.group()
    word = word[:-1] if word.endswith("s") else word + "s"
    return name[: last.start()] + word + name[last.end() :]


def variant(rng: random.Random, name: str) -> str:
    """An exact or near-exact copy of a name, as another instance might spell it."""
    roll = rng.random()
    if roll < 0.55:
        return name
    if roll < 0.65:
        return rng.choice((name.lower(), name.upper(), name.title()))
    if roll < 0.71:
        return plural(name)
    if roll < 0.76:
        return rng.choice(PREFIXES) + name
    if roll < 0.80 and ">" not in name and len(name.split()) == 2:
        first, second = name.split()
        return f"{second} {first}"
    if roll < 0.84:
        name = name.replace(" and ", " & ").replace("Wi-Fi", "WiFi")
        return name.replace("Third Party", "3rd-party")
    if roll < 0.88 and ">" in name:
        return name.replace(">", " > ")
    if roll < 0.92:
        for british, american in BRITISH.items():
            name = name.replace(british, american)
        return name
    return typo(rng, name)


def novel_name(rng: random.Random) -> str:
    """A name with no counterpart on the other side."""
    return f"{rng.choice(NOVEL_WORDS)} {rng.choice(NOVEL_WORDS)} {rng.randint(10, 99)}"


def build(size: int, novel: float = 0.08) -> tuple[list[Choice], list[Choice], list[int | None]]:
    """size sources, size targets and the target id each source was made from (None: novel)."""
    rng = random.Random(SEED)
    targets = [Choice(1000 + i, n) for i, n in enumerate(target_names(rng, size))]
    order = list(range(size))
    rng.shuffle(order)
    sources: list[Choice] = []
    made_from: list[int | None] = []
    for i in range(size):
        if rng.random() < novel:
            name = novel_name(rng)
            made_from.append(None)
        else:
            name = variant(rng, targets[order[i]].name)
            made_from.append(targets[order[i]].id)
        sources.append(Choice(50_000 + i, name))
    return sources, targets, made_from


Chosen = list[int | None]
"""The target id a mapper chose for each source, or None."""
Mapper = Callable[[Sequence[Choice], Sequence[Choice]], Chosen]


class Accuracy(NamedTuple):
    """How many sources a mapper sent to the target they were made from, and how many elsewhere."""

    right: int
    wrong: int
    total: int

    def __str__(self) -> str:
        return f"right {self.right / self.total:.1%} wrong {self.wrong / self.total:.1%}"


def accuracy(chosen: Sequence[int | None], made_from: Sequence[int | None]) -> Accuracy:
    """Accuracy of the target ids chosen (None: left unmapped) against the generator's answers.

    A source mapped to another target than the one it was made from, or mapped at all when it was
    made from none, is wrong; one left unmapped is neither right nor wrong.
    """
    right = wrong = 0
    for target, origin in zip(chosen, made_from, strict=True):
        if target is None:
            continue
        if target == origin:
            right += 1
        else:
            wrong += 1
    return Accuracy(right, wrong, len(chosen))


def ours(sources: Sequence[Choice], targets: Sequence[Choice]) -> list[int | None]:
    """auto_map's applied targets (EXACT and NEAR) as target ids; WEAK suggestions count as none."""
    return [
        m.target.id if m.applied and m.target is not None else None
        for m in auto_map(sources, targets)
    ]


def baseline(sources: Sequence[Choice], targets: Sequence[Choice]) -> list[int | None]:
    """baseline_map's choices as target ids."""
    chosen = baseline_map([s.name for s in sources], [t.name for t in targets])
    return [targets[j].id if j is not None else None for j in chosen]


def timed(mapper: Mapper, sources: list[Choice], targets: list[Choice]) -> tuple[float, Chosen]:
    """One run of a mapper: wall time and what it chose."""
    gc.collect()
    started = time.perf_counter()
    chosen = mapper(sources, targets)
    return time.perf_counter() - started, chosen


def measure(size: int, runs: int, novel: float) -> None:
    """Time both mappers on one size, alternately so that both see the same load; print a line."""
    sources, targets, made_from = build(size, novel)
    ours_times: list[float] = []
    base_times: list[float] = []
    ours_chosen: Chosen = []
    base_chosen: Chosen = []
    for _ in range(runs):
        seconds, ours_chosen = timed(ours, sources, targets)
        ours_times.append(seconds)
        seconds, base_chosen = timed(baseline, sources, targets)
        base_times.append(seconds)
    ours_median = statistics.median(ours_times)
    base_median = statistics.median(base_times)
    ratio = ours_median / base_median
    ours_accuracy = accuracy(ours_chosen, made_from)
    base_accuracy = accuracy(base_chosen, made_from)
    goals = [f"ratio target <= {RATIO_TARGET:g}, {verdict(ratio <= RATIO_TARGET)}"]
    if size in TIME_TARGETS:
        target = TIME_TARGETS[size]
        goals.append(f"time target < {target:g} s, {verdict(ours_median < target)}")
    as_good = (
        ours_accuracy.right >= base_accuracy.right and ours_accuracy.wrong <= base_accuracy.wrong
    )
    goals.append(f"accuracy at least the baseline's, {verdict(as_good)}")
    print(
        f"auto-map {size} x {size} names: ours median {ours_median:.3f} s; "
        f"baseline median {base_median:.3f} s; ratio {ratio:.2f}; "
        f"ours {ours_accuracy}; baseline {base_accuracy}; "
        f"{runs} runs, {novel:.0%} without counterpart ({'; '.join(goals)})",
        flush=True,
    )


def verdict(ok: bool) -> str:
    return "OK" if ok else "OVER"


def main() -> None:
    """Run the benchmark and print one line of figures per size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes", default="5000,20000,50000", help="comma-separated numbers of names per side"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each mapper per size")
    parser.add_argument(
        "--runs-50k", type=int, default=1, help="runs per mapper at 50,000 names and more"
    )
    parser.add_argument(
        "--novel", type=float, default=0.08, help="share of sources with no counterpart"
    )
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        measure(size, args.runs if size < 50_000 else min(args.runs, args.runs_50k), args.novel)


if __name__ == "__main__":
    main()
