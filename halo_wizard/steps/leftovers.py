"""The end-to-end test's leftovers: test tickets and end users a run left behind (killed during its
clean-up, say), found, reported by `check` and `validate`, and removed when the next test starts.

Only the test's own records are ever counted: a ticket whose summary starts with the test's tag and
an end user whose address is the test's reserved one. They are found by the ids the plan recorded
as the test created them (each run saves them to the plan as soon as Halo answers with them), by
the end user a tagged ticket names, and by a search for the tag and the address. Only the search
depends on a behaviour of Halo nobody has verified (which fields `search` matches: halo-api.md
section 0 and the OpenAPI document do not say); it is what finds a record created just before a
kill that the plan file had no time to record, and it only adds candidates, each checked for the
exact tag or address before it counts.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from halo_wizard.api import constants as C
from halo_wizard.api.client import HaloClient, Record
from halo_wizard.api.errors import HaloError, NotFound
from halo_wizard.plan.model import ConnectionKind, Plan, Side
from halo_wizard.steps.configuration import as_int
from halo_wizard.steps.session import Session

log = logging.getLogger(__name__)

TAG_PREFIX: Final = "[halo_wizard test"
TEST_EMAIL_DOMAIN: Final = "example.invalid"
"""A domain reserved for examples that can never receive mail: nobody is ever e-mailed."""
TEST_EMAIL_PREFIX: Final = "halo-wizard-test-"
TEST_USER_NAME_PREFIX: Final = "halo_wizard test user"

TAG_PATTERN: Final = re.compile(r"\[halo_wizard test ([0-9a-f]{8})\]")
"""The exact tag of a run (a run's id is 8 hexadecimal digits)."""
EMAIL_PATTERN: Final = re.compile(r"halo-wizard-test-([0-9a-f]{8})@example\.invalid")
"""The exact reserved address of a run's test end user."""

TICKET: Final = "test ticket"
END_USER: Final = "test end user"

RECORDED: Final[dict[str, tuple[Side, str]]] = {
    "customer_ticket_id": (Side.CUSTOMER, TICKET),
    "supplier_ticket_id": (Side.SUPPLIER, TICKET),
    "test_user_id": (Side.CUSTOMER, END_USER),
}
"""The keys of plan.e2e["records"] the test writes, and which of its records each names."""


def tag_for(short_id: str) -> str:
    return f"{TAG_PREFIX} {short_id}]"


def test_email(short_id: str) -> str:
    return f"{TEST_EMAIL_PREFIX}{short_id}@{TEST_EMAIL_DOMAIN}"


def test_user_name(short_id: str) -> str:
    return f"{TEST_USER_NAME_PREFIX} {short_id}"


def short_id_of(tag: str) -> str | None:
    """The run id inside a tag the test wrote, or None when `tag` is not one."""
    head = f"{TAG_PREFIX} "
    if tag.startswith(head) and tag.endswith("]") and len(tag) > len(head) + 1:
        return tag[len(head) : -1]
    return None


def _email(value: Any) -> str:
    return str(value or "").strip().casefold()


# ---- what the plan recorded ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecordedTest:
    """The last test the plan recorded: its tag and the ids of what it created."""

    tag: str = ""
    ids: Mapping[tuple[Side, str], frozenset[int]] = field(default_factory=dict)

    def of(self, side: Side, kind: str) -> frozenset[int]:
        return self.ids.get((side, kind), frozenset())

    @property
    def email(self) -> str:
        short = short_id_of(self.tag)
        return test_email(short) if short else ""

    @classmethod
    def from_plan(cls, plan: Plan) -> RecordedTest:
        stored = plan.e2e or {}
        if not stored.get("started"):
            return cls()
        records = stored.get("records")
        ids: dict[tuple[Side, str], set[int]] = {}
        if isinstance(records, Mapping):
            for key, where in RECORDED.items():
                record_id = as_int(records.get(key))
                if record_id:
                    ids.setdefault(where, set()).add(record_id)
        tag = stored.get("tag")
        return cls(tag if isinstance(tag, str) else "", {k: frozenset(v) for k, v in ids.items()})


# ---- what is left ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Leftover:
    """One test record still in an instance."""

    side: Side
    instance: str
    kind: str  # TICKET or END_USER
    record_id: int
    tag: str  # the tag of the run that created it
    label: str  # the ticket's summary, or the end user's address
    recorded: bool
    """True: the plan names it (its id, or the tag of the plan's last test); False: found only by
    the test's tag or address (the run ended before the plan file recorded it)."""

    @property
    def text(self) -> str:
        how = "named in the plan" if self.recorded else "found by its tag"
        return f"{self.instance}: {self.kind} {self.record_id} '{self.label}' ({self.tag}, {how})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "side": self.side.value,
            "instance": self.instance,
            "kind": self.kind,
            "id": self.record_id,
            "tag": self.tag,
            "label": self.label,
            "recorded": self.recorded,
        }


@dataclass(slots=True)
class Leftovers:
    """Every test record found, tickets before end users, and what could not be looked at."""

    found: list[Leftover] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    looked: bool = False  # False: the plan has no end-to-end test (a shared ticket list's)

    @property
    def any(self) -> bool:
        return bool(self.found)

    def of(self, kind: str) -> list[Leftover]:
        return [x for x in self.found if x.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        return {
            "found": [x.to_dict() for x in self.found],
            "problems": list(self.problems),
        }

    def lines(self) -> list[str]:
        """The report's section, for a terminal."""
        if not self.looked:
            return []
        if not self.found:
            lines = ["No test records left behind by an earlier end-to-end test."]
        else:
            lines = [
                f"{len(self.found)} test record(s) left behind by an earlier end-to-end test "
                "(the next `halo-wizard test` removes them before it starts):"
            ]
            lines += [f"  {x.text}" for x in self.found]
        lines += [f"  could not look: {p}" for p in self.problems]
        return lines

    def preview(self) -> str:
        """One line for the test's preview: what it removes before it starts."""
        parts = [
            f"in {x.instance}, {x.kind} {x.record_id} '{x.label}'"
            for x in sorted(self.found, key=_order)
        ]
        tags = sorted({x.tag for x in self.found})
        return (
            f"First remove what an earlier test ({', '.join(tags)}) left behind: "
            + "; ".join(parts)
            + ". Nothing else is touched."
        )


def _order(x: Leftover) -> tuple[int, str, int]:
    return (0 if x.kind == TICKET else 1, x.side.value, x.record_id)


def ticket_tag(summary: Any, recorded_tag: str = "") -> str | None:
    """The tag a test ticket's summary starts with: the plan's recorded tag, or a tag of the
    test's exact form; None for any other summary."""
    text = str(summary or "")
    if recorded_tag and (text == recorded_tag or text.startswith(recorded_tag + " ")):
        return recorded_tag
    found = TAG_PATTERN.match(text)
    if found is None or (len(text) > found.end() and text[found.end()] != " "):
        return None
    return found.group(0)


def user_tag(email: Any, recorded_email: str = "", recorded_tag: str = "") -> str | None:
    """The tag of the run whose test end user has this address; None for any other address."""
    address = _email(email)
    if recorded_email and address == recorded_email.casefold():
        return recorded_tag
    found = EMAIL_PATTERN.fullmatch(address)
    return tag_for(found.group(1)) if found else None


async def find_leftovers(session: Session) -> Leftovers:
    """Every test record the end-to-end test left in the instances this admin manages (reads only;
    a lookup that fails is named in `problems`)."""
    found = Leftovers()
    if session.plan.kind is not ConnectionKind.TICKET_SYNC:
        return found  # the end-to-end test is ticket sync's
    found.looked = True
    recorded = RecordedTest.from_plan(session.plan)
    sides = session.own_sides()  # a partner's instance is their admin's to clean
    parts = await asyncio.gather(*(_find_in(session, side, recorded) for side in sides))
    for leftovers, problems in parts:
        found.found.extend(leftovers)
        found.problems.extend(problems)
    found.found.sort(key=_order)
    if found.found:
        log.info("the end-to-end test left %d record(s) behind", len(found.found))
    return found


async def _find_in(
    session: Session, side: Side, recorded: RecordedTest
) -> tuple[list[Leftover], list[str]]:
    client, name = session.client(side), session.name(side)
    problems: list[str] = []
    ticket_ids, user_ids = recorded.of(side, TICKET), recorded.of(side, END_USER)

    named, searched = await asyncio.gather(
        _get_each(client, name, "Tickets", ticket_ids, problems),
        _search(client, name, "Tickets", TAG_PREFIX, problems),
    )
    tickets = {**searched, **named}
    ours: list[Leftover] = []
    for ticket_id, ticket in sorted(tickets.items()):
        tag = ticket_tag(ticket.get(C.TICKET_SUMMARY), recorded.tag)
        if tag is None or ticket.get(C.TICKET_DELETED) is True:
            continue
        is_recorded = ticket_id in ticket_ids or (bool(recorded.tag) and tag == recorded.tag)
        summary = " ".join(str(ticket.get(C.TICKET_SUMMARY) or "").split())
        ours.append(Leftover(side, name, TICKET, ticket_id, tag, summary, is_recorded))

    # The end user a test ticket was raised for is the test's own when its address says so.
    linked = {
        user_id
        for x in ours
        if (user_id := as_int(tickets[x.record_id].get(C.TICKET_USER_ID))) is not None
    }
    users_named, users_searched = await asyncio.gather(
        _get_each(client, name, "Users", user_ids | linked, problems),
        _search(client, name, "Users", TEST_EMAIL_PREFIX, problems),
    )
    for user_id, user in sorted({**users_searched, **users_named}.items()):
        address = _email(user.get(C.END_USER_EMAIL))
        tag = user_tag(address, recorded.email, recorded.tag)
        if tag is None:
            continue
        is_recorded = user_id in user_ids or (bool(recorded.tag) and tag == recorded.tag)
        ours.append(Leftover(side, name, END_USER, user_id, tag, address, is_recorded))
    return ours, problems


async def _get_each(
    client: HaloClient, name: str, entity: str, ids: frozenset[int] | set[int], problems: list[str]
) -> dict[int, Record]:
    async def one(record_id: int) -> Record | None:
        try:
            return await client.get(entity, record_id, details=False)
        except NotFound:
            return None  # removed: nothing left
        except HaloError as exc:
            problems.append(f"{name}: {entity} {record_id}: {exc.message}")
            return None

    ordered = sorted(ids)
    found = await asyncio.gather(*(one(i) for i in ordered))
    return {i: r for i, r in zip(ordered, found, strict=True) if r is not None}


async def _search(
    client: HaloClient, name: str, entity: str, term: str, problems: list[str]
) -> dict[int, Record]:
    """One page of `entity` searched for `term`: a server that ignored the search would answer
    its whole list, so no more than a page is read (each row is checked by the caller)."""
    params = {
        C.LIST_SEARCH: term,
        "pageinate": "true",
        "page_size": str(C.PAGE_CAP),
        "page_no": "1",
    }
    try:
        body = await client.request("GET", entity, params=params)
    except HaloError as exc:
        problems.append(f"{name}: searching the {entity} for '{term}': {exc.message}")
        return {}
    rows = body.get(C.WRAPPED_LIST_KEYS.get(entity, ""), []) if isinstance(body, dict) else body
    if not isinstance(rows, list):
        return {}
    return {
        record_id: row
        for row in rows
        if isinstance(row, dict) and (record_id := as_int(row.get("id"))) is not None
    }


# ---- removing them -----------------------------------------------------------------------------


@dataclass(slots=True)
class CleanupStep:
    """One removal of a test record, as the result and the report say it."""

    text: str
    ok: bool

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "ok": self.ok}


async def remove_ticket(
    client: HaloClient, name: str, ticket_id: int, closed_status: int | None, why: str = ""
) -> CleanupStep:
    """Delete a test ticket with its actions, or close it when Halo refuses the deletion."""
    deleted = 0
    try:
        actions = await client.list_records("Actions", {"ticket_id": ticket_id})
        # Only actions that name this ticket: never anything an unfiltered list returns.
        mine = [
            x for x in actions if as_int(x.get("ticket_id")) == ticket_id and as_int(x.get("id"))
        ]
        outcomes = await asyncio.gather(
            *(client.delete("Actions", int(x["id"])) for x in mine), return_exceptions=True
        )
        for outcome in outcomes:
            if isinstance(outcome, BaseException) and not isinstance(outcome, HaloError):
                raise outcome
        deleted = sum(1 for outcome in outcomes if not isinstance(outcome, BaseException))
    except HaloError:
        pass  # deleting the ticket takes its actions along on Halo
    try:
        await client.delete("Tickets", ticket_id)
        return CleanupStep(
            f"{name}: deleted test ticket {ticket_id}{why} and {deleted} action(s)", True
        )
    except HaloError as exc:
        refused = exc.message
    if closed_status is not None:
        try:
            await client.save("Tickets", {"id": ticket_id, "status_id": closed_status})
            return CleanupStep(
                f"{name}: closed test ticket {ticket_id}{why} (could not delete it: {refused})",
                True,
            )
        except HaloError as exc:
            refused = f"{refused}; closing failed too: {exc.message}"
    return CleanupStep(
        f"{name}: test ticket {ticket_id}{why} is still open ({refused}); close it by hand", False
    )


async def remove_user(
    client: HaloClient, name: str, user_id: int, label: str, why: str = ""
) -> CleanupStep:
    """Delete a test end user (after its tickets: Halo may refuse a user who still has some)."""
    try:
        await client.delete("Users", user_id)
        return CleanupStep(f"{name}: deleted the test end user {user_id}{why}", True)
    except HaloError as exc:
        return CleanupStep(
            f"{name}: could not delete the test end user {user_id}{why} ({exc.message}); delete "
            f"'{label}' by hand",
            False,
        )


async def remove_leftovers(
    session: Session,
    leftovers: Leftovers,
    closed_status: Callable[[Side], int | None],
) -> list[CleanupStep]:
    """Remove what `find_leftovers` found (and only that): the tickets first, then the end users.
    `closed_status` names the status a ticket is closed with when Halo refuses to delete it."""
    steps: list[CleanupStep] = []

    async def ticket(x: Leftover) -> CleanupStep:
        why = f" left by the earlier test {x.tag}"
        return await remove_ticket(
            session.client(x.side), x.instance, x.record_id, closed_status(x.side), why
        )

    steps += await asyncio.gather(*(ticket(x) for x in leftovers.of(TICKET)))
    for x in leftovers.of(END_USER):
        why = f" left by the earlier test {x.tag}"
        client = session.client(x.side)
        steps.append(await remove_user(client, x.instance, x.record_id, x.label, why))
    for step in steps:
        log.info("leftover: %s", step.text)
    return steps
