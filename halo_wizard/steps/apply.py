"""Write a list of Changes: creates batched per entity, stopping cleanly at the first failure."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from halo_wizard.api.errors import HaloError
from halo_wizard.steps.changes import Change
from halo_wizard.steps.session import Progress, Session, no_progress

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ApplyReport:
    """What was written and what was not (so applying again finishes the rest)."""

    written: list[Change] = field(default_factory=list)
    not_written: list[Change] = field(default_factory=list)
    error: HaloError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.not_written


async def apply_changes(
    session: Session,
    changes: list[Change],
    progress: Progress = no_progress,
    *,
    batch_size: int = 50,
) -> ApplyReport:
    report = ApplyReport()
    total = len(changes)
    index = 0
    while index < total:
        head = changes[index]
        batch = [head]
        if head.operation == "create":
            while (
                index + len(batch) < total
                and len(batch) < batch_size
                and _same_batch(head, changes[index + len(batch)])
            ):
                batch.append(changes[index + len(batch)])
        client = session.client(head.side)
        try:
            saved = await client.save_many(
                head.entity, [c.payload for c in batch], key=head.key, batch_size=batch_size
            )
        except HaloError as exc:
            log.warning("apply stopped at %r: %s", head.summary, exc.message)
            report.error = exc
            report.not_written = changes[index:]
            return report
        finally:
            session.forget(head.side, head.entity)
        reader = session.reader(head.side)
        for change, record in zip(batch, saved, strict=False):
            record = reader.note_answer(head.entity, record)
            change.answer = record
            if change.record_id is None and isinstance(record.get("id"), int):
                change.record_id = record["id"]
            log.info("%s", change.summary)
        report.written.extend(batch)
        index += len(batch)
        progress(
            index, total, head.summary if len(batch) == 1 else f"{head.summary} (+{len(batch) - 1})"
        )
    return report


def _same_batch(a: Change, b: Change) -> bool:
    return (
        b.operation == "create"
        and a.side == b.side
        and a.entity == b.entity
        and a.step == b.step
        and (a.key.fields if a.key else None) == (b.key.fields if b.key else None)
    )
