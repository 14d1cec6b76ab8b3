"""The overview of every connection as a one-page PDF (landscape A4): a title with the date and
the plan folder, then one table row per connection, its text shrunk until the table fits the
page (50 connections fit; a longer list continues on more pages, header repeated)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Final

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPaintDevice, QPainter, QPen

from halo_wizard.plan.model import ConnectionKind
from halo_wizard.plan.overview import (
    NextKind,
    OverviewRow,
    authentication_words,
    drift_words,
    e2e_words,
    local_time,
    report_words,
)
from halo_wizard.report.layout import (
    ACCENT,
    BORDER,
    DPI,
    MM,
    MUTED,
    PX,
    STATUS_COLORS,
    TEXT,
    WARNING,
    Chunk,
    Column,
    Face,
    Faces,
    Grid,
    Lines,
    fit_widths,
)
from halo_wizard.report.pdf import TablePainter, pdf_writer, write_atomically

log = logging.getLogger(__name__)

TITLE: Final = "Connections overview"
MARGIN: Final = 9 * MM
FOOTER: Final = 6 * MM
PAD: Final = 1.5 * PX
"""Cell padding: less than the report's, so fifty rows fit one page."""
HEADERS: Final = (
    "Connection",
    "Kind",
    "Customer (sends)",
    "Supplier (receives)",
    "Customer → supplier",
    "Supplier → customer",
    "Last drift check",
    "End-to-end test",
    "Report",
    "Next",
)
WIDTHS: Final = (16, 6, 10, 8, 8, 8, 13, 9, 5, 17)
"""Column shares in percent, before fit_widths makes room for each header's longest word."""
CANDIDATES: Final = (
    (8.0, False),
    (7.5, False),
    (7.0, False),
    (6.5, False),
    (6.5, True),
    (6.0, True),
    (5.5, True),
    (5.0, True),
)
"""(table text size in points, long cells cut short instead of wrapped), tried in this order
until the table fits one page: a cut cell at 6.5 points reads better than a wrapped one at 6
(the CSV has every cell whole)."""
PAGED_SIZE: Final = 7.0
"""The size of a table too long for one page even at the smallest size (it continues)."""
_PROBLEM: Final = STATUS_COLORS["fail"]
_GOOD: Final = STATUS_COLORS["pass"]


def _when(text: str | None) -> str:
    return local_time(text)[:10]


def _with_date(words: str, when: str | None) -> str:
    day = _when(when)
    return f"{words} · {day}" if day else words


def cells(row: OverviewRow) -> tuple[str, ...]:
    """The row's cells in the words of HEADERS (dates only: the CSV has the times)."""
    if not row.ok:
        return (row.name, "", "", "", "", "", "", "", "", f"{row.next.text}")
    first, second = row.authentication
    shared = row.kind is ConnectionKind.CONNECTED_INSTANCES
    kind = "Shared list" if shared else row.kind_words
    return (
        row.name,
        kind.replace("Ticket sync, two organisations", "Sync, two orgs"),
        row.customer,
        row.supplier,
        _with_date(authentication_words(first), first.at),
        _with_date(authentication_words(second), second.at),
        _with_date(drift_words(row.drift), row.drift.last.checked_at if row.drift.last else None),
        _with_date(e2e_words(row.e2e), row.e2e.state.ran_at if row.e2e and row.e2e.ran else None),
        report_words(row.report).removeprefix("made, "),
        row.next.text,
    )


def _style(faces: Faces, column: Column, text: str) -> tuple[Face, str]:
    """A cell that says something is wrong in bold red, stale or missing in amber, fine in
    green."""
    head = text.split(" · ")[0]
    if head in ("no", "failed", "could not check") or head.startswith("drifted"):
        return faces.bold, _PROBLEM
    if head == "test records left" or "stale" in head:
        return faces.bold, WARNING
    if head in ("never run", "not made"):
        return column.face, WARNING
    if head in ("yes", "passed", "no drift", "current"):
        return column.face, _GOOD
    return column.face, column.color


class _OverviewGrid(Grid):
    """The table, its cells styled by what they say."""

    def cell_face(self, column: Column, text: str) -> tuple[Face, str]:
        return _style(self.faces, column, text)


def _grid(
    faces: Faces, width: float, rows: Sequence[tuple[str, ...]], *, elide: bool = False
) -> Grid:
    """The table at the size of `faces`; with `elide`, a cell too long for its column is cut
    with "…" (one line a row) instead of wrapped."""
    pad = PAD
    needed = tuple(
        100 * (max(faces.bold.width(w) for w in h.split()) + 2 * pad + 2 * BORDER) / width * 1.04
        for h in HEADERS
    )
    columns: list[Column] = []
    x = 0.0
    for share in fit_widths(HEADERS, WIDTHS, needed):
        columns.append(Column(x, width * share / 100, faces.body, TEXT))
        x += width * share / 100
    if elide:
        rows = [
            tuple(
                _style(faces, column, text)[0].elide(text, column.width - 2 * pad)
                for text, column in zip(row, columns, strict=True)
            )
            for row in rows
        ]
    grid = _OverviewGrid(faces, columns, rows, headers=HEADERS, status_words=False, pad=pad)
    for index in range(len(rows)):
        grid.measure(index)
    return grid


def _table_height(grid: Grid) -> float:
    return grid.header_height + sum(grid.height_of(i) for i in range(len(grid.rows)))


def _fitting(device: QPaintDevice, width: float, room: float, rows: list[tuple[str, ...]]) -> Grid:
    """The table at the first of CANDIDATES that fits `room`; else, too many rows for one page,
    at PAGED_SIZE, wrapped, on as many pages as it takes."""
    faces: dict[float, Faces] = {}
    for points, elide in CANDIDATES:
        size = faces.setdefault(points, Faces(device, points))
        grid = _grid(size, width, rows, elide=elide)
        if _table_height(grid) <= room:
            return grid
    return _grid(Faces(device, PAGED_SIZE), width, rows)


def _pages(grid: Grid, first_room: float, room: float) -> list[Chunk]:
    """The table's rows split into pages (most often one)."""
    chunks: list[Chunk] = []
    start, y, limit = 0, grid.header_height, first_room
    for index in range(len(grid.rows)):
        height = grid.height_of(index)
        if y + height > limit + 0.01 and index > start:
            chunks.append(Chunk(grid, start, index, continued=bool(chunks)))
            start, y, limit = index, grid.header_height, room
        y += height
    chunks.append(Chunk(grid, start, len(grid.rows), continued=bool(chunks)))
    return chunks


def summary_line(rows: Sequence[OverviewRow]) -> str:
    """E.g. "12 connections: 3 need attention (1 drifted, 2 not authenticating), 9 fine."."""
    if not rows:
        return "No plans in this folder."
    kinds = Counter(row.next.kind for row in rows)
    words = {
        NextKind.FIX_FILE: "cannot be opened",
        NextKind.PARTNER: "wait for the partner",
        NextKind.FINISH_SETUP: "set-up not finished",
        NextKind.AUTHENTICATE: "not authenticating",
        NextKind.FIX_DRIFT: "drifted",
        NextKind.CHECK_AGAIN: "to check again",
        NextKind.RUN_TEST: "end-to-end test to run",
        NextKind.EXPORT_REPORT: "report to export",
        NextKind.CHECK_DRIFT: "never or not recently checked",
    }
    parts = [f"{kinds[kind]} {text}" for kind, text in words.items() if kinds[kind]]
    fine = kinds[NextKind.NOTHING]
    total = f"{len(rows)} connection" + ("s" if len(rows) != 1 else "")
    return f"{total}: " + "; ".join([*parts, f"{fine} with nothing to do"]) + "."


def write_overview_pdf(
    rows: Sequence[OverviewRow],
    path: Path,
    *,
    folder: Path,
    generated: datetime | None = None,
) -> int:
    """The overview as a landscape A4 PDF at `path` (atomically); returns the page count.
    Needs a Qt application (report.build.ensure_gui_application)."""
    moment = (generated or datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M")

    def write(tmp: Path) -> int:
        writer = pdf_writer(tmp, TITLE, "A4", landscape=True)
        full = writer.pageLayout().fullRectPixels(DPI)
        width = full.width() - 2 * MARGIN
        height = full.height() - 2 * MARGIN - FOOTER
        faces = Faces(writer)
        heading = [
            Lines(faces.h1, ACCENT, [TITLE], 0.0, 0.0),
            Lines(
                faces.body,
                TEXT,
                faces.body.wrap(
                    f"Generated {moment} (this computer's time) from the plans in {folder}. "
                    + summary_line(rows),
                    width,
                ),
                0.0,
                faces.h1.line + 2 * PX,
            ),
        ]
        top = heading[-1].y + heading[-1].height + 6 * PX
        grid = _fitting(writer, width, height - top, [cells(row) for row in rows])
        chunks = _pages(grid, height - top, height)
        painter = QPainter()
        if not painter.begin(writer):
            raise OSError(f"{tmp.parent} could not be written to: the PDF was not made")
        try:
            drawer = TablePainter(painter, faces)
            for number, chunk in enumerate(chunks):
                if number:
                    writer.newPage()
                painter.save()
                painter.translate(MARGIN, MARGIN)
                if number == 0:
                    for lines in heading:
                        drawer.lines(lines)
                    chunk.y = top
                drawer.faces = grid.faces
                drawer.forget()
                drawer.chunk(chunk)
                drawer.faces = faces
                drawer.forget()
                painter.restore()
                _footer(painter, faces.chrome, full.width(), full.height(), number, len(chunks))
        finally:
            painter.end()
        return len(chunks)

    pages = write_atomically(path, write)
    log.info("overview of %d connection(s) written to %s (%d page)", len(rows), path, pages)
    return pages


def _footer(
    painter: QPainter, face: Face, width: float, height: float, page: int, pages: int
) -> None:
    """A rule, then the title and "Page X of Y" at the foot of the page."""
    rule_y = height - MARGIN - FOOTER + 1.5 * MM
    baseline = rule_y + 1.5 * MM + face.ascent
    painter.setPen(QPen(QColor("#c9d3da"), 3))
    painter.drawLine(QPointF(MARGIN, rule_y), QPointF(width - MARGIN, rule_y))
    painter.setFont(face.font)
    painter.setPen(QColor(MUTED))
    painter.drawText(QPointF(MARGIN, baseline), f"halo_wizard · {TITLE}")
    number = f"Page {page + 1} of {pages}"
    painter.drawText(QPointF(width - MARGIN - face.width(number), baseline), number)
