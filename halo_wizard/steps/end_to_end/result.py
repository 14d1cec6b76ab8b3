"""The end-to-end test's result: each hop with its timing and explanation, the cleanup, the preview
shown before anything is written, and the result in lines for a terminal."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from halo_wizard.plan.model import utc_now_iso

# The removal of one test record is the leftovers module's; results hold it under this name.
from halo_wizard.steps.leftovers import CleanupStep as CleanupStep

RESULT_FORMAT = "halo-wizard-e2e/1"


class HopStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


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
        return {
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

    @property
    def passed(self) -> bool:
        return (
            self.started
            and bool(self.hops)
            and all(h.status is HopStatus.PASSED for h in self.hops)
            and self.cleanup_ok
        )

    @property
    def cleanup_ok(self) -> bool:
        return all(step.ok for step in self.cleanup)

    @property
    def failed_hops(self) -> list[Hop]:
        return [h for h in self.hops if h.status is HopStatus.FAILED]

    def to_dict(self) -> dict[str, Any]:
        """The form kept in plan.e2e (no secrets; no key looks like one)."""
        return {
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


@dataclass(frozen=True, slots=True)
class E2EPreview:
    """What the run will create and do, shown before anything is written."""

    tag: str
    customer: str
    supplier: str
    lines: tuple[str, ...]


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


def format_result(result: E2EResult) -> list[str]:
    """The result in lines an admin reads in a terminal."""
    lines = [f"End-to-end test {result.tag}: {result.customer} → {result.supplier}"]
    for hop in result.hops:
        mark = {"passed": "PASS", "failed": "FAIL", "skipped": "SKIP"}[hop.status.value]
        timing = f" ({hop.ms:.0f} ms)" if hop.status is not HopStatus.SKIPPED else ""
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
    verdict = "PASSED" if result.passed else "FAILED"
    lines.append(
        f"Result: {verdict} ({passed} of {len(result.hops)} hops) in {result.total_ms:.0f} ms"
    )
    return lines
