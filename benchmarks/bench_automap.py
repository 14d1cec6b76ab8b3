"""Benchmark: auto-map 5,000 source names onto 5,000 target names and print time and memory.

Run with `python benchmarks/bench_automap.py [--size N] [--runs R] [--novel SHARE]`. The names come
from word lists with a fixed seed: Halo-style statuses, actions, category paths and custom fields.
Most sources are an exact or near-exact copy of a target (case, plural, prefix, word order, "&",
hyphen, path spacing, British spelling, a typo); a share (8% by default) has no counterpart. The
target is 0.5 s per auto-map on this 2-core machine.
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
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from halo_wizard.plan.automap import Choice, MatchQuality, auto_map, summary

logger = logging.getLogger(__name__)

TARGET_SECONDS = 0.5
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


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--novel", type=float, default=0.08, help="share of sources with no counterpart"
    )
    args = parser.parse_args()
    sources, targets, made_from = build(args.size, args.novel)

    times: list[float] = []
    matches = []
    for _ in range(args.runs):
        gc.collect()
        started = time.perf_counter()
        matches = auto_map(sources, targets)
        times.append(time.perf_counter() - started)

    tracemalloc.start()
    auto_map(sources, targets)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    applied, total = summary(matches)
    qualities = Counter(m.quality for m in matches)
    median = statistics.median(times)
    print(
        f"auto-map {len(sources)} x {len(targets)} names, {args.novel:.0%} without counterpart, "
        f"{args.runs} runs"
    )
    print(f"  first run  {times[0]:.3f} s")
    print(f"  median     {median:.3f} s")
    print(f"  best       {min(times):.3f} s")
    print(f"  target     {TARGET_SECONDS:.3f} s  -> {'OK' if median <= TARGET_SECONDS else 'OVER'}")
    print(f"  {applied} of {total} matched automatically")
    for quality in MatchQuality:
        print(f"  {quality.name:<6} {qualities.get(quality, 0)}")
    by_id = {t.id: t for t in targets}
    other = [
        (m, by_id[origin].name)
        for m, origin in zip(matches, made_from, strict=True)
        if m.applied and m.target is not None and origin is not None and m.target.id != origin
    ]
    missed = sum(
        1 for m, o in zip(matches, made_from, strict=True) if o is not None and not m.applied
    )
    print(f"  applied to another target than the one the source was made from: {len(other)}")
    for m, origin_name in other[:8]:
        target = m.target.name if m.target else None
        print(f"    {m.source.name!r} -> {target!r} ({m.quality.name}), from {origin_name!r}")
    print(f"  made from a target but not applied: {missed}")
    print(f"  peak memory (tracemalloc) {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
