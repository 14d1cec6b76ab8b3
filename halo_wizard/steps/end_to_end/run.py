"""Step 10: Halo's worked example of ticket sync run for real on both instances of a plan.

A tagged test ticket, raised by a test end user on a reserved address, is escalated from the
customer's instance to the supplier's, notes go both ways, the supplier e-mails the end user
indirectly and resolves the ticket, and the customer's ticket must close. Each hop is timed; a
failed hop names the row of Halo's troubleshooting table (seed 001) that explains it and the fix in
this configuration's own names. Everything the test created is deleted afterwards, even after a
failure, and no other ticket is ever touched. What an earlier run left behind (killed during its
clean-up, say) is found before the preview, shown in it, and removed before anything is created;
each record's id goes into the plan as soon as Halo answers with it (`keep` saves the plan file).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from halo_wizard.api import constants as C
from halo_wizard.api.client import Record
from halo_wizard.api.errors import HaloError, NotFound
from halo_wizard.plan.freshness import stamp
from halo_wizard.plan.model import Side, StepId, StepStatus, utc_now_iso
from halo_wizard.steps import leftovers as lo
from halo_wizard.steps import unknowns
from halo_wizard.steps.configuration import as_int as _int
from halo_wizard.steps.end_to_end.instance import (
    READ_LISTS,
    Instance,
    SupplierActions,
    choose_customer_note,
    choose_log_action,
    choose_supplier_actions,
)
from halo_wizard.steps.end_to_end.result import (
    CleanupStep,
    ConfirmStart,
    E2EPreview,
    E2EResult,
    E2ESettings,
    Hop,
    HopStatus,
)
from halo_wizard.steps.end_to_end.troubleshooting import (
    CREDENTIALS,
    LOOP,
    MISSING_ACTION,
    NO_ACCESS,
    NOT_CLOSED,
    NOT_EMAILED,
    NOT_SET_UP,
    NOT_SYNCED,
    REFUSED,
    SUPPLIER_REF,
    TIMEOUT,
    WRONG_CUSTOMER,
    action_path,
    classify_error,
    error_text,
    explain,
    not_by_default,
)
from halo_wizard.steps.learning import API_EMAIL_SETTING, SEND_TO_HALO
from halo_wizard.steps.read_model import is_hidden, sends_email, sync_number
from halo_wizard.steps.session import Progress, Session

log = logging.getLogger(__name__)

TAG_PREFIX = lo.TAG_PREFIX
TEST_EMAIL_DOMAIN = lo.TEST_EMAIL_DOMAIN
"""A domain reserved for examples that can never receive mail: nobody is ever e-mailed."""


def _email(value: Any) -> str:
    return str(value or "").strip().casefold()


def _blank_id(value: Any) -> bool:
    return not _int(value)


# ---- The run ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Chosen:
    ticket_type: int | None = None
    supplier_type: int | None = None
    client: Record | None = None
    site_id: int | None = None
    agent: Record | None = None
    log: Record | None = None
    customer_note: Record | None = None
    supplier: SupplierActions = field(default_factory=SupplierActions)


class _Run:
    """One end-to-end run: reads, hops and cleanup share what it found and created."""

    def __init__(
        self,
        session: Session,
        progress: Progress,
        settings: E2ESettings,
        short_id: str,
        keep: Callable[[], None] | None = None,
    ) -> None:
        plan = session.plan
        self.session = session
        self.progress = progress
        self.settings = settings
        self.short = short_id
        self.tag = lo.tag_for(short_id)
        self.keep = keep
        self.leftovers = lo.Leftovers()
        self.a = Instance(Side.CUSTOMER, session.name(Side.CUSTOMER), session.customer)
        self.b = Instance(Side.SUPPLIER, session.name(Side.SUPPLIER), session.supplier)
        self.result = E2EResult(tag=self.tag, customer=self.a.name, supplier=self.b.name)
        self.chosen = _Chosen()
        self.supplier_profile_id = plan.supplier_profile.record_id
        self.customer_profile_id = plan.customer_profile.record_id
        self.user_id: int | None = None
        self.user_email = lo.test_email(short_id)
        self.user_name = lo.test_user_name(short_id)
        self.a_ticket: int | None = None
        self.b_ticket: int | None = None
        self.b_ticket_record: Record = {}
        self.resolve_saved: Record = {}
        self.total_hops = 9
        self.creates_ticket = True
        """Whether this run raises the test ticket (the supplier's run from one side does not:
        it takes the one the customer's run escalates)."""

    # ---- reading --------------------------------------------------------------------------

    async def _read(self, instance: Instance, entity: str, profile_id: int) -> None:
        # A proof reads the instances as they are now, not as the session last saw them.
        lists, profile = await asyncio.gather(
            self.session.read_all(instance.side, READ_LISTS, fresh=True, full=True),
            self.session.record(instance.side, entity, profile_id),
        )
        if profile is None:
            raise NotFound(
                f"The profile {profile_id} is no longer in {instance.name}.",
                "Run the Profiles step again.",
                instance=instance.name,
            )
        plan = self.session.plan
        instance.take(
            lists,
            profile,
            entity,
            unknowns.answer(plan, instance.side, C.MAPPING_ROW_IDS),
            unknowns.answer(plan, instance.side, C.SYNC_VALUES),
        )

    async def check(self, hop: Hop) -> bool:
        """Read both configurations and choose the actions, ticket type, customer and agent."""
        if not self.supplier_profile_id or not self.customer_profile_id:
            return hop.fail(
                explain(NOT_SET_UP, "Finish the Profiles and Credential swap steps first."),
                detail="the profiles have not been created yet",
            )
        a, b, chosen = self.a, self.b, self.chosen
        try:
            await asyncio.gather(
                self._read(a, "Supplier", self.supplier_profile_id),
                self._read(b, "Client", self.customer_profile_id),
            )
        except NotFound as exc:
            return hop.fail(
                explain(NOT_SET_UP, "Run the Profiles step again: a profile was deleted."),
                error=exc.message,
            )
        if not (self._authenticated(hop, a) and self._authenticated(hop, b)):
            return False
        chosen.log = choose_log_action(a)
        chosen.customer_note = choose_customer_note(a)
        if chosen.log is None:
            return hop.fail(
                explain(
                    MISSING_ACTION,
                    f"In {a.name}, create an action with system use 'Log to supplier', 'Send an "
                    "email' Yes and the fields Supplier and Note (clone 'Log to supplier'), and "
                    "add it to the workflows (step 8 can create it).",
                ),
                detail=f"{a.name} has no action that logs tickets to the supplier",
            )
        chosen.ticket_type = self._choose_type()
        chosen.log = choose_log_action(a, chosen.ticket_type)
        chosen.customer_note = choose_customer_note(a, chosen.ticket_type)
        type_id = chosen.ticket_type
        chosen.supplier_type = b.ticket_type_for(type_id)
        chosen.supplier = choose_supplier_actions(b, a, chosen.supplier_type)
        if self.creates_ticket:
            await self._choose_customer_and_agent()
        if self.creates_ticket and (chosen.client is None or chosen.site_id is None):
            return hop.fail(
                explain(
                    REFUSED,
                    f"In {a.name}, create a customer with a site for the test end user.",
                ),
                detail=f"{a.name} has no customer with a site to raise the test ticket under",
            )
        self.leftovers = await lo.find_leftovers(self.session)
        log_name = self._name(a, chosen.log)
        hop.detail = (
            f"escalate with '{log_name}'; notes "
            f"'{self._name(b, chosen.supplier.note)}' and "
            f"'{self._name(a, chosen.customer_note)}'; e-mail "
            f"'{self._name(b, chosen.supplier.email)}'; resolve "
            f"'{self._name(b, chosen.supplier.close)}'"
        )
        return True

    def _authenticated(self, hop: Hop, instance: Instance) -> bool:
        """False (the hop failed) when the instance's profile says it did not authenticate."""
        if instance.profile.get(C.PROFILE_VALIDATED) is False:
            return hop.fail(
                explain(
                    CREDENTIALS,
                    f"In {instance.name}, {instance.profile_label} did not authenticate: "
                    "run the Credential swap step again, then 'Authenticate connection'.",
                ),
                detail=f"{instance.profile_label} in {instance.name} is not authenticated",
            )
        return True

    @staticmethod
    def _name(instance: Instance, action: Record | None) -> str:
        return instance.action_name(action["id"]) if action else "(none)"

    def _choose_type(self) -> int | None:
        a = self.a
        log_action, note = self.chosen.log, self.chosen.customer_note
        if not a.types:
            return None
        ordered = sorted(a.types)
        wanted = [int(x["id"]) for x in (log_action, note) if x is not None]
        for type_id in ordered:
            if all(a.allowed(type_id, action) for action in wanted):
                return type_id
        for type_id in ordered:
            if wanted and a.allowed(type_id, wanted[0]):
                return type_id
        return ordered[0]

    async def _choose_customer_and_agent(self) -> None:
        a, b, chosen = self.a, self.b, self.chosen
        all_clients, users, agents, me = await asyncio.gather(
            a.client.list_records("Client"),
            b.client.list_records("Users", {"client_id": self.customer_profile_id or 0}),
            self.session.records(Side.CUSTOMER, "Agent"),
            a.client.me(),
        )
        clients = [c for c in all_clients if not c.get("inactive") and _int(c.get("id"))]
        for client in sorted(clients, key=lambda c: int(c["id"])):
            site = _int(client.get("main_site_id"))
            if site is None:
                sites = await a.client.list_records("Site", {"client_id": int(client["id"])})
                site = next((_int(s["id"]) for s in sites if not s.get("inactive")), None)
            if site is not None:
                chosen.client, chosen.site_id = client, site
                break
        known = {
            _email(u.get(C.END_USER_EMAIL))
            for u in users
            if _int(u.get("client_id")) == self.customer_profile_id
        }
        eligible = [
            x
            for x in agents
            if _email(x.get(C.AGENT_EMAIL)) in known
            and not x.get("isdisabled")
            and not x.get("isapiagent")
        ]
        if me is not None and _email(me.get(C.AGENT_EMAIL)) in known:
            chosen.agent = me
        elif eligible:
            chosen.agent = min(eligible, key=lambda x: (str(x.get("name") or ""), int(x["id"])))

    def preview(self) -> E2EPreview:
        a, b, chosen = self.a, self.b, self.chosen
        assert chosen.log is not None and chosen.client is not None
        type_name = a.types.get(chosen.ticket_type or -1, {}).get("name", "default type")
        agent = chosen.agent.get("name") if chosen.agent else "the API application's agent"
        lines = [
            f"In {a.name}, create the end user '{self.user_name}' <{self.user_email}> under "
            f"'{chosen.client.get('name')}' (a reserved address: nobody is e-mailed).",
            f"In {a.name}, create the ticket '{self._summary()}' ({type_name}) for that user.",
            f"Escalate it with '{a.action_name(chosen.log['id'])}' to "
            f"'{a.profile.get('name')}', as agent '{agent}'.",
            f"Add '{self._name(b, chosen.supplier.note)}' in {b.name}, "
            f"'{self._name(a, chosen.customer_note)}' in {a.name}, "
            f"'{self._name(b, chosen.supplier.email)}' in {b.name} (an e-mail to the test user), "
            f"then '{self._name(b, chosen.supplier.close)}' in {b.name}.",
            "Afterwards delete both test tickets with their actions, and the test end user; no "
            "other ticket is touched.",
        ]
        unshown = [i.name for i in (a, b) if i.sync is None]
        if unshown:
            lines.insert(
                -1,
                f"{' and '.join(unshown)} {'has' if len(unshown) == 1 else 'have'} not shown "
                f"which '{SEND_TO_HALO}' number sends to the other: where an action has none "
                "set, its test note is sent with each number in turn, on the test ticket only; "
                "the one that arrives is kept in the plan.",
            )
        if self.leftovers.any:
            lines.insert(0, self.leftovers.preview())
        return E2EPreview(self.tag, a.name, b.name, tuple(lines))

    def _summary(self) -> str:
        return f"{self.tag} End-to-end check of ticket sync"

    # ---- helpers --------------------------------------------------------------------------

    async def _post_action(
        self, instance: Instance, record: dict[str, Any]
    ) -> tuple[Record | None, str, bool]:
        """(saved action or None, error text, True when the answer was lost or timed out)."""
        try:
            return await instance.client.save("Actions", record), "", False
        except HaloError as exc:
            text, lost = error_text(exc)
            return None, text, lost

    async def _actions_with(self, instance: Instance, ticket_id: int, marker: str) -> list[Record]:
        """The test ticket's actions that carry `marker`, read in full (list rows of actions are
        thin: schema Actions_List has no e-mail or sync fields), so few requests: a test ticket
        holds a handful of actions."""
        client = instance.client
        rows = await client.list_records("Actions", {"ticket_id": ticket_id})
        rows = [r for r in rows if _int(r.get("ticket_id")) in (None, ticket_id)]
        unread = [r for r in rows if "note" not in r and _int(r.get("id"))]
        if unread:
            full = await asyncio.gather(*(client.get("Actions", int(r["id"])) for r in unread))
            by_id = {_int(f.get("id")): f for f in full}
            rows = [by_id.get(_int(r.get("id")), r) for r in rows]
        found = [r for r in rows if marker in str(r.get("note") or "")]
        thin = [r for r in found if C.ACTION_SEND_EMAIL not in r and _int(r.get("id"))]
        if thin:
            full = await asyncio.gather(*(client.get("Actions", int(r["id"])) for r in thin))
            by_id = {_int(f.get("id")): f for f in full}
            found = [by_id.get(_int(r.get("id")), r) for r in found]
        return found

    async def _wait(
        self,
        probe: Callable[[], Awaitable[Any]],
        hopeless: Callable[[], Awaitable[bool]] | None = None,
        timeout: float | None = None,
        interval: float | None = None,
    ) -> Any:
        """Poll `probe` until it gives something, the arrival timeout (or `timeout`) passes, or
        (after the grace period) `hopeless` says the update cannot come any more."""
        started = time.monotonic()
        limit = self.settings.arrival_timeout if timeout is None else timeout
        while True:
            value = await probe()
            waited = time.monotonic() - started
            if value or waited >= limit:
                return value
            if hopeless is not None and waited >= self.settings.unsent_grace and await hopeless():
                return value
            await asyncio.sleep(self.settings.poll_interval if interval is None else interval)

    def _not_sent(self, instance: Instance, saved: Record) -> Callable[[], Awaitable[bool]]:
        """True once the saved action shows it never reached the other instance."""

        async def check() -> bool:
            if saved.get(C.ACTION_SENT_TO_API_URL):
                return False
            action_id = _int(saved.get("id"))
            if action_id is None:
                return True
            try:
                again = await instance.client.get("Actions", action_id)
            except HaloError:
                return True
            return not again.get(C.ACTION_SENT_TO_API_URL)

        return check

    def _marker(self, what: str) -> str:
        return f"{self.tag} {what}"

    def _error(self, hop: Hop, text: str, lost: bool, **names: str) -> bool:
        key = TIMEOUT if lost else classify_error(text)
        return hop.fail(explain(key, self._fix(key, **names)), error=text)

    def _fix(self, key: str, **n: str) -> str:
        receiver = n.get("receiver", "the receiving instance")
        profile = n.get("profile", "the profile")
        action = n.get("action", "the action")
        target = n.get("target", "the mapped action")
        if key == TIMEOUT:
            return (
                f"In {receiver}, open {profile} > Action mappings and map '{action}' to an "
                "action that sends no e-mail. To e-mail the end user, use an indirect e-mail "
                "action on the supplier side mapped to an e-mail action on the customer side."
            )
        if key == NO_ACCESS:
            return (
                f"In {receiver}, add '{target}' to the {n.get('workflow', 'ticket')} workflow, "
                f"or map '{action}' ({profile} > Action mappings) to an action that workflow "
                "allows."
            )
        if key == SUPPLIER_REF:
            return (
                f"Leave 'Supplier Ref' empty on '{action}' when sending a ticket to the "
                "supplier's instance; remove the field from the action if it is filled by habit."
            )
        if key == CREDENTIALS:
            return (
                "Copy each profile's issued Client ID and Secret into the other instance's "
                "profile again, with its API and authorisation URLs and tenant, then "
                "'Authenticate connection' on both (Credential swap step)."
            )
        return "Check the action and the mappings named above, then run the test again."

    # ---- hops -----------------------------------------------------------------------------

    async def create(self, hop: Hop) -> bool:
        a, chosen = self.a, self.chosen
        assert chosen.client is not None
        user = await a.client.save(
            "Users",
            {
                "name": self.user_name,
                C.END_USER_EMAIL: self.user_email,
                "site_id": chosen.site_id,
                "client_id": chosen.client["id"],
            },
        )
        self.user_id = _int(user.get("id"))
        self.result.records["test_user_id"] = self.user_id
        self.record_progress()
        ticket: dict[str, Any] = {
            "summary": self._summary(),
            "details": "A test ticket raised by halo_wizard's end-to-end test. It is deleted "
            "when the test ends.",
            "client_id": chosen.client["id"],
            "site_id": chosen.site_id,
            "user_id": self.user_id,
        }
        if chosen.ticket_type is not None:
            ticket["tickettype_id"] = chosen.ticket_type
            initial = _int(a.types[chosen.ticket_type].get(C.TICKET_TYPE_INITIAL_STATUS))
            if initial is not None:
                ticket["status_id"] = initial
        saved = await a.client.save("Tickets", ticket)
        self.a_ticket = _int(saved.get("id"))
        self.result.records["customer_ticket_id"] = self.a_ticket
        self.record_progress()
        hop.detail = f"ticket {self.a_ticket} for {self.user_email}"
        return self.a_ticket is not None

    async def escalate(self, hop: Hop) -> bool:
        a, chosen = self.a, self.chosen
        assert chosen.log is not None and self.a_ticket is not None
        name = a.action_name(chosen.log["id"])
        record: dict[str, Any] = {
            "ticket_id": self.a_ticket,
            "outcome_id": chosen.log["id"],
            C.ACTION_SUPPLIER_ID: self.supplier_profile_id,
            C.ACTION_FIELD_NOTE: self._marker("escalated for the end-to-end test"),
        }
        if chosen.agent is not None:
            record[C.ACTION_WHO_AGENT_ID] = chosen.agent["id"]
        saved, error, lost = await self._post_action(a, record)
        if saved is None:
            return self._error(hop, error, lost, action=name)

        async def linked() -> int | None:
            ticket = await a.client.get("Tickets", self.a_ticket or 0)
            return _int(ticket.get(C.TICKET_THIRD_PARTY_ID))

        self.b_ticket = await self._wait(linked, self._not_sent(a, saved))
        self.result.records["supplier_ticket_id"] = self.b_ticket
        if self.b_ticket is not None:
            self.record_progress()
        if self.b_ticket is None:
            return hop.fail(
                explain(
                    NOT_SYNCED,
                    f"In {a.name}, check that the supplier '{a.profile.get('name')}' has API "
                    f"access with {self.b.name}'s credentials, and that '{name}' has system use "
                    "'Log to supplier' with the Supplier field.",
                ),
                detail=f"'{name}' was saved but no ticket was logged in {self.b.name}",
            )
        hop.detail = f"logged as ticket {self.b_ticket} in {self.b.name}"
        return True

    async def find(self, hop: Hop) -> bool:
        b = self.b
        assert self.b_ticket is not None
        record = await b.client.get("Tickets", self.b_ticket)
        self.b_ticket_record = record
        if _int(record.get(C.TICKET_THIRD_PARTY_ID)) != self.a_ticket:
            return hop.fail(
                explain(NOT_SYNCED, "Check both profiles' connections, then run the test again."),
                detail=f"ticket {self.b_ticket} in {b.name} is not linked to {self.a_ticket}",
            )
        if not str(record.get("summary") or "").startswith(self.tag):
            return hop.fail(
                explain(REFUSED, "Check the summary field mapping."),
                detail="the ticket in the supplier's instance does not carry the test summary",
            )
        if _int(record.get("client_id")) != self.customer_profile_id:
            agent = self.chosen.agent
            who = f"'{agent.get('name')}'" if agent else "the agent who escalates"
            return hop.fail(
                explain(
                    WRONG_CUSTOMER,
                    f"In {b.name}, add {who} (and {self.a.name}'s other agents) as end users "
                    f"under {b.profile_label} (Agents step), so escalated tickets are matched "
                    "to it.",
                ),
                detail=f"ticket {self.b_ticket} is under "
                f"'{record.get('client_name') or 'no customer'}', not {b.profile_label}",
            )
        hop.detail = f"ticket {self.b_ticket} under {b.profile_label}"
        return True

    async def note(
        self, hop: Hop, sender: Instance, receiver: Instance, action: Record | None, what: str
    ) -> bool:
        ticket_from = self.b_ticket if sender is self.b else self.a_ticket
        ticket_to = self.a_ticket if sender is self.b else self.b_ticket
        assert ticket_from is not None and ticket_to is not None
        if action is None:
            direction = "customer" if sender is self.b else "supplier"
            extra = "must not be hidden from the user" if sender is self.b else "can be hidden"
            return hop.fail(
                explain(
                    MISSING_ACTION,
                    f"In {sender.name}, create a note action with no system use, 'Send an email' "
                    f"No and 'Send to Connected Halo Instance' = {direction.title()} (it {extra}), "
                    f"add it to the workflows and map it in {receiver.name} to an internal note "
                    "that does not send.",
                ),
                detail=f"{sender.name} has no note action that sends to the {direction}",
            )
        found = await self._send_and_check(
            hop, sender, receiver, action, what, ticket_from, ticket_to
        )
        return found is not None

    async def _send_and_check(
        self,
        hop: Hop,
        sender: Instance,
        receiver: Instance,
        action: Record,
        what: str,
        ticket_from: int,
        ticket_to: int,
    ) -> list[Record] | None:
        """Post the action, wait for it on the other ticket; None (hop failed) or the arrivals.

        Where the instance has not shown which sync number is which, a test note is sent with
        each in turn (a distinct marker each): the one that arrives is learned into the plan."""
        name = sender.action_name(action["id"])
        target_id, by_mapping = receiver.arrives_as(action["id"])
        names = {
            "receiver": receiver.name,
            "profile": receiver.profile_label,
            "action": name,
            "target": receiver.action_name(target_id) if target_id else "the mapped action",
            "workflow": f"'{receiver.workflow_name(self._type_on(receiver))}'",
        }
        numbers = sender.numbers_to_try(action)
        if len(numbers) > 1 and not await self._trial_reaches_nobody_else(sender):
            party = unknowns.party_toward(sender.side)
            hop.fail(
                explain(
                    NOT_SYNCED,
                    f"In {sender.name}, set {action_path(name, SEND_TO_HALO, party)}, then test "
                    "again.",
                ),
                detail=f"{sender.name} has not shown which '{SEND_TO_HALO}' number sends to the "
                f"{party.lower()}, '{name}' has none set, and a trial note could reach another "
                "connected instance",
            )
            return None
        found: list[Record] = []
        for attempt, number in enumerate(numbers):
            marker = self._marker(what if attempt == 0 else f"{what} (try {attempt + 1})")
            saved, error, lost = await self._post_action(
                sender,
                {
                    "ticket_id": ticket_from,
                    "outcome_id": action["id"],
                    C.ACTION_FIELD_NOTE: marker,
                    C.SYNC_TO_HALO: number,
                },
            )
            if saved is None:
                if attempt + 1 < len(numbers):
                    continue  # refused with this number: the other one may be Halo's
                self._error(hop, error, lost, **names)
                return None

            async def arrived(marker: str = marker) -> list[Record]:
                return await self._actions_with(receiver, ticket_to, marker)

            found = await self._wait(arrived, self._not_sent(sender, saved))
            if found:
                break
        if found and self.settings.settle > 0:
            await asyncio.sleep(self.settings.settle)
            found = await arrived()
        echoes = await self._actions_with(sender, ticket_from, marker)
        if len(found) > 1 or len(echoes) > 1:
            bouncing = next(
                (
                    receiver.action_name(r.get("outcome_id"))
                    for r in found
                    if sync_number(receiver.outcomes.get(_int(r.get("outcome_id")) or -1, {}))
                ),
                names["target"],
            )
            hop.fail(
                explain(
                    LOOP,
                    f"In {receiver.name}, set 'Send to Connected Halo Instance' to No on "
                    f"'{bouncing}', or map '{name}' ({receiver.profile_label} > Action "
                    "mappings) to an action that does not send.",
                ),
                detail=f"'{name}' came back: {len(found)} cop(ies) in {receiver.name}, "
                f"{len(echoes)} on the sending ticket",
            )
            return None
        if found and sender.sync is None and number in (1, 2):
            party = unknowns.party_toward(sender.side)
            if unknowns.learn_sync_values(
                self.session.plan,
                sender.side,
                number,
                party,
                "end-to-end",
                f"a test note of '{name}' sent with {C.SYNC_TO_HALO} {number} reached "
                f"{receiver.name}, {sender.name}'s {party.lower()}",
            ):
                sender.sync = unknowns.answer(self.session.plan, sender.side, C.SYNC_VALUES)
        if not found:
            assert saved is not None  # a refused post has returned above
            sent = bool(saved.get(C.ACTION_SENT_TO_API_URL))
            hop.fail(
                explain(NOT_SYNCED, self._why_not_synced(sender, receiver, action, by_mapping)),
                detail=f"'{name}' {'was sent but ' if sent else ''}did not arrive in "
                f"{receiver.name}",
            )
            return None
        arrived_as = receiver.action_name(found[0].get("outcome_id"))
        hop.detail = f"'{name}' arrived in {receiver.name} as '{arrived_as}'"
        if not sync_number(action):
            party = unknowns.party_toward(sender.side)
            hop.in_halo = not_by_default(sender.name, name, party)
        return found

    async def _trial_reaches_nobody_else(self, sender: Instance) -> bool:
        """Whether a test note sent with the wrong number goes nowhere: the test ticket's other
        party (the customer's ticket's own customer; the supplier's ticket's supplier) has no
        connection to another instance."""
        if sender is self.a:
            client = self.chosen.client
            if client is None:
                return False
            # List rows of customers carry no API access: read the record in full.
            record = await self.session.record(sender.side, "Client", int(client["id"]))
            return record is not None and not record.get(C.PROFILE_ALLOW_API_ACCESS)
        return _blank_id(self.b_ticket_record.get(C.TICKET_SUPPLIER_ID))

    def _type_on(self, instance: Instance) -> int | None:
        if instance is self.a:
            return self.chosen.ticket_type
        return _int(self.b_ticket_record.get("tickettype_id")) or self.chosen.supplier_type

    def _why_not_synced(
        self, sender: Instance, receiver: Instance, action: Record, by_mapping: bool
    ) -> str:
        name = sender.action_name(action["id"])
        if sender is self.b:
            client_id = _int(self.b_ticket_record.get("client_id"))
            if client_id != self.customer_profile_id:
                return (
                    f"In {sender.name}, the ticket is not under {sender.profile_label}: add "
                    f"{receiver.name}'s agents as end users under it (Agents step) and escalate "
                    "again."
                )
            if is_hidden(action):
                return (
                    f"In {sender.name}, set 'Hide from user' to No on '{name}': actions on the "
                    "supplier side sync only when the end user can see them."
                )
        if not by_mapping and receiver.mappings.default_action is None:
            return (
                f"In {receiver.name}, open {receiver.profile_label} > Action mappings and map "
                f"'{name}' to an action there, or set a default action (a generic internal "
                "note hidden from the user)."
            )
        return (
            f"Check that '{name}' in {sender.name} has 'Send to Connected Halo Instance' set, "
            f"and the action mappings of {receiver.profile_label} in {receiver.name}."
        )

    async def indirect_email(self, hop: Hop) -> bool:
        a, b = self.a, self.b
        action = self.chosen.supplier.email
        assert self.a_ticket is not None and self.b_ticket is not None
        if action is None:
            return hop.fail(
                explain(
                    MISSING_ACTION,
                    f"In {b.name}, create 'Indirect email to end user': no system use, 'Send an "
                    "email' No, 'Send to Connected Halo Instance' = Customer, with the Note "
                    f"field; in {a.name}, map it ({a.profile_label} > Action mappings) to an "
                    "action that e-mails the end user.",
                ),
                detail=f"no action in {b.name} arrives in {a.name} as an e-mail action",
            )
        found = await self._send_and_check(
            hop, b, a, action, "message for the end user", self.b_ticket, self.a_ticket
        )
        if found is None:
            return False
        return self._emailed(hop, found[0], f"'{b.action_name(action['id'])}'")

    def _emailed(self, hop: Hop, arrived: Record, sent_as: str) -> bool:
        """Whether the indirect e-mail, arrived on the customer's ticket as `arrived`, e-mailed
        the test end user (`sent_as` names the supplier's action)."""
        a = self.a
        target = a.outcomes.get(_int(arrived.get("outcome_id")) or -1, {})
        target_name = a.action_name(arrived.get("outcome_id"))
        emailed_to = str(arrived.get(C.ACTION_EMAIL_TO) or "")
        if not sends_email(target):
            return hop.fail(
                explain(
                    NOT_EMAILED,
                    f"In {a.name}, map {sent_as} ({a.profile_label} > "
                    "Action mappings) to an action that sends an e-mail to the end user.",
                ),
                detail=f"it arrived as '{target_name}', which sends no e-mail",
            )
        if not arrived.get(C.ACTION_SEND_EMAIL) or (
            emailed_to and self.user_email not in emailed_to.casefold()
        ):
            return hop.fail(
                explain(
                    NOT_EMAILED,
                    f"In {a.name}, tick "
                    + action_path(target_name, API_EMAIL_SETTING, "ticked")
                    + " (the API does not show this setting).",
                ),
                detail=f"'{target_name}' was added in {a.name} but sent no e-mail",
            )
        hop.detail = f"{a.name} e-mailed {self.user_email} with '{target_name}'"
        setting = (
            f"in {a.name}, {action_path(target_name, API_EMAIL_SETTING, 'ticked')} (the API "
            "does not show it)"
        )
        hop.in_halo = f"{hop.in_halo}; {setting}" if hop.in_halo else setting
        return True

    async def resolve(self, hop: Hop) -> bool:
        a, b = self.a, self.b
        action = self.chosen.supplier.close
        assert self.b_ticket is not None
        if action is None:
            return hop.fail(
                explain(
                    MISSING_ACTION,
                    f"In {b.name}, create 'Resolve third party ticket': no system use, status "
                    "after action Closed or Resolved, 'Send an email' No, 'Send to Connected "
                    f"Halo Instance' = Customer; map it in {a.name} to the closing action.",
                ),
                detail=f"{b.name} has no closing action that sends to the customer",
            )
        name = b.action_name(action["id"])
        target_id, _ = a.arrives_as(action["id"])
        numbers = b.numbers_to_try(action)
        if len(numbers) > 1:
            # Trying both would close the ticket with the first: the notes must show it first.
            return hop.fail(
                explain(NOT_SYNCED, "Fix the note hop from " + b.name + ", then test again."),
                detail=f"{b.name} has not shown which '{SEND_TO_HALO}' number sends to the "
                f"customer, and '{name}' has none set: in {b.name} set "
                + action_path(name, SEND_TO_HALO, unknowns.CUSTOMER_PARTY),
            )
        saved, error, lost = await self._post_action(
            b,
            {
                "ticket_id": self.b_ticket,
                "outcome_id": action["id"],
                C.ACTION_FIELD_NOTE: self._marker("resolved"),
                C.SYNC_TO_HALO: numbers[0],
            },
        )
        if saved is None:
            return self._error(
                hop,
                error,
                lost,
                receiver=a.name,
                profile=a.profile_label,
                action=name,
                target=a.action_name(target_id) if target_id else "the mapped action",
                workflow=f"'{a.workflow_name(self.chosen.ticket_type)}'",
            )
        self.resolve_saved = saved
        ticket = await b.client.get("Tickets", self.b_ticket)
        if not b.closed(ticket.get("status_id")):
            return hop.fail(
                explain(NOT_CLOSED, f"In {b.name}, set '{name}''s status after action to Closed."),
                detail=f"'{name}' did not close the ticket in {b.name}",
            )
        hop.detail = f"'{name}' closed ticket {self.b_ticket} in {b.name}"
        if not sync_number(action):
            hop.in_halo = not_by_default(b.name, name, unknowns.CUSTOMER_PARTY)
        return True

    async def closed_on_customer(self, hop: Hop) -> bool:
        a, b = self.a, self.b
        assert self.a_ticket is not None
        action = self.chosen.supplier.close

        async def closed() -> Record | None:
            ticket = await a.client.get("Tickets", self.a_ticket or 0)
            return ticket if a.closed(ticket.get("status_id")) else None

        not_sent = self._not_sent(b, self.resolve_saved)

        async def hopeless() -> bool:
            # It arrived without closing the ticket, or it was never sent: nothing will change.
            marker = self._marker("resolved")
            return bool(await self._actions_with(a, self.a_ticket or 0, marker)) or (
                await not_sent()
            )

        if await self._wait(closed, hopeless) is not None:
            hop.detail = f"ticket {self.a_ticket} is closed in {a.name}"
            return True
        name = b.action_name(action["id"]) if action else "the resolve action"
        return hop.fail(
            explain(
                NOT_CLOSED,
                f"In {a.name}, open {a.profile_label} > Action mappings and map '{name}' to a "
                f"closing action (status after action Closed) that the "
                f"'{a.workflow_name(self.chosen.ticket_type)}' workflow allows.",
            ),
            detail=f"ticket {self.a_ticket} in {a.name} is still open",
        )

    # ---- what the plan keeps, and cleanup -------------------------------------------------

    def record_progress(self) -> None:
        """Keep the run, as far as it got, in the plan (and the plan file, with `keep`): a run
        killed before its clean-up leaves its records named there for the next one to find."""
        plan = self.session.plan
        plan.e2e = stamp(plan, self.result.to_dict())
        if self.keep is not None:
            self.keep()

    def closed_status(self, side: Side) -> int | None:
        """The status a test ticket is closed with when Halo refuses to delete it."""
        instance = self.a if side is Side.CUSTOMER else self.b
        return next(
            (sid for sid, _ in sorted(instance.statuses.items()) if instance.closed(sid)), None
        )

    async def remove_leftovers(self) -> None:
        """Remove what earlier tests left behind (shown in the preview), before creating."""
        if self.leftovers.any:
            self.result.cleanup.extend(
                await lo.remove_leftovers(self.session, self.leftovers, self.closed_status)
            )

    async def cleanup(self) -> None:
        steps = self.result.cleanup
        # Both instances at once; the user goes last (Halo may refuse it while it has tickets).
        for part in await asyncio.gather(
            self._remove_tickets(self.a, self.a_ticket), self._remove_tickets(self.b, self.b_ticket)
        ):
            steps.extend(part)
        if self.user_id is not None:
            steps.append(
                await lo.remove_user(self.a.client, self.a.name, self.user_id, self.user_name)
            )

    async def _remove_tickets(self, instance: Instance, known: int | None) -> list[CleanupStep]:
        """The test's tickets in one instance: the one it knows and any other carrying its tag."""
        steps: list[CleanupStep] = []
        ids: set[int] = {known} if known else set()
        try:
            tagged = await instance.client.list_records("Tickets", {C.LIST_SEARCH: self.tag})
            ids |= {
                int(t["id"])
                for t in tagged
                if lo.ticket_tag(t.get(C.TICKET_SUMMARY), self.tag) == self.tag
                and _int(t.get("id"))
            }
        except HaloError as exc:
            steps.append(CleanupStep(f"{instance.name}: could not search: {exc.message}", False))
        closed = self.closed_status(instance.side)
        for ticket_id in sorted(ids):
            steps.append(await lo.remove_ticket(instance.client, instance.name, ticket_id, closed))
        return steps


HOP_NAMES = (
    "Check the set-up",
    "Create the test ticket in {a}",
    "Escalate to {b} (log to supplier)",
    "Find the ticket in {b}",
    "Note {b} → {a}",
    "Note {a} → {b}",
    "Indirect e-mail to the end user",
    "Resolve in {b}",
    "Closed in {a}",
)


StepRunner = Callable[[int, Callable[[Hop], Awaitable[Any]]], Awaitable[bool]]
"""Runs hop `index` with a body that returns whether it passed (the driver times it)."""
Hops = Callable[[StepRunner], Awaitable[None]]
"""The hops after the set-up check, run in order."""


async def drive(
    run: _Run, *, progress: Progress, confirm_start: ConfirmStart, hops: Hops
) -> E2EResult:
    """The run's frame: the set-up check, the preview and its answer, the leftovers, the hops,
    and (whatever happens after the start) the clean-up and the result kept in the plan.

    Nothing is written before `confirm_start` approves the preview (which names what an earlier
    test left behind, removed first); whatever was created is deleted (or closed) afterwards,
    whatever happened."""
    session = run.session
    result = run.result
    started = time.perf_counter()
    a, b = run.a.name, run.b.name
    names = [n.format(a=a, b=b) for n in HOP_NAMES]
    result.hops = [Hop(name) for name in names]
    total = len(result.hops) + 1

    async def step(
        index: int, body: Callable[[Hop], Awaitable[bool | list[Record] | None]]
    ) -> bool:
        hop = result.hops[index]
        progress(index, total, hop.name)
        began = time.perf_counter()
        try:
            ok = bool(await body(hop))
        except HaloError as exc:
            ok = hop.fail(
                explain(REFUSED, exc.fix or "Fix the cause and run the test again."), exc.message
            )
        hop.ms = (time.perf_counter() - began) * 1000
        if ok:
            hop.status = HopStatus.PASSED
        elif hop.status not in (HopStatus.FAILED, HopStatus.NOT_SEEN):
            hop.status = HopStatus.FAILED
        log.info("e2e %s: %s (%.0f ms) %s", hop.name, hop.status.value, hop.ms, hop.error)
        return ok

    try:
        if await step(0, run.check):
            answer = confirm_start(run.preview())
            if inspect.isawaitable(answer):
                answer = await answer
            if answer:
                result.started = True
                await run.remove_leftovers()
                run.record_progress()  # the tag, before anything carries it
                await hops(step)
            else:
                for hop in result.hops[1:]:
                    hop.detail = "not started: the preview was not confirmed"
    finally:
        if result.started:
            progress(total - 1, total, "Removing the test records")
            await run.cleanup()
        result.finished_at = utc_now_iso()
        result.total_ms = (time.perf_counter() - started) * 1000
        _record(session, result)
        progress(total, total, "Done")
    return result


async def both_sides(run: _Run, step: StepRunner) -> None:
    """The worked example's hops when this admin holds both instances."""
    a, b, chosen = run.a, run.b, run.chosen
    if not await step(1, run.create):
        _skipped(run, 2, "needs the test ticket")
        return
    if not await step(2, run.escalate):
        _skipped(run, 3, "needs the escalated ticket")
        return
    await step(3, run.find)
    await step(4, lambda hop: run.note(hop, b, a, chosen.supplier.note, "note from the supplier"))
    await step(5, lambda hop: run.note(hop, a, b, chosen.customer_note, "note from the customer"))
    await step(6, run.indirect_email)
    if await step(7, run.resolve):
        await step(8, run.closed_on_customer)
    else:
        run.result.hops[8].detail = "needs the resolve hop"


def _skipped(run: _Run, first: int, why: str) -> None:
    for hop in run.result.hops[first:]:
        hop.detail = why


def _record(session: Session, result: E2EResult) -> None:
    plan = session.plan
    if not result.started:
        # A run that was never started (preview declined, set-up check failed) must not
        # replace the result of a test that really ran: the report shows that one.
        if not (plan.e2e and plan.e2e.get("started")):
            plan.e2e = stamp(plan, result.to_dict())
        return
    plan.e2e = stamp(plan, result.to_dict())  # with the configuration it ran on
    failed = result.failed_hops
    if result.passed and result.side is not None:
        # This side's half: done here, and never a claim that the partner's hops passed.
        note = (
            f"your side passed ({len(result.proven_here)} hops proven here); "
            f"{result.partner}'s own test proves the other {len(result.needs_partner)}"
        )
        plan.mark_step(StepId.END_TO_END, StepStatus.DONE, note)
    elif result.passed:
        plan.mark_step(StepId.END_TO_END, StepStatus.DONE, f"passed in {result.total_ms:.0f} ms")
    else:
        note = f"{len(failed)} hop(s) failed" if failed else "cleanup incomplete"
        if not failed and result.cleanup_ok and result.side is not None:
            note = (
                f"{len(result.waited_in_vain)} hop(s) not seen: {result.partner}'s run did not "
                "do its part in time"
            )
        plan.mark_step(StepId.END_TO_END, StepStatus.ATTENTION, note)
