"""The end-to-end test's result: each hop with its timing and explanation, the cleanup, the preview
shown before anything is written, and the result in lines for a terminal. A run from one side (two
organisations, two admins) marks each hop whose proof lies on the partner's instance as not seen
from here, never as passed or failed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from halo_wizard.plan.model import Side, utc_now_iso

# The removal of one test record is the leftovers module's; results hold it under this name.
from halo_wizard.steps.leftovers import CleanupStep as CleanupStep

RESULT_FORMAT = "halo-wizard-e2e/1"


class HopStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    NOT_SEEN = "not seen"
    """A run from one side: the hop's proof is on the partner's instance (their own test shows
    it), or the partner's run did not do its part while this one waited."""


def on_partners_instance(partner: str) -> str:
    """The words a hop this side cannot see carries."""
    return f"shown on {partner}'s instance, by their own run"


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a hop failed, in Halo's own terms, and what to change in this configuration."""

    key: str
    row: str
    """The error as Halo's guide names it (its troubleshooting table, or the guide's section)."""
    meaning: str
    fix: str
    rule: str = ""
    source: str = "Troubleshooting"

    def to_dict(self) -> dict[str, str]:
        return {
            "key": self.key,
            "row": self.row,
            "meaning": self.meaning,
            "fix": self.fix,
            "rule": self.rule,
            "source": self.source,
        }


@dataclass(slots=True)
class Hop:
    """One hop of the worked example."""

    name: str
    status: HopStatus = HopStatus.SKIPPED
    ms: float = 0.0
    detail: str = ""
    error: str = ""
    explanation: Explanation | None = None
    in_halo: str = ""
    """How a setting this hop depends on is made in Halo's own screen (seed 001's names), where
    the API does not show it or the action does not hold it yet."""
    partner: str = ""
    """A run from one side: the partner whose instance holds this hop's proof (their own test
    shows it); empty for a hop this side proves."""
    waited: float = 0.0
    """Seconds this run waited in vain for the partner's run to do its part of the hop."""

    def not_seen(self, detail: str, waited: float = 0.0) -> bool:
        """This side cannot see the hop (or waited for it in vain): never passed, never failed."""
        self.status = HopStatus.NOT_SEEN
        self.detail = detail
        self.waited = waited
        return False

    def fail(self, explanation: Explanation, error: str = "", detail: str = "") -> bool:
        self.status = HopStatus.FAILED
        self.explanation = explanation
        self.error = error
        if detail:
            self.detail = detail
        return False

    def to_dict(self) -> dict[str, Any]:
        """`ok` and a readable `explanation` for readers such as the report; the guide's row in
        full under `troubleshooting`."""
        why = self.explanation
        data: dict[str, Any] = {
            "name": self.name,
            "status": self.status.value,
            "ok": self.status is HopStatus.PASSED,
            "ms": round(self.ms, 1),
            "detail": self.detail,
            "error": self.error,
            "explanation": f"{why.row}. Fix: {why.fix}" if why else None,
            "troubleshooting": why.to_dict() if why else None,
            "in_halo": self.in_halo,
        }
        if self.status is HopStatus.NOT_SEEN:
            # Who can prove it: the partner's test (partner), or nobody yet (waited here).
            data["seen_here"] = False
            data["partner"] = self.partner
            data["waited_s"] = round(self.waited, 1)
        return data


@dataclass(slots=True)
class E2EResult:
    """The whole run: what was tested, each hop, and what was cleaned up."""

    tag: str
    customer: str
    supplier: str
    started_at: str = field(default_factory=utc_now_iso)
    finished_at: str = ""
    started: bool = False
    """False when the run stopped before writing anything (set-up missing, or not confirmed)."""
    hops: list[Hop] = field(default_factory=list)
    cleanup: list[CleanupStep] = field(default_factory=list)
    records: dict[str, int | None] = field(default_factory=dict)
    total_ms: float = 0.0
    side: Side | None = None
    """A run from one side: the side this admin manages (None: one admin ran both)."""
    partner: str = ""
    """A run from one side: the partner's instance, whose own test proves the other hops."""

    @property
    def passed(self) -> bool:
        """Every hop passed; from one side: every hop this side can see passed, and the others
        are the partner's to prove (so `passed` never claims a hop of theirs)."""
        if not (self.started and self.hops and self.cleanup_ok):
            return False
        if self.side is None:
            return all(h.status is HopStatus.PASSED for h in self.hops)
        return all(
            h.status is HopStatus.PASSED
            or (h.status is HopStatus.NOT_SEEN and bool(h.partner) and not h.waited)
            for h in self.hops
        )

    @property
    def proven_here(self) -> list[str]:
        """The hops this run saw pass."""
        return [h.name for h in self.hops if h.status is HopStatus.PASSED]

    @property
    def needs_partner(self) -> list[str]:
        """A run from one side: the hops whose proof is the partner's result."""
        return [h.name for h in self.hops if h.status is HopStatus.NOT_SEEN and h.partner]

    @property
    def waited_in_vain(self) -> list[str]:
        """A run from one side: the hops this side could see, had the partner's run done its
        part in time."""
        return [h.name for h in self.hops if h.status is HopStatus.NOT_SEEN and not h.partner]

    @property
    def summary(self) -> str:
        """What the run proved, in one paragraph; from one side, which hops need the partner's
        result."""
        passed = len(self.proven_here)
        failed = [h.name for h in self.failed_hops]
        if self.side is None:
            text = f"{passed} of {len(self.hops)} hops passed."
            return text + (f" Failed: {', '.join(failed)}." if failed else "")
        mine = self.customer if self.side is Side.CUSTOMER else self.supplier
        parts = [
            f"The test from {mine}'s side: {passed} of {len(self.hops)} hops proven here"
            + (f" ({', '.join(self.proven_here)})" if passed else "")
            + "."
        ]
        if self.needs_partner:
            parts.append(
                f"{len(self.needs_partner)} need {self.partner}'s result, from the test their "
                f"admin runs on their side ({', '.join(self.needs_partner)})."
            )
        if self.waited_in_vain:
            longest = max(h.waited for h in self.hops)
            parts.append(
                f"Not seen after waiting {longest:.0f} s for {self.partner}'s run: "
                f"{', '.join(self.waited_in_vain)}."
            )
        if failed:
            parts.append(f"Failed: {', '.join(failed)}.")
        return " ".join(parts)

    @property
    def cleanup_ok(self) -> bool:
        return all(step.ok for step in self.cleanup)

    @property
    def failed_hops(self) -> list[Hop]:
        return [h for h in self.hops if h.status is HopStatus.FAILED]

    def to_dict(self) -> dict[str, Any]:
        """The form kept in plan.e2e (no secrets; no key looks like one). A run from one side
        adds whose run it was and which hops need the partner's result."""
        data = {
            "format": RESULT_FORMAT,
            "tag": self.tag,
            "customer": self.customer,
            "supplier": self.supplier,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "started": self.started,
            "passed": self.passed,
            "total_ms": round(self.total_ms, 1),
            "hops": [h.to_dict() for h in self.hops],
            "cleanup": {"ok": self.cleanup_ok, "steps": [s.to_dict() for s in self.cleanup]},
            "records": dict(self.records),
        }
        if self.side is not None:
            data.update(
                {
                    "side": self.side.value,
                    "partner": self.partner,
                    "proven_here": self.proven_here,
                    "needs_partner": self.needs_partner,
                    "not_seen": self.waited_in_vain,
                    "summary": self.summary,
                }
            )
        return data


@dataclass(frozen=True, slots=True)
class E2EPreview:
    """What the run will create and do, shown before anything is written."""

    tag: str
    customer: str
    supplier: str
    lines: tuple[str, ...]
    side: Side | None = None
    """A run from one side: the side this admin manages (the lines name only its writes)."""
    partner: str = ""


@dataclass(frozen=True, slots=True)
class E2ESettings:
    """How long to wait for an update to show up on the other instance."""

    arrival_timeout: float = 20.0
    poll_interval: float = 0.5
    settle: float = 0.5
    """After an update arrived, wait this long before looking for copies bouncing back."""
    unsent_grace: float = 3.0
    """Stop waiting after this long when the sent action does not record the other instance's
    URL (seed 001: a synced action carries it; without it, it has not synced)."""
    partner_wait: float = 180.0
    """A run from one side: how long to wait for the partner's run at each of its steps (their
    ticket arriving, their note, their e-mail, their closing). Both admins start their run at
    about the same time (on the phone, say); three minutes leaves room for that."""
    partner_poll: float = 3.0
    """A run from one side: seconds between looks while it waits for the partner's run (a long
    wait polled fast would spend the instance's request budget, 700 per 5 minutes on 2026
    tenants, for nothing)."""


ConfirmStart = Callable[[E2EPreview], bool | Awaitable[bool]]


# ---- Settings the test made on its own notes ----------------------------------------------------

NOT_DEFAULT_YET = "not the action's default yet"
"""Marks a hop whose action the test had to set 'Send to Connected Halo Instance' on."""
SET_DEFAULTS = (
    "halo_wizard sets these defaults itself now that the test has shown Halo's numbering: "
    "Action check > Create the recommended actions, or `halo-wizard apply --recommended`."
)


def in_halo_footer(texts: list[str]) -> str:
    """A line after the hops' settings in Halo, when halo_wizard can now set some itself."""
    return SET_DEFAULTS if any(NOT_DEFAULT_YET in t for t in texts) else ""


# ---- The result for a terminal (`halo-wizard test`) ----------------------------------------------


MARKS = {
    HopStatus.PASSED: "PASS",
    HopStatus.FAILED: "FAIL",
    HopStatus.SKIPPED: "SKIP",
    HopStatus.NOT_SEEN: "NOT SEEN",
}


def format_result(result: E2EResult) -> list[str]:
    """The result in lines an admin reads in a terminal."""
    lines = [f"End-to-end test {result.tag}: {result.customer} → {result.supplier}"]
    if result.side is not None:
        mine = result.customer if result.side is Side.CUSTOMER else result.supplier
        lines[0] += f", run from {mine}'s side"
    for hop in result.hops:
        mark = MARKS[hop.status]
        timed = hop.status is HopStatus.PASSED or hop.status is HopStatus.FAILED
        timing = f" ({hop.ms:.0f} ms)" if timed else ""
        lines.append(f"  {mark}  {hop.name}{timing}" + (f": {hop.detail}" if hop.detail else ""))
        if hop.error:
            lines.append(f"        error: {hop.error}")
        if hop.in_halo:
            lines.append(f"        in Halo: {hop.in_halo}")
        if hop.explanation is not None:
            lines.append(f"        Halo's guide: {hop.explanation.row}")
            lines.append(f"        why: {hop.explanation.meaning}")
            lines.append(f"        fix: {hop.explanation.fix}")
    footer = in_halo_footer([h.in_halo for h in result.hops])
    if footer:
        lines.append(f"  {footer}")
    for step in result.cleanup:
        lines.append(f"  {'cleaned' if step.ok else 'LEFT'}: {step.text}")
    passed = sum(h.status is HopStatus.PASSED for h in result.hops)
    if result.side is not None:
        lines.append(f"  {result.summary}")
        verdict = "PASSED on this side" if result.passed else "NOT PROVEN on this side"
        if result.failed_hops or not result.cleanup_ok:
            verdict = "FAILED"
        lines.append(
            f"Result: {verdict} ({passed} of {len(result.hops)} hops proven here) in "
            f"{result.total_ms:.0f} ms"
        )
        return lines
    verdict = "PASSED" if result.passed else "FAILED"
    lines.append(
        f"Result: {verdict} ({passed} of {len(result.hops)} hops) in {result.total_ms:.0f} ms"
    )
    return lines


def proven_together(*results: E2EResult) -> list[str]:
    """The hops the runs of both sides proved between them (each proves what it can see), in
    the order of the worked example."""
    names: list[str] = []
    for result in results:
        names += [h.name for h in result.hops if h.name not in names]
    return [n for n in names if any(n in r.proven_here for r in results)]
