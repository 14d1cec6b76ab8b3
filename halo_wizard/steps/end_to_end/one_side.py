"""The end-to-end test run from one side of a connection two organisations set up (issue 15).

Each admin holds their own instance only, so each run writes to its own instance only and proves
what its own instance shows: the customer's run raises the test ticket, escalates it, adds the
customer's note, and sees the supplier's note, the e-mail and the closing arrive; the supplier's
run takes the ticket the customer's test escalated, adds the supplier's note, the e-mail action
and the resolve, and sees the customer's note arrive. A hop whose proof lies on the partner's
instance is "not seen" here (their own run shows it); a hop that needed the partner's run to do
its part, and waited for it in vain, says so. Both admins start their run at about the same time;
each waits for the other's steps. What a run cleans up is on its own instance only: the ticket
the partner's test escalated to the supplier is the supplier's run's to remove (its preview says
so before anything is done).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from halo_wizard.api import constants as C
from halo_wizard.api.client import Record
from halo_wizard.plan.model import Side
from halo_wizard.steps import leftovers as lo
from halo_wizard.steps import unknowns
from halo_wizard.steps.configuration import as_int as _int
from halo_wizard.steps.end_to_end.instance import Instance, choose_supplier_actions
from halo_wizard.steps.end_to_end.result import (
    E2EPreview,
    E2ESettings,
    Hop,
    on_partners_instance,
)
from halo_wizard.steps.end_to_end.run import HOP_NAMES, StepRunner, _Run
from halo_wizard.steps.end_to_end.troubleshooting import (
    LOOP,
    MISSING_ACTION,
    NOT_CLOSED,
    NOT_SYNCED,
    action_path,
    explain,
    not_by_default,
)
from halo_wizard.steps.learning import SEND_TO_HALO
from halo_wizard.steps.read_model import sync_number
from halo_wizard.steps.session import Progress, Session
from halo_wizard.steps.two_party import escalating_agents

SUPPLIER_NOTE = "note from the supplier"
CUSTOMER_NOTE = "note from the customer"
EMAIL_NOTE = "message for the end user"
RESOLVED = "resolved"
"""The words after the tag that mark each step's action: both sides' runs write and look for
the same ones (the both-sides run writes them too)."""


class OneSideRun(_Run):
    """A run on the instance this admin manages; the partner's is read from their catalogue."""

    def __init__(
        self,
        session: Session,
        progress: Progress,
        settings: E2ESettings,
        short_id: str,
        keep: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(session, progress, settings, short_id, keep)
        assert session.partner is not None
        self.own_side = session.partner.other
        self.mine = self.a if self.own_side is Side.CUSTOMER else self.b
        self.theirs = self.b if self.own_side is Side.CUSTOMER else self.a
        self.creates_ticket = self.own_side is Side.CUSTOMER
        self.result.side = self.own_side
        self.result.partner = self.theirs.name
        self._found: list[Record] = []
        """The partner's action as it arrived here (the e-mail hop reads it)."""
        self.known_tickets: set[int] = set()
        """The supplier's run: the test tickets already in its instance when it looked first
        (earlier tests' leftovers, removed before it starts), never taken as the partner's."""

    # ---- reading --------------------------------------------------------------------------

    async def check(self, hop: Hop) -> bool:
        """Read this side's instance now and the partner's catalogue; choose this side's
        actions, and the partner's the way their run chooses them (the same rules)."""
        if not await super().check(hop):
            return False
        a, b, chosen = self.a, self.b, self.chosen
        if self.own_side is Side.CUSTOMER:
            hop.detail = (
                f"escalate with '{self._name(a, chosen.log)}'; note "
                f"'{self._name(a, chosen.customer_note)}'; {b.name}'s run adds the rest"
            )
            return True
        # The customer's mappings are as their catalogue showed them (maybe before they
        # mapped): an action they do not map yet is the e-mail when its name says so.
        chosen.supplier = choose_supplier_actions(b, a, chosen.supplier_type, by_name=True)
        await self._set_aside_earlier_tickets()
        hop.detail = (
            f"note '{self._name(b, chosen.supplier.note)}'; e-mail "
            f"'{self._name(b, chosen.supplier.email)}'; resolve "
            f"'{self._name(b, chosen.supplier.close)}'; {a.name}'s run raises the ticket"
        )
        return True

    async def _choose_customer_and_agent(self) -> None:
        await super()._choose_customer_and_agent()
        if self.chosen.agent is None:
            # The supplier's catalogue may predate the end users their set-up made for this
            # side's agents (the supplier invited): escalate as an agent this side sends them.
            agents = await self.session.records(Side.CUSTOMER, "Agent")
            sent = escalating_agents(self.session.plan, agents)
            if sent:
                self.chosen.agent = min(
                    sent, key=lambda x: (str(x.get("name") or ""), int(x["id"]))
                )

    def _authenticated(self, hop: Hop, instance: Instance) -> bool:
        # The partner's profile is as their catalogue showed it, before this side authenticated.
        return instance is not self.mine or super()._authenticated(hop, instance)

    async def _set_aside_earlier_tickets(self) -> None:
        """Of the test tickets already here, the newest open one the partner's test escalated
        is this run's (their run started first); the others are leftovers, removed first."""
        tickets = await self._escalated_tickets()
        newest = max(tickets, default=None)
        if newest is not None:
            self._take(tickets[newest])
        self.leftovers.found = [
            x
            for x in self.leftovers.found
            if not (x.kind == lo.TICKET and x.side is Side.SUPPLIER and x.record_id == newest)
        ]
        self.known_tickets = {
            x.record_id for x in self.leftovers.found if x.kind == lo.TICKET
        } | set(tickets)

    async def _escalated_tickets(self) -> dict[int, Record]:
        """The open test tickets in the supplier's instance that a customer's test escalated
        (read in full: list rows leave the link out), by id; never one this plan's own earlier
        run recorded."""
        b = self.b
        rows = await b.client.list_records("Tickets", {C.LIST_SEARCH: lo.TAG_PREFIX})
        recorded = lo.RecordedTest.from_plan(self.session.plan)
        ids = [
            int(r["id"])
            for r in rows
            if _int(r.get("id"))
            and lo.ticket_tag(r.get(C.TICKET_SUMMARY)) is not None
            and int(r["id"]) not in recorded.of(Side.SUPPLIER, lo.TICKET)
            and int(r["id"]) not in self.known_tickets
        ]
        full = await asyncio.gather(*(b.client.get("Tickets", i) for i in ids))
        return {
            int(t["id"]): t
            for t in full
            if _int(t.get(C.TICKET_THIRD_PARTY_ID))
            and not b.closed(t.get("status_id"))
            and t.get(C.TICKET_DELETED) is not True
        }

    def _take(self, ticket: Record) -> None:
        """The partner's test ticket becomes this run's: its tag marks what this run adds."""
        tag = lo.ticket_tag(ticket.get(C.TICKET_SUMMARY))
        assert tag is not None
        self.tag = self.result.tag = tag
        self.b_ticket = int(ticket["id"])
        self.a_ticket = _int(ticket.get(C.TICKET_THIRD_PARTY_ID))
        self.b_ticket_record = ticket

    # ---- the preview ----------------------------------------------------------------------

    def preview(self) -> E2EPreview:
        a, b, chosen = self.a, self.b, self.chosen
        wait = f"{self.settings.partner_wait:.0f} s"
        if self.own_side is Side.CUSTOMER:
            lines = list(super().preview().lines)
            lines[-2:] = [
                f"Add '{self._name(a, chosen.customer_note)}' in {a.name} when "
                f"{b.name}'s note has arrived; then look for the e-mail and the closing that "
                f"{b.name}'s run sends (waiting up to {wait} at each of their steps).",
                f"Afterwards delete the test ticket and the test end user in {a.name}; the "
                f"ticket logged in {b.name} is your partner's, and their run removes it. No "
                "other ticket is touched.",
            ]
            lines.insert(0, self._together())
        else:
            if self.b_ticket is not None:
                ticket = (
                    f"Take ticket {self.b_ticket} '{self.b_ticket_record.get('summary')}', which "
                    f"{a.name}'s test escalated to {b.name}, as this test's ticket."
                )
            else:
                ticket = (
                    f"Wait up to {wait} for the test ticket {a.name}'s test escalates to "
                    f"{b.name} (its summary starts with '{lo.TAG_PREFIX}'), and take it as this "
                    "test's ticket."
                )
            lines = [
                self._together(),
                ticket,
                f"On it, add '{self._name(b, chosen.supplier.note)}', then (once {a.name}'s "
                f"note has arrived) '{self._name(b, chosen.supplier.email)}' (an e-mail to "
                f"{a.name}'s test user, a reserved address), then "
                f"'{self._name(b, chosen.supplier.close)}'.",
                f"Afterwards delete that ticket in {b.name} with its actions (the test made "
                f"it); {a.name}'s run removes their own. No other ticket is touched.",
            ]
            if self.leftovers.any:
                lines.insert(0, self.leftovers.preview())
        return E2EPreview(
            self.tag, a.name, b.name, tuple(lines), side=self.own_side, partner=self.theirs.name
        )

    def _together(self) -> str:
        return (
            f"Ask {self.theirs.name}'s admin to start the test on their side too: each run "
            f"writes to its own instance only, and proves what its instance shows."
        )

    # ---- hops -----------------------------------------------------------------------------

    async def hops(self, step: StepRunner) -> None:
        if self.own_side is Side.CUSTOMER:
            await self._customer_hops(step)
        else:
            await self._supplier_hops(step)

    async def _customer_hops(self, step: StepRunner) -> None:
        a, b, chosen = self.a, self.b, self.chosen
        if not await step(1, self.create):
            self._skip(2, "needs the test ticket")
            return
        if not await step(2, self.escalate):
            self._skip(3, "needs the escalated ticket")
            return
        await step(3, self._theirs)
        await step(4, lambda hop: self._arrives(hop, b, a, SUPPLIER_NOTE))
        await step(5, lambda hop: self._sent(hop, a, b, chosen.customer_note, CUSTOMER_NOTE))
        await step(6, self._email_arrives)
        await step(7, self._theirs)
        await step(8, self._closed_here)

    async def _supplier_hops(self, step: StepRunner) -> None:
        a, b, chosen = self.a, self.b, self.chosen
        await step(1, self._theirs)
        if not await step(2, self._ticket_arrives):
            self._skip(3, "needs the escalated ticket")
            return
        await step(3, self.find)
        await step(4, lambda hop: self._sent(hop, b, a, chosen.supplier.note, SUPPLIER_NOTE))
        await step(5, lambda hop: self._arrives(hop, a, b, CUSTOMER_NOTE))
        await step(6, lambda hop: self._sent(hop, b, a, chosen.supplier.email, EMAIL_NOTE))
        await step(7, self.resolve)
        await step(8, self._theirs)

    def _skip(self, first: int, why: str) -> None:
        for hop in self.result.hops[first:]:
            hop.detail = why

    async def _theirs(self, hop: Hop) -> bool:
        """A hop whose proof is on the partner's instance: their run shows it."""
        hop.partner = self.theirs.name
        return hop.not_seen(on_partners_instance(self.theirs.name))

    def _waited(self, hop: Hop, what: str) -> bool:
        wait = self.settings.partner_wait
        return hop.not_seen(
            f"{what} did not arrive within {wait:.0f} s: start the test on {self.theirs.name}'s "
            "side as well (their run adds it), or look there for its failure",
            waited=wait,
        )

    async def _ticket_arrives(self, hop: Hop) -> bool:
        """The supplier's run: the ticket the customer's test escalated, arrived here."""
        a, b = self.a, self.b
        if self.b_ticket is None:

            async def arrived() -> dict[int, Record]:
                return await self._escalated_tickets()

            found = await self._wait(
                arrived, timeout=self.settings.partner_wait, interval=self.settings.partner_poll
            )
            if not found:
                return self._waited(hop, f"No test ticket from {a.name}")
            self._take(found[max(found)])
        self.result.records["supplier_ticket_id"] = self.b_ticket
        self.record_progress()
        hop.detail = (
            f"ticket {self.a_ticket} of {a.name} arrived in {b.name} as ticket {self.b_ticket}"
        )
        return True

    async def _arrives(self, hop: Hop, sender: Instance, receiver: Instance, what: str) -> bool:
        """The partner's run's action, arrived on this side's test ticket."""
        ticket = self.a_ticket if receiver is self.a else self.b_ticket
        assert ticket is not None
        marker = self._marker(what)

        async def arrived() -> list[Record]:
            return await self._actions_with(receiver, ticket, marker)

        found = await self._wait(
            arrived, timeout=self.settings.partner_wait, interval=self.settings.partner_poll
        )
        if not found:
            return self._waited(hop, f"{sender.name}'s {what}")
        if self.settings.settle > 0:
            await asyncio.sleep(self.settings.settle)
            found = await arrived()
        arrived_as = receiver.action_name(found[0].get("outcome_id"))
        if len(found) > 1:
            return hop.fail(
                explain(
                    LOOP,
                    f"In {receiver.name}, set 'Send to Connected Halo Instance' to No on "
                    f"'{arrived_as}', or map {sender.name}'s action ({receiver.profile_label} > "
                    "Action mappings) to an action that does not send.",
                ),
                detail=f"{sender.name}'s {what} arrived {len(found)} times in {receiver.name}",
            )
        hop.detail = f"{sender.name}'s {what} arrived in {receiver.name} as '{arrived_as}'"
        self._found = found
        return True

    async def _email_arrives(self, hop: Hop) -> bool:
        """The customer's run: the supplier's indirect e-mail arrived and e-mailed the user."""
        if not await self._arrives(hop, self.b, self.a, EMAIL_NOTE):
            return False
        return self._emailed(hop, self._found[0], f"{self.b.name}'s indirect e-mail action")

    async def _sent(
        self,
        hop: Hop,
        sender: Instance,
        receiver: Instance,
        action: Record | None,
        what: str,
    ) -> bool:
        """This side's action, added on its test ticket and taken by the partner's instance
        (it records their URL); how it arrived there is their run's to show."""
        ticket = self.a_ticket if sender is self.a else self.b_ticket
        assert ticket is not None
        if action is None:
            toward = "customer" if sender is self.b else "supplier"
            return hop.fail(
                explain(
                    MISSING_ACTION,
                    f"In {sender.name}, create an action with 'Send to Connected Halo Instance' "
                    f"= {toward.title()}, 'Send an email' No, and add it to the workflows.",
                ),
                detail=f"{sender.name} has no action for the {what}",
            )
        name = sender.action_name(action["id"])
        numbers = sender.numbers_to_try(action)
        if len(numbers) > 1:
            # Which number is which shows only where the action arrives: the partner's side.
            party = unknowns.party_toward(sender.side)
            return hop.fail(
                explain(
                    NOT_SYNCED,
                    f"In {sender.name}, set {action_path(name, SEND_TO_HALO, party)}, then test "
                    "again.",
                ),
                detail=f"'{name}' has no '{SEND_TO_HALO}' set, and {sender.name} has not shown "
                f"which number sends to the {party.lower()}",
            )
        saved, error, lost = await self._post_action(
            sender,
            {
                "ticket_id": ticket,
                "outcome_id": action["id"],
                C.ACTION_FIELD_NOTE: self._marker(what),
                C.SYNC_TO_HALO: numbers[0],
            },
        )
        if saved is None:
            return self._error(
                hop,
                error,
                lost,
                receiver=receiver.name,
                profile=receiver.profile_label,
                action=name,
            )
        action_id = _int(saved.get("id"))

        async def taken() -> bool:
            if saved.get(C.ACTION_SENT_TO_API_URL):
                return True
            if action_id is None:
                return False
            again = await sender.client.get("Actions", action_id)
            return bool(again.get(C.ACTION_SENT_TO_API_URL))

        if not await self._wait(taken):
            return hop.fail(
                explain(NOT_SYNCED, self._why_not_synced(sender, receiver, action, True)),
                detail=f"'{name}' was added in {sender.name}, and {receiver.name} did not take "
                f"it within {self.settings.arrival_timeout:.0f} s",
            )
        if not sync_number(action):
            hop.in_halo = not_by_default(sender.name, name, unknowns.party_toward(sender.side))
        hop.partner = self.theirs.name
        return hop.not_seen(
            f"'{name}' sent, and {receiver.name} took it; how it arrived is "
            + on_partners_instance(self.theirs.name)
        )

    async def _closed_here(self, hop: Hop) -> bool:
        """The customer's run: the supplier's resolve closed the ticket here."""
        a = self.a
        assert self.a_ticket is not None

        async def closed() -> Record | None:
            ticket = await a.client.get("Tickets", self.a_ticket or 0)
            return ticket if a.closed(ticket.get("status_id")) else None

        async def hopeless() -> bool:
            # The resolve arrived without closing the ticket: nothing will change any more.
            return bool(await self._actions_with(a, self.a_ticket or 0, self._marker(RESOLVED)))

        if (
            await self._wait(
                closed,
                hopeless,
                timeout=self.settings.partner_wait,
                interval=self.settings.partner_poll,
            )
            is not None
        ):
            hop.detail = f"ticket {self.a_ticket} is closed in {a.name}"
            return True
        if not await hopeless():
            return self._waited(hop, f"{self.b.name}'s resolve")
        return hop.fail(
            explain(
                NOT_CLOSED,
                f"In {a.name}, open {a.profile_label} > Action mappings and map "
                f"{self.b.name}'s resolve action to a closing action (status after action "
                f"Closed) that the '{a.workflow_name(self.chosen.ticket_type)}' workflow allows.",
            ),
            detail=f"{self.b.name}'s resolve arrived, and ticket {self.a_ticket} in {a.name} is "
            "still open",
        )

    # ---- clean-up -------------------------------------------------------------------------

    async def cleanup(self) -> None:
        """This side's test records only: the partner's run removes theirs."""
        steps = self.result.cleanup
        if self.own_side is Side.SUPPLIER:
            steps.extend(await self._remove_tickets(self.b, self.b_ticket))
            return
        steps.extend(await self._remove_tickets(self.a, self.a_ticket))
        if self.user_id is not None:
            steps.append(
                await lo.remove_user(self.a.client, self.a.name, self.user_id, self.user_name)
            )


__all__ = ["HOP_NAMES", "OneSideRun"]
